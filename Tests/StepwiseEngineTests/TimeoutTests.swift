import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct TimeoutTests {
    let h = Harness()

    func task(_ activity: String, _ fields: String) -> String {
        #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)",\#(fields),"End":true}}}"#
    }

    @Test func timeoutSecondsFailsAnUnansweredTask() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""TimeoutSeconds":30"#)))
        #expect(await h.secondsToNextTimer() == 30)
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        #expect(result.error == "States.Timeout")
        #expect(result.stopDate == Harness.start.addingTimeInterval(30))
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [.executionStarted, .taskStateEntered, .activityScheduled, .activityTimedOut, .executionFailed])
        #expect(events[2].details?["timeoutInSeconds"] == 30)
        #expect(events[3].details?["error"] == "States.Timeout")
    }

    @Test func theTimeoutRunsFromSchedulingEvenWhileAWorkerHasTheTask() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""TimeoutSeconds":30"#)))
        await h.advance(by: 20)
        let taken = try await h.takeTask(activity)
        await h.advance(by: 10)
        #expect(try await h.describe(execution).error == "States.Timeout")
        let late = try await #require(throws: StepFunctionsError.self) { try await h.succeed(taken.token, "{}") }
        #expect(late.code == .taskTimedOut)
    }

    @Test func aTimedOutTaskIsNoLongerHandedOut() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""TimeoutSeconds":5"#)))
        _ = try await h.finish(execution)
        let poll = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        #expect(poll.taskToken == nil)
    }

    @Test func timeoutSecondsPathReadsTheInput() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""TimeoutSecondsPath":"$.limit""#)), input: #"{"limit":12}"#)
        #expect(await h.secondsToNextTimer() == 12)
        #expect(try await h.finish(execution).error == "States.Timeout")
    }

    @Test func timeoutSecondsPathMustBePositive() async throws {
        let activity = try await h.createActivity()
        let result = try await h.run(task(activity, #""TimeoutSecondsPath":"$.limit""#), input: #"{"limit":0}"#)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("TimeoutSecondsPath") == true)
    }

    @Test func anAnswerBeforeTheTimeoutWins() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""TimeoutSeconds":30"#)))
        await h.advance(by: 29)
        try await h.succeed(try await h.takeTask(activity).token, #""in time""#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output) == "in time")
        #expect(await h.engine.nextTimerDeadline() == nil)
    }

    // MARK: - Heartbeats

    @Test func aLapsedHeartbeatFailsTheTask() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""HeartbeatSeconds":10,"TimeoutSeconds":1000"#)))
        let taken = try await h.takeTask(activity)
        #expect(await h.secondsToNextTimer() == 10)
        await h.advance(by: 10)
        let result = try await h.describe(execution)
        #expect(result.status == .failed)
        #expect(result.error == "States.HeartbeatTimeout")
        let events = try await h.history(execution)
        #expect(events[2].details?["heartbeatInSeconds"] == 10)
        #expect(events.map(\.type).suffix(2) == [.activityTimedOut, .executionFailed])
        let late = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: taken.token))
        }
        #expect(late.code == .taskTimedOut)
    }

    @Test func heartbeatsKeepTheTaskAlive() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""HeartbeatSeconds":10"#)))
        let taken = try await h.takeTask(activity)
        for _ in 0..<5 {
            await h.advance(by: 8)
            _ = try await h.engine.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: taken.token))
            #expect(await h.secondsToNextTimer() == 10)
        }
        try await h.succeed(taken.token, #""alive""#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(result.status == .succeeded)
        #expect(result.stopDate == Harness.start.addingTimeInterval(40))
    }

    @Test func theHeartbeatClockStartsWhenAWorkerTakesTheTask() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(task(activity, #""HeartbeatSeconds":10"#)))
        #expect(await h.engine.nextTimerDeadline() == nil)
        await h.advance(by: 500)
        #expect(try await h.describe(execution).status == .running)
        _ = try await h.takeTask(activity)
        #expect(await h.secondsToNextTimer() == 10)
    }

    @Test func aHeartbeatTimeoutIsCaughtByStatesTimeout() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"\#(activity)","HeartbeatSeconds":5,"Catch":[{"ErrorEquals":["States.Timeout"],"Next":"Late"}],"End":true},
              "Late":{"Type":"Pass","End":true}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition))
        _ = try await h.takeTask(activity)
        let result = try await h.finish(execution)
        #expect(try json(result.output)["Error"] == "States.HeartbeatTimeout")
    }

    // MARK: - Machine timeout

    @Test func machineTimeoutSecondsTimesTheExecutionOut() async throws {
        let definition = #"{"TimeoutSeconds":60,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine)
        #expect(await h.secondsToNextTimer() == 60)
        let result = try await h.finish(execution)
        #expect(result.status == .timedOut)
        #expect(result.error == "States.Timeout")
        #expect(result.stopDate == Harness.start.addingTimeInterval(60))
        #expect(try await h.eventTypes(execution) == [.executionStarted, .waitStateEntered, .executionTimedOut])
        #expect(await h.engine.nextTimerDeadline() == nil)
    }

    @Test func machineTimeoutClosesTheTasksInFlight() async throws {
        let activity = try await h.createActivity()
        let definition = #"{"TimeoutSeconds":5,"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#
        let execution = try await h.start(try await h.createMachine(definition))
        let taken = try await h.takeTask(activity)
        #expect(try await h.finish(execution).status == .timedOut)
        let late = try await #require(throws: StepFunctionsError.self) { try await h.succeed(taken.token, "{}") }
        #expect(late.code == .taskTimedOut)
    }

    @Test func anExecutionThatEndsInTimeCancelsItsTimeout() async throws {
        let definition = #"{"TimeoutSeconds":60,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}"#
        let result = try await h.run(definition)
        #expect(result.status == .succeeded)
        #expect(await h.engine.nextTimerDeadline() == nil)
    }
}
