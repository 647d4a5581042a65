/// Why a request could not be signed.
public enum SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request has no `Host` header, which SigV4 always signs.
    case missingHost
    /// A URL the request was built from has no host.
    case urlWithoutHost(String)
    /// A presigned URL must expire within one second to seven days.
    case invalidExpiration(Int)

    public var description: String {
        switch self {
        case .missingHost:
            return "cannot sign a request without a Host header: add `Host: host[:port]` or build the request from a URL"
        case .urlWithoutHost(let url):
            return "cannot sign a request for '\(url)': the URL has no host"
        case .invalidExpiration(let seconds):
            return "presigned URL expiration must be between 1 and \(PresignedRequest.maximumExpiration) seconds, got \(seconds)"
        }
    }
}
