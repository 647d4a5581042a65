import AWSConfig
import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import StepFunctions
import StepwiseJSON

/// Sends the Task integrations no handler serves to real endpoints — moto's server, LocalStack or
/// AWS — SigV4-signed, as Step Functions Local does, and gives back what Step Functions would:
/// results shaped as it shapes them (response metadata on the optimized integrations that carry
/// it) and errors named as it names them.
///
/// Forwarded: Lambda functions (`lambda:invoke` and function ARNs); DynamoDB, SQS, SNS `publish`
/// and EventBridge `putEvents` as optimized integrations; the AWS SDK form for the services on
/// the AWS JSON protocols in the catalog (DynamoDB, SQS, EventBridge, Step Functions, Secrets
/// Manager, SSM, Kinesis, CloudWatch Logs, KMS, ECS, Glue, Athena), S3 `getObject`/`putObject`
/// and SNS `publish`. `.waitForTaskToken` forms make the same call (the engine waits for the
/// token); `.sync` forms are refused, since following a job on a remote service is not done.
public final class IntegrationForwarder: TaskForwarding {
    public struct Options: Sendable {
        public var retry: RetryPolicy
        /// How long one attempt may take. A Lambda function may run 15 minutes; a Task's
        /// TimeoutSeconds ends the call sooner.
        public var requestTimeout: Duration

        public init(retry: RetryPolicy = .standard, requestTimeout: Duration = .seconds(910)) {
            self.retry = retry
            self.requestTimeout = requestTimeout
        }
    }

    /// Larger answers are refused rather than buffered: far above what a task result may hold
    /// (256 KiB), so only a runaway peer or a large S3 object meets it.
    static let maxResponseBytes = 64 << 20

    public let endpoints: IntegrationEndpoints
    public let options: Options
    let logger: Logger
    let httpClient: HTTPClient

    /// - Parameter httpClient: the client calls go through, never shut down by the forwarder: an
    ///   engine holds its forwarder for as long as it lives and has no moment to close one. By
    ///   default the process-wide client.
    public init(
        endpoints: IntegrationEndpoints, options: Options = Options(), httpClient: HTTPClient = AWSHTTPClients.shared,
        logger: Logger = Logger(label: "stepwise.aws.integrations")
    ) {
        self.endpoints = endpoints
        self.options = options
        self.logger = logger
        self.httpClient = httpClient
    }

    /// A forwarder for an `--integrations` value (see `IntegrationEndpoints.parse`).
    public convenience init(
        spec: String, environment: AWSConfigEnvironment = .process, options: Options = Options(), httpClient: HTTPClient = AWSHTTPClients.shared,
        logger: Logger = Logger(label: "stepwise.aws.integrations")
    ) throws(IntegrationSpecError) {
        self.init(endpoints: try IntegrationEndpoints.parse(spec, environment: environment), options: options, httpClient: httpClient, logger: logger)
    }

    public func forwards(_ resource: TaskResource) -> Bool {
        switch resource {
        case .lambdaFunction:
            return endpoints.covers(.lambda)
        case .integration(let integration):
            // Nested executions are the engine's own; http:invoke calls no AWS service.
            if !integration.isSDK, integration.service == "states" || integration.service == "http" { return false }
            if let service = IntegrationService.named(in: integration) { return endpoints.covers(service.aws) }
            // Claimed with an endpoint for every service, so that the task fails saying why.
            return endpoints.coversEveryService
        case .activity, .other:
            return false
        }
    }

    public func forward(_ request: TaskRequest) async throws -> JSONValue {
        switch request.resource {
        case .lambdaFunction(let function):
            let call = ServiceCall(
                service: Self.lambda, naming: .optimized(Self.lambda.optimized!),
                region: function.region.isEmpty ? endpoints.region ?? request.region : function.region, request: request)
            return try await perform(call) { try await self.invokeFunction(function, call) }
        case .integration(let integration):
            let call = try route(integration, request)
            return try await perform(call) { try await self.dispatch(integration, call) }
        case .activity, .other:
            throw TaskFailure.notForwarded("\(request.resource) is not an integration")
        }
    }

    // MARK: - Routing

    /// One forwarded call: the service, how its errors are named, the region it is made in.
    struct ServiceCall: Sendable {
        var service: IntegrationService
        var naming: IntegrationErrorNaming
        var region: String
        var request: TaskRequest

        var parameters: JSONObject { request.parameters.objectValue ?? [:] }

        /// Whether the result carries `SdkHttpMetadata`/`SdkResponseMetadata`.
        var carriesResponseMetadata: Bool {
            if case .optimized(let optimized) = naming { return optimized.carriesResponseMetadata }
            return false
        }
    }

    static let lambda = IntegrationService.all.first { $0.aws == .lambda }!

    private func route(_ integration: TaskResource.Integration, _ request: TaskRequest) throws -> ServiceCall {
        let resource = (integration.isSDK ? "aws-sdk:" : "") + integration.service + ":" + integration.action + integration.pattern.rawValue
        if integration.pattern == .sync || integration.pattern == .sync2 {
            throw TaskFailure.notForwarded(
                "\(resource) is not forwarded: Stepwise does not follow a \(integration.pattern.rawValue) job on a remote service; "
                    + "serve it with a handler, or call the request-response form and poll in the state machine")
        }
        guard let service = IntegrationService.named(in: integration) else {
            throw TaskFailure.notForwarded(
                "\(resource) is not forwarded: Stepwise calls \(IntegrationService.all.map(\.sdkName).joined(separator: ", ")); "
                    + "serve it with a handler instead")
        }
        let naming: IntegrationErrorNaming
        if integration.isSDK {
            naming = .sdk(prefix: service.sdkErrorPrefix)
        } else if let optimized = service.optimized, optimized.resourceName == integration.service {
            naming = .optimized(optimized)
        } else {
            throw TaskFailure.notForwarded(
                "\(resource) is not forwarded: Stepwise forwards the optimized integrations of Lambda, DynamoDB, SQS, SNS and "
                    + "EventBridge; use the AWS SDK form arn:aws:states:::aws-sdk:\(service.sdkName):\(integration.action) or a handler")
        }
        return ServiceCall(service: service, naming: naming, region: integration.region ?? endpoints.region ?? request.region, request: request)
    }

    private func dispatch(_ integration: TaskResource.Integration, _ call: ServiceCall) async throws -> JSONValue {
        let action = integration.action
        func unsupported(_ forms: String) -> TaskFailure {
            .notForwarded("\(integration.key) is not forwarded: of \(call.service.sdkName), Stepwise forwards \(forms)")
        }
        switch call.service.wire {
        case .awsJSON(let dialect):
            if case .optimized = call.naming, call.service.aws == .eventBridge, action == "putEvents" {
                return try await putEvents(call, dialect: dialect)
            }
            var parameters = call.parameters
            if call.service.aws == .sqs, action == "sendMessage", let body = parameters["MessageBody"] {
                parameters["MessageBody"] = WireMembers.text(body)
            }
            let (answer, http) = try await callJSON(call, dialect: dialect, action: action, parameters: .object(parameters))
            return shaped(answer, http: http, call: call)
        case .lambdaInvoke:
            guard action == "invoke", !integration.isSDK else { throw unsupported("lambda:invoke and Lambda function ARNs") }
            return try await invoke(call)
        case .snsQuery:
            guard action == "publish" else { throw unsupported("sns:publish and aws-sdk:sns:publish") }
            return try await publish(call)
        case .s3Objects:
            switch action {
            case "getObject": return try await getObject(call)
            case "putObject": return try await putObject(call)
            default: throw unsupported("aws-sdk:s3:getObject and aws-sdk:s3:putObject")
            }
        }
    }

    /// Runs a call, turning the service's errors and unreachable endpoints into the task
    /// failures Step Functions reports.
    private func perform(_ call: ServiceCall, _ work: () async throws -> JSONValue) async throws -> JSONValue {
        do {
            return try await work()
        } catch let fault as ServiceFault {
            throw call.naming.failure(fault)
        } catch let error as S3Error {
            throw call.naming.failure(ServiceFault(error))
        } catch let error as AWSTransportError {
            throw call.naming.unreachable(error)
        }
    }

    /// A successful answer as the task's result: with the response metadata for the optimized
    /// integrations that carry it.
    func shaped(_ answer: JSONObject, http: AWSHTTPResponse, call: ServiceCall, requestId: String? = nil) -> JSONValue {
        call.carriesResponseMetadata ? ResponseMetadata.adding(to: answer, from: http, requestId: requestId) : .object(answer)
    }

    // MARK: - Transport

    /// Signs for `call.service` in the call's region and sends to its endpoint.
    func transport(_ call: ServiceCall) throws -> SignedHTTPTransport {
        SignedHTTPTransport(
            httpClient: httpClient, endpoint: try endpoint(call),
            signer: SigV4Signer(credentials: endpoints.credentials, region: call.region, service: call.service.aws.signingName),
            retry: options.retry, maxResponseBytes: Self.maxResponseBytes, logger: logger)
    }

    func s3Client(_ call: ServiceCall) throws -> S3Client {
        S3Client(
            region: call.region, credentials: endpoints.credentials, endpoint: try endpoint(call), retry: options.retry,
            requestTimeout: options.requestTimeout, maxObjectBytes: Self.maxResponseBytes, httpClient: httpClient, logger: logger)
    }

    private func endpoint(_ call: ServiceCall) throws -> URL {
        let url: URL?
        do {
            url = try endpoints.endpoint(for: call.service.aws, region: call.region)
        } catch {
            throw TaskFailure.notForwarded("no endpoint for \(call.service.sdkName) in \(call.region): \(error)")
        }
        guard let url else { throw TaskFailure.notForwarded("no endpoint is configured for \(call.service.sdkName)") }
        return url
    }

    /// One AWS JSON protocol call: `POST /` with `X-Amz-Target`, members spelled as the wire
    /// spells them, the answer spelled as Step Functions returns it.
    func callJSON(_ call: ServiceCall, dialect: AWSJSONDialect, action: String, parameters: JSONValue) async throws -> (JSONObject, AWSHTTPResponse) {
        let operation = action.prefix(1).uppercased() + action.dropFirst()
        let request = AWSHTTPRequest(
            method: .POST, path: "/",
            headers: [
                HTTPHeader("Content-Type", "application/x-amz-json-\(dialect.version)"),
                HTTPHeader("X-Amz-Target", "\(dialect.targetPrefix).\(operation)"),
            ],
            body: Data(JSONSerializer.string(WireMembers.request(parameters, dialect: dialect)).utf8), timeout: options.requestTimeout)
        let transport = try transport(call)
        let http = try await transport.send(request, shouldRetry: \.isTransientJSONAnswer)
        guard (200..<300).contains(http.status) else { throw ServiceFault.json(http) }
        let answer: JSONValue
        do {
            answer = http.body.isEmpty ? [:] : try JSONParser.parse(Array(http.body))
        } catch {
            // A 2xx answer that is not JSON comes from something other than the service.
            throw AWSTransportError(endpoint: transport.endpoint, attempts: 1, reason: "the \(operation) answer is not JSON: \(error)")
        }
        return (WireMembers.response(answer, dialect: dialect).objectValue ?? [:], http)
    }
}
