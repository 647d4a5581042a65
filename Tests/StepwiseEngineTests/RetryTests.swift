import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct RetryTests {
    let h = Harness()

    /// An activity Task with the given Retry array.
    func retrying(_ activity: String, _ retry: String) -> String {
        #"""
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","Retry":\#(retry),"End":true}}}
        """#
    }

    /// Fails every attempt with `error` and returns the backoff the engine chose before each
    /// retry, until the execution ends.
    func backoffs(_ definition: String, activity: String, error: String = "Flaky", limit: Int = 10) async throws -> (delays: [TimeInterval], result: DescribeExecutionOutput) {
        let execution = try await h.start(try await h.createMachine(definition))
        var delays: [TimeInterval] = []
        for _ in 0..<limit {
            try await h.fail(try await h.takeTask(activity).token, error: error, cause: "attempt failed")
            guard let delay = await h.secondsToNextTimer() else { break }
            delays.append(delay)
            await h.advance(by: delay)
        }
        return (delays, try await h.engine.waitForExecution(execution))
    }

    @Test func intervalBackoffRateAndMaxAttempts() async throws {
        let activity = try await h.createActivity()
        let retry = #"[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":3}]"#
        let (delays, result) = try await backoffs(retrying(activity, retry), activity: activity)
        #expect(delays == [2, 6, 18])
        #expect(result.status == .failed)
        #expect(result.error == "Flaky")
        #expect(result.cause == "attempt failed")
    }

    @Test func theDefaultsAreOneSecondDoublingThreeTimes() async throws {
        let activity = try await h.createActivity()
        let (delays, _) = try await backoffs(retrying(activity, #"[{"ErrorEquals":["States.ALL"]}]"#), activity: activity)
        #expect(delays == [1, 2, 4])
    }

    @Test func zeroMaxAttemptsNeverRetries() async throws {
        let activity = try await h.createActivity()
        let (delays, result) = try await backoffs(retrying(activity, #"[{"ErrorEquals":["Flaky"],"MaxAttempts":0}]"#), activity: activity)
        #expect(delays.isEmpty)
        #expect(result.status == .failed)
    }

    @Test func maxDelaySecondsCapsTheBackoff() async throws {
        let activity = try await h.createActivity()
        let retry = #"[{"ErrorEquals":["Flaky"],"IntervalSeconds":10,"BackoffRate":10,"MaxAttempts":4,"MaxDelaySeconds":50}]"#
        let (delays, _) = try await backoffs(retrying(activity, retry), activity: activity)
        #expect(delays == [10, 50, 50, 50])
    }

    @Test func fullJitterWaitsARandomShareOfTheBackoff() async throws {
        let activity = try await h.createActivity()
        let retry = #"[{"ErrorEquals":["Flaky"],"IntervalSeconds":8,"BackoffRate":2,"MaxAttempts":5,"JitterStrategy":"FULL"}]"#
        let (delays, _) = try await backoffs(retrying(activity, retry), activity: activity)
        let nominal: [TimeInterval] = [8, 16, 32, 64, 128]
        #expect(delays.count == 5)
        for (delay, cap) in zip(delays, nominal) { #expect(delay >= 0 && delay <= cap) }
        #expect(delays != nominal)
    }

    @Test func aRetriedTaskCanStillSucceed() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(retrying(activity, #"[{"ErrorEquals":["Flaky"]}]"#)), input: #"{"in":1}"#)
        try await h.fail(try await h.takeTask(activity).token, error: "Flaky")
        await h.advance(by: 1)
        let second = try await h.takeTask(activity)
        #expect(second.input == ["in": 1])
        try await h.succeed(second.token, #""fine""#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output) == "fine")
        #expect(try await h.eventTypes(execution) == [
            .executionStarted, .taskStateEntered, .activityScheduled, .activityStarted, .activityFailed,
            .activityScheduled, .activityStarted, .activitySucceeded, .taskStateExited, .executionSucceeded,
        ])
    }

    @Test func onlyTheFirstMatchingRetrierApplies() async throws {
        let activity = try await h.createActivity()
        let retry = #"""
            [{"ErrorEquals":["Other"],"IntervalSeconds":100},
             {"ErrorEquals":["Flaky"],"IntervalSeconds":3,"MaxAttempts":1},
             {"ErrorEquals":["States.ALL"],"IntervalSeconds":7}]
            """#
        let (delays, _) = try await backoffs(retrying(activity, retry), activity: activity)
        #expect(delays == [3])
    }

    @Test func eachRetrierKeepsItsOwnCount() async throws {
        let activity = try await h.createActivity()
        let retry = #"[{"ErrorEquals":["A"],"IntervalSeconds":1,"MaxAttempts":1},{"ErrorEquals":["B"],"IntervalSeconds":5,"MaxAttempts":1}]"#
        let execution = try await h.start(try await h.createMachine(retrying(activity, retry)))
        var delays: [TimeInterval?] = []
        for error in ["A", "B", "A"] {
            try await h.fail(try await h.takeTask(activity).token, error: error)
            delays.append(await h.secondsToNextTimer())
            if let delay = delays.last ?? nil { await h.advance(by: delay) }
        }
        #expect(delays == [1, 5, nil])
        #expect(try await h.engine.waitForExecution(execution).error == "A")
    }

    @Test func statesTaskFailedRetriesWorkerErrors() async throws {
        let activity = try await h.createActivity()
        let (delays, _) = try await backoffs(retrying(activity, #"[{"ErrorEquals":["States.TaskFailed"],"MaxAttempts":1}]"#), activity: activity)
        #expect(delays == [1])
    }

    @Test func runtimeErrorsAreNeverRetried() async throws {
        let definition = #"""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:work",
              "Parameters":{"x.$":"$.missing"},"Retry":[{"ErrorEquals":["States.Runtime"]},{"ErrorEquals":["States.ALL"]}],"End":true}}}
            """#
        _ = try await h.createActivity()
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine)
        #expect(await h.engine.nextTimerDeadline() == nil)
        let result = try await h.describe(execution)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test func aRetriedParallelRunsItsBranchesAgain() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
              "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":4,"MaxAttempts":1}],"Branches":[
              {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}]}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition))
        try await h.fail(try await h.takeTask(activity).token, error: "Flaky")
        #expect(await h.secondsToNextTimer() == 4)
        await h.advance(by: 4)
        try await h.succeed(try await h.takeTask(activity).token, "1")
        #expect(try json(try await h.engine.waitForExecution(execution).output) == [1])
        let types = try await h.eventTypes(execution)
        #expect(types.filter { $0 == .parallelStateStarted }.count == 2)
        #expect(types.filter { $0 == .parallelStateFailed }.count == 0)
    }
}
