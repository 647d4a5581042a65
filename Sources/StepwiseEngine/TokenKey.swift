import StepwiseAlgorithms

/// The per-execution secret that task tokens are derived from: 32 bytes from the system's
/// cryptographically secure generator, stored with the execution's record. A token is the
/// first 16 bytes of SHA-256(key ‖ serial), so knowing an execution's ARN, or other tokens,
/// tells nothing about the next one.
struct TokenKey: Sendable, Hashable {
    let bytes: [UInt8]

    static func random() -> TokenKey {
        var generator = SystemRandomNumberGenerator()
        return TokenKey(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Reads what `hex` wrote; nil for anything else.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    var hex: String { Self.hex(bytes) }

    func derive(serial: Int) -> [UInt8] {
        let counter = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(serial) >> (8 * UInt64($0))) }
        return Array(HashAlgorithm.sha256.digest(bytes + counter).prefix(16))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
