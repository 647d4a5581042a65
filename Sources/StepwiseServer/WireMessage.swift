import AWSSigV4
import Foundation

/// An HTTP request as the protocol layer sees it, independent of the HTTP server that read it.
public struct WireRequest: Sendable {
    public var method: String
    /// The request target as sent (path and query, still percent-encoded), which is what SigV4
    /// signs.
    public var target: String
    /// Every header in order, `Host` included.
    public var headers: [HTTPHeader]
    public var body: Data

    public init(method: String, target: String, headers: [HTTPHeader], body: Data) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The operation named by `X-Amz-Target: AWSStepFunctions.<Operation>`, if any.
    var operationName: String? {
        headers.first(named: "x-amz-target").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

public struct WireResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: Data

    public init(status: Int, headers: [HTTPHeader], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
