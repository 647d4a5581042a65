import Glibc

/// libedit's readline layer turns each value `getc` returns into one wide character, so the
/// shell's `getc` decodes UTF-8 itself and the locale must be a UTF-8 one for libedit to turn
/// the wide characters back into the line's bytes.
enum UnicodeInput {
    static func enable() {
        _ = setlocale(LC_CTYPE, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// The next Unicode scalar from `fd` (EOF at end of input, U+FFFD for malformed bytes).
    static func readScalar(from fd: Int32) -> Int32 {
        guard let first = readByte(fd) else { return EOF }
        let length: Int
        switch first {
        case 0x00..<0x80: return Int32(first)
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return 0xFFFD
        }
        var bytes = [first]
        for _ in 1..<length {
            guard let next = readByte(fd), next & 0xC0 == 0x80 else { return 0xFFFD }
            bytes.append(next)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.unicodeScalars.first.map { Int32(bitPattern: $0.value) } ?? 0xFFFD
    }

    private static func readByte(_ fd: Int32) -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            return count == 1 ? byte : nil
        }
    }
}
