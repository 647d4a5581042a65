import AWSSigV4
import AsyncHTTPClient
import Foundation
import NIOCore
import StepFunctions
import StepwiseAWS

/// The project's own client, `AWSStepFunctionsClient` (SigV4, JSON coding through Codable,
/// async-http-client's connection pool), shared by every worker.
struct AWSBenchClient: BenchClient {
    private let client: AWSStepFunctionsClient
    private let httpClient: HTTPClient

    /// - Parameter connections: how many requests may be in flight at once (the pool's limit
    ///   per host; its default, 8, would otherwise queue the workers beyond it).
    init(endpoint: Endpoint, region: String, connections: Int) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: nil))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        // A benchmark counts what happens: a retried call would hide an error and stretch a latency.
        client = AWSStepFunctionsClient(
            region: region, credentials: signingCredentials(), endpoint: endpoint.url, options: .init(retry: .none), httpClient: httpClient)
    }

    func session(on eventLoop: any EventLoop) async throws -> any BenchSession { AWSBenchSession(client: client) }

    func shutdown() async throws {
        try await client.shutdown()
        try await httpClient.shutdown()
    }
}

private final class AWSBenchSession: BenchSession {
    let client: AWSStepFunctionsClient
    init(client: AWSStepFunctionsClient) { self.client = client }

    func createStateMachine(name: String, definition: String) async throws -> String {
        try await client.createStateMachine(.init(name: name, definition: definition, roleArn: benchRoleArn)).stateMachineArn
    }

    func createActivity(name: String) async throws -> String {
        try await client.createActivity(.init(name: name)).activityArn
    }

    func startExecution(stateMachineArn: String, name: String, input: String) async throws -> String {
        try await client.startExecution(.init(stateMachineArn: stateMachineArn, name: name, input: input)).executionArn
    }

    func describeExecution(_ executionArn: String) async throws -> ExecutionState {
        let described = try await client.describeExecution(.init(executionArn: executionArn))
        return ExecutionState(status: described.status.rawValue, error: described.error, cause: described.cause)
    }

    func getActivityTask(activityArn: String, workerName: String) async throws -> ActivityTask? {
        let task = try await client.getActivityTask(.init(activityArn: activityArn, workerName: workerName))
        guard let token = task.taskToken else { return nil }
        return ActivityTask(token: token, input: task.input ?? "{}")
    }

    func sendTaskSuccess(taskToken: String, output: String) async throws {
        _ = try await client.sendTaskSuccess(.init(taskToken: taskToken, output: output))
    }

    /// The connections belong to the shared pool.
    func close() async {}
}
