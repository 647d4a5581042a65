import AWSSigV4
import AsyncHTTPClient
import Foundation
import NIOCore
import StepFunctions
import Stepwise
import StepwiseAWS
import StepwiseEngine
import StepwiseJSON

/// An embedded engine whose integrations go to one endpoint (a peer, an in-process server), and
/// the calls tests make around it.
struct Forwarding {
    let endpoint: URL
    let forwarder: IntegrationForwarder
    let engine: Engine
    let stepwise: Stepwise

    static let executionArn = "arn:aws:states:us-east-1:123456789012:execution:setup:setup"

    init(endpoint: URL, retry: RetryPolicy = .standard) {
        self.endpoint = endpoint
        forwarder = IntegrationForwarder(
            endpoints: .endpoint(endpoint, credentials: PeerProcess.credentials), options: .init(retry: retry))
        engine = Engine(configuration: .init(forwarder: forwarder))
        stepwise = Stepwise(backend: .local(engine))
    }

    init(_ peer: PeerProcess) {
        self.init(endpoint: peer.endpoint)
    }

    /// Runs a machine of one Task state calling `resource` with `parameters` to its end.
    func run(_ resource: String, _ parameters: JSONValue, input: JSONValue = [:]) async throws -> ExecutionResult {
        try await run(["Type": "Task", "Resource": .string(resource), "Parameters": parameters, "End": true], input: input)
    }

    /// Runs a machine whose only state is `task`.
    func run(_ task: JSONValue, input: JSONValue = [:]) async throws -> ExecutionResult {
        let definition: JSONValue = ["StartAt": "Call", "States": ["Call": task]]
        let name = uniqueName("forwarded")
        try await stepwise.ensureStateMachine(name, definition: .json(JSONSerializer.string(definition)))
        return try await stepwise.startExecution(name, input: input, wait: true)
    }

    /// Calls `aws-sdk:SERVICE:ACTION` through the forwarder alone (setting up, checking effects).
    func sdk(_ service: String, _ action: String, _ parameters: JSONValue = [:]) async throws -> JSONValue {
        try await forwarder.forward(request("arn:aws:states:::aws-sdk:\(service):\(action)", parameters))
    }

    func request(_ resource: String, _ parameters: JSONValue) -> TaskRequest {
        TaskRequest(
            resource: TaskResource(resource), input: parameters, parameters: parameters, taskToken: "", stateName: "Call",
            executionArn: Self.executionArn, region: PeerProcess.region)
    }

    /// A form-encoded Query protocol call (SNS, IAM), for what the forwarder does not call.
    func query(_ service: String, _ parameters: [(String, String)]) async throws -> String {
        let body = parameters.map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }.joined(separator: "&")
        return try await post("/", service: service, contentType: "application/x-www-form-urlencoded", body: body)
    }

    /// A REST call with a JSON body (Lambda's CreateFunction).
    func restJSON(_ path: String, service: String, _ body: JSONValue) async throws -> String {
        try await post(path, service: service, contentType: "application/json", body: JSONSerializer.string(body))
    }

    private func post(_ path: String, service: String, contentType: String, body: String) async throws -> String {
        var request = HTTPClientRequest(url: endpoint.absoluteString + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        // moto checks no signature, only that the credential names the service.
        request.headers.add(
            name: "Authorization",
            value: "AWS4-HMAC-SHA256 Credential=testing/20250101/\(PeerProcess.region)/\(service)/aws4_request, SignedHeaders=host, Signature=0")
        request.body = .bytes(Array(body.utf8))
        let response = try await AWSHTTPClients.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard (200..<300).contains(response.status.code) else { throw PeerError("POST \(path) answered \(response.status.code): \(text)") }
        return text
    }
}
