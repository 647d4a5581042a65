import Foundation

/// The parts of an HTTP request that SigV4 covers.
public struct SigningRequest: Sendable, Hashable {
    public var method: String
    /// The path exactly as it goes on the wire (percent-encoded, e.g. `/my%20key`).
    public var path: String
    /// The query string as it goes on the wire, without the `?`; empty when there is none.
    public var query: String
    /// Must contain `Host`. Repeated names are allowed and kept in order.
    public var headers: [HTTPHeader]
    public var payload: Payload

    public init(method: String, path: String, query: String = "", headers: [HTTPHeader], payload: Payload = .empty) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }

    /// Takes path and query from `url` and adds a `Host` header (with the port when it is not the
    /// scheme's default) unless `headers` already has one.
    public init(method: String, url: URL, headers: [HTTPHeader] = [], payload: Payload = .empty) throws(SigV4Error) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
              let host = SigningRequest.hostHeaderValue(for: components) else {
            throw .urlWithoutHost(url.absoluteString)
        }
        var allHeaders = headers
        if allHeaders.first(named: "host") == nil {
            allHeaders.insert(HTTPHeader("Host", host), at: 0)
        }
        self.init(
            method: method,
            path: components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath,
            query: components.percentEncodedQuery ?? "",
            headers: allHeaders,
            payload: payload
        )
    }

    /// `host` or `host:port`; the port is left out when it is the default for the scheme,
    /// because that is what HTTP clients send and what the server will verify against.
    public static func hostHeaderValue(for url: URL) -> String? {
        URLComponents(url: url, resolvingAgainstBaseURL: true).flatMap(hostHeaderValue(for:))
    }

    private static func hostHeaderValue(for components: URLComponents) -> String? {
        guard var host = components.host, !host.isEmpty else { return nil }
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        guard let port = components.port else { return host }
        let defaultPort: Int? = switch components.scheme?.lowercased() {
        case "http": 80
        case "https": 443
        default: nil
        }
        return port == defaultPort ? host : "\(host):\(port)"
    }
}
