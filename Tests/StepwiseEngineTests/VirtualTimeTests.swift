import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// Virtual time: the engine jumps its clock to the next timer whenever nothing is in flight, so
/// waits, backoffs and timeouts take no real time, and histories carry virtual timestamps.
@Suite(.timeLimit(.minutes(5))) struct VirtualTimeTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let engine = Engine(clock: VirtualClock(start: start))

    func run(_ definition: String, name: String = "m") async throws -> (DescribeExecutionOutput, String) {
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: name, definition: definition, roleArn: Harness.role))
        let started = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn))
        return (try await engine.waitForExecution(started.executionArn), started.executionArn)
    }

    @Test func aDayLongWaitEndsAtOnceADayLaterInVirtualTime() async throws {
        let (result, arn) = try await run(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#)
        #expect(result.status == .succeeded)
        #expect(result.stopDate == Self.start.addingTimeInterval(86400))
        let events = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: arn)).events
        #expect(events.last?.timestamp == Self.start.addingTimeInterval(86400))
    }

    @Test func retriesWithHourLongBackoffRunThrough() async throws {
        let calls = Counter()
        await engine.registerTaskHandler(.lambda("flaky")) { _ in
            if calls.increment() < 4 { throw TaskFailure("Busy", cause: "later") }
            return "ok"
        }
        let (result, _) = try await run(#"""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky",
              "Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":3600,"BackoffRate":2,"MaxAttempts":5}],"End":true}}}
            """#)
        #expect(result.status == .succeeded)
        #expect(result.stopDate == Self.start.addingTimeInterval(3600 + 7200 + 14400))
    }

    @Test func aParkedPollDoesNotMoveTime() async throws {
        let activity = try await engine.createActivity(CreateActivityInput(name: "waiting")).activityArn
        let engine = self.engine
        let poll = Task { try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity)) }
        await engine.pollsParked(1, activityArn: activity)
        await engine.idle()
        #expect(await engine.nextTimerDeadline() == nil)
        poll.cancel()
        #expect(try await poll.value.taskToken == nil)
    }

    @Test func aTaskNobodyTakesTimesOutAtOnce() async throws {
        let activity = try await engine.createActivity(CreateActivityInput(name: "idle")).activityArn
        let (result, _) = try await run(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","TimeoutSeconds":300,"End":true}}}"#)
        #expect(result.error == "States.Timeout")
        #expect(result.stopDate == Self.start.addingTimeInterval(300))
    }

    @Test func timeDoesNotJumpWhileAWorkerHoldsATask() async throws {
        let activity = try await engine.createActivity(CreateActivityInput(name: "held")).activityArn
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","TimeoutSeconds":60,"End":true}}}"#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "held", definition: definition, roleArn: Harness.role))
        // The worker waits first, so the task is handed over in the step that schedules it.
        let engine = self.engine
        let poll = Task { try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity)) }
        await engine.pollsParked(1, activityArn: activity)
        let started = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn))
        let task = try await poll.value
        // Whatever the driver does meanwhile, a held task's timeout does not come before its answer.
        await engine.idle()
        _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: try #require(task.taskToken), output: #""in time""#))
        let result = try await engine.waitForExecution(started.executionArn)
        #expect(result.status == .succeeded)
        #expect(result.stopDate == Self.start)
    }
}
