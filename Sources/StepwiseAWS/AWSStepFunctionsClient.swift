import AWSConfig
import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import StepFunctions

/// The Step Functions API over the network (AWS JSON 1.0: `POST /` with
/// `X-Amz-Target: AWSStepFunctions.<Operation>`, SigV4 service `states`), against AWS or any
/// endpoint that speaks the protocol (LocalStack, moto, `stepwise serve`; plain `http://` works).
///
/// Service errors are thrown as `StepFunctionsError` with AWS's code and message; an endpoint
/// that cannot be reached gives `AWSTransportError`. Throttling, 5xx answers and connection
/// failures are retried under `Options.retry`.
///
/// Requests share one `HTTPClient`, so connections are kept alive between calls. A client made
/// without an `httpClient` owns one: call `shutdown()` when done with it.
public final class AWSStepFunctionsClient: StepFunctionsTransport {
    public struct Options: Sendable {
        public var retry: RetryPolicy
        /// How long one attempt of an ordinary call may take.
        public var requestTimeout: Duration
        /// How long one `GetActivityTask` attempt may take. The service holds the request open
        /// for up to 60 s, so anything below 65 s is raised to 65 s.
        public var longPollTimeout: Duration {
            get { storedLongPollTimeout }
            set { storedLongPollTimeout = max(newValue, AWSStepFunctionsClient.minimumLongPollTimeout) }
        }
        /// How long `StartSyncExecution` may take (express executions run up to 5 minutes).
        public var syncExecutionTimeout: Duration
        private var storedLongPollTimeout: Duration

        public init(
            retry: RetryPolicy = .standard, requestTimeout: Duration = .seconds(60), longPollTimeout: Duration = .seconds(70),
            syncExecutionTimeout: Duration = .seconds(330)
        ) {
            self.retry = retry
            self.requestTimeout = requestTimeout
            self.syncExecutionTimeout = syncExecutionTimeout
            self.storedLongPollTimeout = max(longPollTimeout, AWSStepFunctionsClient.minimumLongPollTimeout)
        }
    }

    static let minimumLongPollTimeout: Duration = .seconds(65)
    static let contentType = "application/x-amz-json-1.0"
    /// Step Functions responses are small (payloads are capped at 256 KiB; history pages at
    /// 1000 events), so this bound only stops a runaway peer.
    static let maxResponseBytes = 64 << 20

    public let region: String
    public let endpoint: URL
    public let options: Options
    let transport: SignedHTTPTransport
    private let httpClient: HTTPClientHandle

    /// - Parameters:
    ///   - endpoint: nil for the region's public endpoint (`https://states.<region>.amazonaws.com`).
    ///   - httpClient: a client to share (not shut down by `shutdown()`); nil to own a new one.
    public init(
        region: String, credentials: SigningCredentials, endpoint: URL? = nil, options: Options = Options(),
        httpClient: HTTPClient? = nil, logger: Logger = Logger(label: "stepwise.aws.states")
    ) {
        let endpoint = endpoint ?? URL(string: "https://states.\(region).\(AWSPartition.forRegion(region).dnsSuffix)")!
        self.region = region
        self.endpoint = endpoint
        self.options = options
        self.httpClient = HTTPClientHandle(sharing: httpClient)
        self.transport = SignedHTTPTransport(
            httpClient: self.httpClient.client, endpoint: endpoint,
            signer: SigV4Signer(credentials: credentials, region: region, service: AWSService.stepFunctions.signingName),
            retry: options.retry, maxResponseBytes: Self.maxResponseBytes, logger: logger
        )
    }

    /// A client for resolved configuration (see `AWSConfigResolver.configuration(for:)`).
    public convenience init(
        configuration: ServiceConfiguration, options: Options = Options(), httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "stepwise.aws.states")
    ) {
        self.init(
            region: configuration.region.value, credentials: SigningCredentials(configuration.credentials),
            endpoint: configuration.endpoint.value, options: options, httpClient: httpClient, logger: logger
        )
    }

    /// Region, credentials and endpoint from `resolver` (environment and `~/.aws`), the explicit
    /// values winning.
    public convenience init(
        resolver: AWSConfigResolver, region: String? = nil, endpoint: String? = nil, options: Options = Options(),
        httpClient: HTTPClient? = nil, logger: Logger = Logger(label: "stepwise.aws.states")
    ) throws(AWSConfigError) {
        let configuration = try resolver.configuration(for: .stepFunctions, region: region, endpoint: endpoint)
        self.init(configuration: configuration, options: options, httpClient: httpClient, logger: logger)
    }

    /// Closes the client's own connections (a shared `httpClient` passed in is left alone).
    /// Calling it again does nothing; calls made after it fail.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    public func send<Input, Output>(_ operation: StepFunctionsOperation<Input, Output>, _ input: Input) async throws -> Output {
        try await call(operation.name, input)
    }

    /// One call of the protocol: encode, sign, send (with retries), then decode the answer or
    /// throw the service's error. By name, so that a test can read an answer as another type.
    func call<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, timeout: Duration? = nil, endpoint: URL? = nil
    ) async throws -> Output {
        let request = AWSHTTPRequest(
            method: .POST, path: "/",
            headers: [
                HTTPHeader("Content-Type", Self.contentType), HTTPHeader("X-Amz-Target", StepFunctionsOperations.targetPrefix + operation),
            ],
            body: try WireCoding.encode(input), timeout: timeout ?? options.requestTimeout
        )
        var transport = self.transport
        if let endpoint { transport.endpoint = endpoint }
        let response = try await transport.send(request, shouldRetry: \.isTransientJSONAnswer)
        guard (200..<300).contains(response.status) else {
            throw WireCoding.error(fromBody: response.body, httpStatus: response.status)
        }
        do {
            return try ResponseDecoding.decode(Output.self, from: response.body)
        } catch {
            throw AWSTransportError(
                endpoint: transport.endpoint, attempts: 1,
                reason: "the \(operation) response is not what the API defines: \(error)")
        }
    }

    /// `StartSyncExecution` is served by `sync-states.<region>…` on AWS; other endpoints
    /// (emulators, proxies) serve every operation themselves.
    var syncEndpoint: URL {
        let publicHost = "states.\(region).\(AWSPartition.forRegion(region).dnsSuffix)"
        guard endpoint.host == publicHost, var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else {
            return endpoint
        }
        components.host = "sync-" + publicHost
        return components.url ?? endpoint
    }
}
