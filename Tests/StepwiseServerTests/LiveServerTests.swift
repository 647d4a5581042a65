import Foundation
import Logging
import ServiceLifecycle
import StepFunctions
import StepwiseEngine
import StepwiseServer
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The server on a real socket: HTTP in and out, body limits, long polls and shutdown.
@Suite struct LiveServerTests {
    /// Runs a server on a free loopback port for the duration of `body`, then shuts it down
    /// gracefully and waits for it to stop.
    static func withServer(
        maximumBodyBytes: Int = 1 << 20, credentials: CredentialPolicy = .acceptAny, engine: Engine = Engine(),
        _ body: @Sendable (URL, ServiceGroup) async throws -> Void
    ) async throws {
        let (addresses, continuation) = AsyncStream.makeStream(of: ListeningAddress.self)
        var logger = Logger(label: "stepwise.serve.test")
        logger.logLevel = .warning
        let server = StepwiseServer(
            backend: engine, configuration: ServerConfiguration(port: 0, maximumBodyBytes: maximumBodyBytes, credentials: credentials),
            logger: logger
        ) { address in
            continuation.yield(address)
        }
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = addresses.makeAsyncIterator()
            let address = try #require(await iterator.next())
            let url = try #require(URL(string: address.description))
            do {
                try await body(url, group)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func post(_ url: URL, _ operation: String, _ body: Data, timeout: TimeInterval = 90) async throws -> (Int, Data, HTTPURLResponse) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("AWSStepFunctions.\(operation)", forHTTPHeaderField: "X-Amz-Target")
        request.setValue(StepFunctionsEndpoint.contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        request.timeoutInterval = timeout
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, data, http)
    }

    @Test func answersOperationsOverHTTP() async throws {
        try await Self.withServer { url, _ in
            let (status, data, response) = try await Self.post(url, "CreateActivity", Data(#"{"name": "live"}"#.utf8))
            #expect(status == 200)
            #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/x-amz-json-1.0")
            #expect(try WireCoding.decode(CreateActivityOutput.self, from: data).activityArn.hasSuffix(":activity:live"))
        }
    }

    @Test func refusesBodiesOverTheLimitWith413() async throws {
        try await Self.withServer(maximumBodyBytes: 1024) { url, _ in
            let (status, data, _) = try await Self.post(url, "CreateActivity", Data(#"{"name": "\#(String(repeating: "x", count: 4096))"}"#.utf8))
            #expect(status == 413)
            let body = try #require(JSONSerialization.jsonObject(with: data) as? [String: String])
            #expect(body["__type"] == "com.amazon.coral.service#RequestEntityTooLargeException")
        }
    }

    @Test func gracefulShutdownEndsAWaitingLongPollWithAnEmptyAnswer() async throws {
        let engine = Engine()
        try await Self.withServer(engine: engine) { url, group in
            let (_, created, _) = try await Self.post(url, "CreateActivity", Data(#"{"name": "idle"}"#.utf8))
            let arn = try WireCoding.decode(CreateActivityOutput.self, from: created).activityArn
            // Far shorter than the 60 s poll window: only the shutdown can end the poll in time.
            let poll = Task { try await Self.post(url, "GetActivityTask", Data(#"{"activityArn": "\#(arn)"}"#.utf8), timeout: 20) }
            // The poll must be waiting inside the server before the shutdown begins.
            await engine.pollsParked(1, activityArn: arn)
            await group.triggerGracefulShutdown()
            let (status, data, _) = try await poll.value
            #expect(status == 200)
            #expect(try WireCoding.decode(GetActivityTaskOutput.self, from: data).taskToken == nil)
        }
    }
}
