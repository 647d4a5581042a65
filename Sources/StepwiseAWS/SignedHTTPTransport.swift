import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import StepFunctions

/// A request to an AWS endpoint before signing: the path is relative to the endpoint's own path
/// and already percent-encoded, exactly as it goes on the wire.
struct AWSHTTPRequest: Sendable {
    var method: HTTPMethod
    var path: String
    var query: String = ""
    var headers: [HTTPHeader] = []
    var body: Data = Data()
    /// Each attempt must complete within this time.
    var timeout: Duration
}

struct AWSHTTPResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    /// For the AWS JSON protocols: throttling (whatever the status) and server-side failures
    /// are worth another attempt.
    var isTransientJSONAnswer: Bool {
        if status >= 500 || status == 429 { return true }
        guard status >= 400 else { return false }
        let error = WireCoding.error(fromBody: body, httpStatus: status)
        return error.isRetryable || ThrottlingCodes.all.contains(error.code.rawValue)
    }
}

/// The error codes AWS services answer with when a caller must slow down, whatever the status.
enum ThrottlingCodes {
    static let all: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "SlowDown",
    ]
}

/// Signs and sends requests to one endpoint over a shared `HTTPClient` (keep-alive connections
/// are pooled there), retrying throttling, server errors and connection failures under a
/// `RetryPolicy`. Each attempt is signed anew so that retries carry a fresh `X-Amz-Date`.
struct SignedHTTPTransport: Sendable {
    let httpClient: HTTPClient
    var endpoint: URL
    let signer: SigV4Signer
    let retry: RetryPolicy
    /// Larger responses are refused rather than buffered without bound.
    let maxResponseBytes: Int
    let logger: Logger

    /// Sends `request`, retrying while `shouldRetry` says a response is transient. Returns the
    /// last response (a retryable one too, once attempts run out); throws `CancellationError`
    /// when the calling task is cancelled and `AWSTransportError` when the endpoint cannot be
    /// reached.
    func send(_ request: AWSHTTPRequest, shouldRetry: (AWSHTTPResponse) -> Bool) async throws -> AWSHTTPResponse {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            let outcome: Result<AWSHTTPResponse, any Error>
            do {
                outcome = .success(try await sendOnce(request))
            } catch {
                if Task.isCancelled || SignedHTTPTransport.isCancellation(error) { throw CancellationError() }
                guard SignedHTTPTransport.isRetryableConnectionError(error) else {
                    throw AWSTransportError(endpoint: endpoint, attempts: attempt, underlying: error)
                }
                outcome = .failure(error)
            }
            if case .success(let response) = outcome, !shouldRetry(response) { return response }
            guard attempt < retry.maxAttempts else {
                switch outcome {
                case .success(let response): return response
                case .failure(let error): throw AWSTransportError(endpoint: endpoint, attempts: attempt, underlying: error)
                }
            }
            let delay = retry.delay(beforeRetry: attempt, using: &generator)
            logger.debug("retrying AWS request", metadata: [
                "endpoint": "\(endpoint)", "attempt": "\(attempt)", "delay": "\(delay)", "reason": "\(SignedHTTPTransport.describe(outcome))",
            ])
            try await Task.sleep(for: delay)
            attempt += 1
        }
    }

    private func sendOnce(_ request: AWSHTTPRequest) async throws -> AWSHTTPResponse {
        let basePath = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? ""
        let path = SignedHTTPTransport.join(basePath, request.path)
        guard let host = SigningRequest.hostHeaderValue(for: endpoint), let scheme = endpoint.scheme else {
            throw AWSTransportError(endpoint: endpoint, attempts: 0, underlying: SigV4Error.urlWithoutHost(endpoint.absoluteString))
        }
        var headers = request.headers
        headers.insert(HTTPHeader("Host", host), at: 0)
        let signature = try signer.signHeaders(
            SigningRequest(method: request.method.rawValue, path: path, query: request.query, headers: headers, payload: .body(request.body)),
            date: Date()
        )

        var outgoing = HTTPClientRequest(url: "\(scheme)://\(host)\(path)\(request.query.isEmpty ? "" : "?" + request.query)")
        outgoing.method = request.method
        for header in signature.apply(to: headers) { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == .PUT || request.method == .POST {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response = try await httpClient.execute(outgoing, timeout: TimeAmount(request.timeout), logger: logger)
        let body = try await response.body.collect(upTo: maxResponseBytes)
        return AWSHTTPResponse(status: Int(response.status.code), headers: response.headers, body: Data(body.readableBytesView))
    }

    /// `/base` + `/path`, without doubling the slash between them.
    static func join(_ base: String, _ path: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmed + (path.hasPrefix("/") ? path : "/" + path)
    }

    static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? HTTPClientError) == .cancelled
    }

    /// Failures where the request most likely never reached the service, or the connection
    /// broke under it: worth another attempt. Timeouts waiting for a response are not retried
    /// (the service may have acted on the request), nor are errors in the request itself.
    static func isRetryableConnectionError(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return [.connectTimeout, .remoteConnectionClosed, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout].contains(error)
        }
        if error is SigV4Error || error is AWSTransportError || error is NIOTooManyBytesError { return false }
        // Anything else comes from the socket layer (refused, reset, unreachable).
        return true
    }

    private static func describe(_ outcome: Result<AWSHTTPResponse, any Error>) -> String {
        switch outcome {
        case .success(let response): return "HTTP \(response.status)"
        case .failure(let error): return String(describing: error)
        }
    }
}
