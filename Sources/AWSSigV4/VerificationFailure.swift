import Foundation

/// Why a received request's signature was not accepted. The description is written for the
/// person whose client sent the request.
public enum VerificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither an `Authorization` header nor `X-Amz-Signature` in the query.
    case missingAuthentication
    case unsupportedAlgorithm(String)
    case malformedAuthorization(String)
    /// A header the signature needs (`x-amz-date`, or one named in `SignedHeaders`) is absent.
    case missingHeader(String)
    /// A presigned URL lacks one of its `X-Amz-*` parameters.
    case missingQueryParameter(String)
    case invalidDate(String)
    /// The access key is not known to the server.
    case unknownAccessKey(String)
    /// The credential scope names another region, service or day than expected.
    case scopeMismatch(field: String, expected: String, found: String)
    /// The request was signed too far from the server's clock.
    case clockSkew(signedAt: Date, serverTime: Date, allowed: TimeInterval)
    /// A presigned URL used after its expiry.
    case expired(expiredAt: Date, serverTime: Date)
    /// `x-amz-content-sha256` does not match the body received.
    case payloadHashMismatch(declared: String, computed: String)
    /// `x-amz-content-sha256` is not a SHA-256 in lowercase hex, and the verifier does not
    /// allow the body to go unsigned.
    case payloadNotHashed(declared: String)
    /// Everything parsed but the signature differs: wrong secret key, or the request changed
    /// after signing. Carries what the server signed, to compare with the client's.
    case signatureMismatch(canonicalRequest: String, stringToSign: String)

    public var description: String {
        switch self {
        case .missingAuthentication:
            return "request is not signed: no Authorization header and no X-Amz-Signature query parameter"
        case .unsupportedAlgorithm(let algorithm):
            return "unsupported signing algorithm '\(algorithm)'; only \(SigningScope.algorithm) is accepted"
        case .malformedAuthorization(let detail):
            return "malformed SigV4 authorization: \(detail)"
        case .missingHeader(let name):
            return "request is missing the header '\(name)' required by its signature"
        case .missingQueryParameter(let name):
            return "presigned request is missing the query parameter '\(name)'"
        case .invalidDate(let value):
            return "invalid signing date '\(value)': expected yyyyMMddTHHmmssZ"
        case .unknownAccessKey(let key):
            return "the access key id '\(key)' is not known to this server"
        case .scopeMismatch(let field, let expected, let found):
            return "credential scope \(field) is '\(found)' but must be '\(expected)'"
        case .clockSkew(let signedAt, let serverTime, let allowed):
            return "signature date \(AMZDate.format(signedAt).timestamp) is more than \(Int(allowed)) s away from the server time \(AMZDate.format(serverTime).timestamp)"
        case .expired(let expiredAt, let serverTime):
            return "presigned request expired at \(AMZDate.format(expiredAt).timestamp); the server time is \(AMZDate.format(serverTime).timestamp)"
        case .payloadHashMismatch(let declared, let computed):
            return "x-amz-content-sha256 is \(declared) but the body received hashes to \(computed)"
        case .payloadNotHashed(let declared):
            return "x-amz-content-sha256 is '\(declared)'; this service signs the body itself, so it must be the body's SHA-256 in 64 lowercase hex digits"
        case .signatureMismatch(let canonicalRequest, let stringToSign):
            return """
            the request signature does not match: check the secret access key and the signing method.
            The canonical request the server computed:
            \(canonicalRequest)
            The string to sign:
            \(stringToSign)
            """
        }
    }
}
