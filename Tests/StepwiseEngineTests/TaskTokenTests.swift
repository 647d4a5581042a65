import Foundation
import StepFunctions
import StepwiseEngine
import Testing

/// Errors of SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
@Suite struct TaskTokenTests {
    let h = Harness()

    /// Starts a one-task execution and takes its task.
    func takenTask(_ fields: String = "") async throws -> (execution: String, token: String) {
        let activity = try await h.createActivity()
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)"\#(fields),"End":true}}}"#
        let execution = try await h.start(try await h.createMachine(definition))
        return (execution, try await h.takeTask(activity).token)
    }

    @Test func anUnknownTokenDoesNotExist() async throws {
        let error = try await #require(throws: StepFunctionsError.self) { try await h.succeed("not-a-token", "{}") }
        #expect(error.code == .taskDoesNotExist)
    }

    /// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat on `token` each fail with `code`.
    func expectEveryAnswer(to token: String, failsWith code: StepFunctionsError.Code) async throws {
        for call in [
            { try await h.succeed(token, "{}") },
            { try await h.fail(token, error: "E") },
            { _ = try await h.engine.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: token)) },
        ] as [() async throws -> Void] {
            let error = try await #require(throws: StepFunctionsError.self) { try await call() }
            #expect(error.code == code)
        }
    }

    @Test(arguments: ["", String(repeating: "t", count: 1025)])
    func aMalformedTokenIsInvalid(_ token: String) async throws {
        try await expectEveryAnswer(to: token, failsWith: .invalidToken)
    }

    @Test func anAnsweredTokenCannotBeAnsweredAgain() async throws {
        let (execution, token) = try await takenTask()
        try await h.succeed(token, "1")
        #expect(try await h.engine.waitForExecution(execution).status == .succeeded)
        let again = try await #require(throws: StepFunctionsError.self) { try await h.fail(token, error: "E") }
        #expect(again.code == .taskTimedOut)
        #expect(again.message == "Task Timed Out: 'Provided task does not exist anymore'")
    }

    @Test func outputThatIsNotJSONIsInvalidAndLeavesTheTaskOpen() async throws {
        let (execution, token) = try await takenTask()
        let error = try await #require(throws: StepFunctionsError.self) { try await h.succeed(token, "{not json") }
        #expect(error.code == .invalidOutput)
        #expect(try await h.describe(execution).status == .running)
        try await h.succeed(token, #"{"ok":true}"#)
        #expect(try json(try await h.engine.waitForExecution(execution).output) == ["ok": true])
    }

    @Test func outputOverTheSizeLimitIsRefused() async throws {
        let (_, token) = try await takenTask()
        let output = #""\#(String(repeating: "x", count: 262_144))""#
        let error = try await #require(throws: StepFunctionsError.self) { try await h.succeed(token, output) }
        #expect(error.code == .validation)
    }

    @Test func overlongErrorAndCauseAreRefused() async throws {
        let (_, token) = try await takenTask()
        let longError = try await #require(throws: StepFunctionsError.self) { try await h.fail(token, error: String(repeating: "e", count: 257)) }
        #expect(longError.code == .validation)
        let longCause = try await #require(throws: StepFunctionsError.self) {
            try await h.fail(token, error: "E", cause: String(repeating: "c", count: 32_769))
        }
        #expect(longCause.code == .validation)
    }

    @Test func aTimedOutTokenAnswersTaskTimedOut() async throws {
        let (execution, token) = try await takenTask(#","TimeoutSeconds":3"#)
        _ = try await h.finish(execution)
        try await expectEveryAnswer(to: token, failsWith: .taskTimedOut)
    }

    @Test func aStoppedExecutionsTokenAnswersTaskTimedOut() async throws {
        let (execution, token) = try await takenTask()
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        let error = try await #require(throws: StepFunctionsError.self) { try await h.succeed(token, "{}") }
        #expect(error.code == .taskTimedOut)
    }

    @Test func aHeartbeatOnATaskWithoutHeartbeatSecondsIsAccepted() async throws {
        let (execution, token) = try await takenTask()
        _ = try await h.engine.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: token))
        #expect(try await h.describe(execution).status == .running)
        #expect(await h.engine.nextTimerDeadline() == nil)
    }

    @Test func aFailureWithoutErrorOrCauseFailsWithNeither() async throws {
        let (execution, token) = try await takenTask()
        try await h.fail(token, error: nil)
        let result = try await h.engine.waitForExecution(execution)
        #expect(result.status == .failed)
        #expect(result.error == nil)
        #expect(result.cause == nil)
    }
}
