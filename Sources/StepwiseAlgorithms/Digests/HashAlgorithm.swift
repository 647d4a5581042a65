/// The digests `States.Hash` and JSONata's `$hash` offer, named exactly as AWS spells them
/// (case matters).
public enum HashAlgorithm: String, CaseIterable, Sendable {
    case md5 = "MD5"
    case sha1 = "SHA-1"
    case sha256 = "SHA-256"
    case sha384 = "SHA-384"
    case sha512 = "SHA-512"

    /// The digest as lowercase hexadecimal, the form both functions return.
    public func hexDigest(_ message: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest(message) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public func digest(_ message: [UInt8]) -> [UInt8] {
        switch self {
        case .md5: return MD5.digest(message)
        case .sha1: return SHA1.digest(message)
        case .sha256: return SHA256.digest(message)
        case .sha384: return SHA512.digest(message, variant: .sha384)
        case .sha512: return SHA512.digest(message, variant: .sha512)
        }
    }

    /// Merkle–Damgård padding: `0x80`, zeros, then the bit length in `lengthBytes` bytes,
    /// big- or little-endian, up to a multiple of `blockSize`.
    static func padded(_ message: [UInt8], blockSize: Int, lengthBytes: Int, bigEndian: Bool) -> [UInt8] {
        var data = message
        let bitLength = UInt64(message.count) &* 8
        data.append(0x80)
        while (data.count + lengthBytes) % blockSize != 0 { data.append(0) }
        var length = [UInt8](repeating: 0, count: lengthBytes)
        for i in 0..<8 {
            let byte = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))
            length[bigEndian ? lengthBytes - 1 - i : i] = byte
        }
        return data + length
    }
}

/// Word helpers shared by the 32-bit digests.
enum DigestBits {
    static func rotateLeft(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
    static func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    static func bigEndianWord(_ data: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(data[offset + $1]) }
    }

    static func bigEndianBytes(_ word: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) }
    }
}
