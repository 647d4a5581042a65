import Foundation

/// The outcome of header signing, with the intermediate texts for tests and debugging.
public struct HeaderSignature: Sendable, Hashable {
    /// `X-Amz-Date`, optionally `X-Amz-Security-Token` and `x-amz-content-sha256`, and
    /// `Authorization`.
    public var headersToAdd: [HTTPHeader]
    public var canonicalRequest: String
    public var stringToSign: String
    /// Lower-case hex HMAC.
    public var signature: String
    /// `host;x-amz-date;…`
    public var signedHeaders: String

    public var authorization: String { headersToAdd.first(named: "Authorization") ?? "" }

    /// `headers` without any of the names being added, followed by the added headers.
    public func apply(to headers: [HTTPHeader]) -> [HTTPHeader] {
        let names = Set(headersToAdd.map { $0.name.lowercased() })
        return headers.filter { !names.contains($0.name.lowercased()) } + headersToAdd
    }
}

/// The outcome of query signing.
public struct PresignedRequest: Sendable, Hashable {
    /// The complete query string to send (the original parameters, canonically encoded, then
    /// the `X-Amz-*` authentication parameters ending with `X-Amz-Signature`).
    public var query: String
    public var canonicalRequest: String
    public var stringToSign: String
    public var signature: String

    /// Seven days, the longest validity SigV4 allows.
    public static let maximumExpiration = 604_800

    static let authParameterNames: Set<String> = [
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Security-Token", "X-Amz-Signature",
    ]

    /// `url` with its query replaced by the signed one.
    public func url(from url: URL) -> URL? {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return nil }
        components.percentEncodedQuery = query
        return components.url
    }
}
