import AWSSigV4
import Foundation
import StepFunctions
import Testing

@testable import StepwiseAWS

@Suite("Retries, errors and cancellation")
struct RetryAndTimeoutTests {
    static let credentials = SigningCredentials(accessKeyId: "AKID", secretAccessKey: "secret")
    /// Quick retries, so the tests do not wait on backoff.
    static let quick = AWSStepFunctionsClient.Options(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)))

    static func client(_ endpoint: URL, options: AWSStepFunctionsClient.Options = quick) -> AWSStepFunctionsClient {
        AWSStepFunctionsClient(region: "us-east-1", credentials: credentials, endpoint: endpoint, options: options)
    }

    static let activity = "arn:aws:states:us-east-1:123456789012:activity:work"

    @Test("5xx answers are retried until one succeeds, each attempt freshly signed")
    func serverErrorsAreRetried() async throws {
        let responder: InProcessHTTPServer.Responder = { _, index in
            index < 2 ? .json(503, #"{"__type":"ServiceUnavailable","message":"try later"}"#)
                : .json(200, #"{"activityArn":"\#(Self.activity)","name":"work","creationDate":1700000000.5}"#)
        }
        try await InProcessHTTPServer.with(responder) { server in
            let output = try await using(Self.client(server.endpoint)) { try await $0.describeActivity(DescribeActivityInput(activityArn: Self.activity)) }
            #expect(output.name == "work")
            #expect(output.creationDate == Date(timeIntervalSince1970: 1_700_000_000.5))
            #expect(server.requests.count == 3)
            let verifier = SigV4Verifier(service: "states") { _ in "secret" }
            for request in server.requests { _ = try verifier.verify(request.signingRequest, now: Date()) }
        }
    }

    @Test("Throttling is retried even though it travels as HTTP 400")
    func throttlingIsRetried() async throws {
        let responder: InProcessHTTPServer.Responder = { _, index in
            index == 0 ? .json(400, #"{"__type":"com.amazonaws.swf.base.model#ThrottlingException","message":"Rate exceeded"}"#)
                : .json(200, #"{"activities":[]}"#)
        }
        try await InProcessHTTPServer.with(responder) { server in
            _ = try await using(Self.client(server.endpoint)) { try await $0.listActivities(ListActivitiesInput()) }
            #expect(server.requests.count == 2)
        }
    }

    @Test("Client errors are not retried and keep AWS's code and message")
    func clientErrorsAreNotRetried() async throws {
        let responder: InProcessHTTPServer.Responder = { _, _ in
            .json(400, #"{"__type":"com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist","message":"State Machine Does Not Exist: 'arn:x'"}"#)
        }
        try await InProcessHTTPServer.with(responder) { server in
            let error = try await using(Self.client(server.endpoint)) { client in
                try await #require(throws: StepFunctionsError.self) {
                    _ = try await client.describeStateMachine(DescribeStateMachineInput(stateMachineArn: "arn:x"))
                }
            }
            #expect(error.code == .stateMachineDoesNotExist)
            #expect(error.message == "State Machine Does Not Exist: 'arn:x'")
            #expect(server.requests.count == 1)
        }
    }

    @Test("Persistent server errors give up after maxAttempts with the last error")
    func attemptsAreBounded() async throws {
        try await InProcessHTTPServer.with({ _, _ in .json(500, #"{"__type":"InternalFailure","message":"boom"}"#) }) { server in
            let error = try await using(Self.client(server.endpoint)) { client in
                try await #require(throws: StepFunctionsError.self) { _ = try await client.listActivities(ListActivitiesInput()) }
            }
            #expect(error.code == .internalFailure)
            #expect(error.httpStatus == 500)
            #expect(server.requests.count == 3)
        }
    }

    @Test("An endpoint nobody listens on fails after the bounded attempts, naming the endpoint")
    func connectionRefused() async throws {
        let port = try PeerProcess.freePort()
        let endpoint = URL(string: "http://127.0.0.1:\(port)")!
        let error = try await using(Self.client(endpoint)) { client in
            try await #require(throws: AWSTransportError.self) { _ = try await client.listActivities(ListActivitiesInput()) }
        }
        #expect(error.attempts == 3)
        #expect(error.description.contains("127.0.0.1:\(port)"))
    }

    @Test("A response that is not the API's shape is an error naming the operation")
    func malformedResponse() async throws {
        try await InProcessHTTPServer.with({ _, _ in .json(200, #"{"unexpected":true}"#) }) { server in
            let error = try await using(Self.client(server.endpoint)) { client in
                try await #require(throws: AWSTransportError.self) {
                    _ = try await client.startExecution(StartExecutionInput(stateMachineArn: "arn:x"))
                }
            }
            #expect(error.description.contains("StartExecution"))
        }
    }

    @Test("Cancelling a long poll cancels the request and returns an empty task", .timeLimit(.minutes(5)))
    func longPollCancellation() async throws {
        // The server holds every request open, like GetActivityTask with no task to give.
        try await InProcessHTTPServer.with({ _, _ in nil }) { server in
            try await using(Self.client(server.endpoint)) { client in
                let poll = Task { try await client.getActivityTask(GetActivityTaskInput(activityArn: Self.activity, workerName: "w")) }
                #expect(await server.requests(atLeast: 1) != nil)
                poll.cancel()
                let output = try await poll.value
                #expect(output.taskToken == nil)
                #expect(server.requests.first?.headers.first(named: "X-Amz-Target") == "AWSStepFunctions.GetActivityTask")
            }
        }
    }

    @Test("The long-poll timeout is never below 65 s, since GetActivityTask holds requests for 60 s")
    func longPollTimeoutFloor() {
        #expect(AWSStepFunctionsClient.Options(longPollTimeout: .seconds(10)).longPollTimeout == .seconds(65))
        #expect(AWSStepFunctionsClient.Options().longPollTimeout >= .seconds(65))
        var options = AWSStepFunctionsClient.Options()
        options.longPollTimeout = .seconds(90)
        #expect(options.longPollTimeout == .seconds(90))
    }

    @Test("Backoff grows exponentially to its cap, with full jitter below it")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delayCap(beforeRetry: 1) == .milliseconds(100))
        #expect(policy.delayCap(beforeRetry: 2) == .milliseconds(200))
        #expect(policy.delayCap(beforeRetry: 4) == .milliseconds(800))
        #expect(policy.delayCap(beforeRetry: 5) == .seconds(1))
        #expect(policy.delayCap(beforeRetry: 500) == .seconds(1))
        var generator = SystemRandomNumberGenerator()
        let delays = (0..<200).map { _ in policy.delay(beforeRetry: 3, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(delays).count > 1)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test("Shutting down twice is harmless; a shared HTTP client is left running")
    func shutdown() async throws {
        let client = AWSStepFunctionsClient(region: "us-east-1", credentials: Self.credentials)
        try await client.shutdown()
        try await client.shutdown()
        let shared = AWSStepFunctionsClient(region: "us-east-1", credentials: Self.credentials, httpClient: AWSHTTPClients.shared)
        try await shared.shutdown()
        try await InProcessHTTPServer.with({ _, _ in .json(200, #"{"activities":[]}"#) }) { server in
            let again = AWSStepFunctionsClient(
                region: "us-east-1", credentials: Self.credentials, endpoint: server.endpoint, httpClient: AWSHTTPClients.shared)
            _ = try await again.listActivities(ListActivitiesInput())
        }
    }
}
