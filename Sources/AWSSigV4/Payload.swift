import Crypto
import Foundation

/// What the `x-amz-content-sha256` / last canonical-request line says about the body.
public enum Payload: Sendable, Hashable {
    /// The body bytes; their SHA-256 is signed.
    case body(Data)
    /// A hex SHA-256 computed elsewhere (for a body streamed from disk, say).
    case precomputedHash(String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature (S3 presigned URLs).
    case unsigned

    public static let empty = Payload.body(Data())

    /// The literal that goes into the canonical request.
    public var hash: String {
        switch self {
        case .body(let data): return Hex.sha256(data)
        case .precomputedHash(let hash): return hash.lowercased()
        case .unsigned: return Payload.unsignedLiteral
        }
    }

    static let unsignedLiteral = "UNSIGNED-PAYLOAD"
}

/// Lower-case hex of digests and MACs, the spelling SigV4 uses everywhere.
enum Hex {
    static func sha256(_ data: some DataProtocol) -> String { encode(SHA256.hash(data: data)) }

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
