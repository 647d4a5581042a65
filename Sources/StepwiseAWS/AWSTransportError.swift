import Foundation

/// An AWS endpoint could not be reached or gave no usable HTTP response (connection refused or
/// reset, timeout, an oversized or malformed response). Errors the service itself reports are
/// `StepFunctionsError` / `S3Error` instead.
public struct AWSTransportError: Error, Sendable, CustomStringConvertible {
    public var endpoint: URL
    /// Attempts made before giving up.
    public var attempts: Int
    /// What the HTTP stack reported on the last attempt.
    public var reason: String

    public init(endpoint: URL, attempts: Int, reason: String) {
        self.endpoint = endpoint
        self.attempts = attempts
        self.reason = reason
    }

    init(endpoint: URL, attempts: Int, underlying: any Error) {
        self.init(endpoint: endpoint, attempts: attempts, reason: String(describing: underlying))
    }

    public var description: String {
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        return "request to \(endpoint.absoluteString) failed\(tries): \(reason)"
    }
}
