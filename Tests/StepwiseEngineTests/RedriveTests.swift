import Foundation
import StepFunctions
import StepwiseJSON
import Testing

@testable import StepwiseEngine

/// RedriveExecution: an unsuccessful execution goes on from what did not succeed, under the same
/// ARN, its history continuing after an ExecutionRedriven event.
@Suite struct RedriveTests {
    let h = Harness()

    func task(_ activity: String, _ name: String = "T", next: String = #""End":true"#) -> String {
        #""\#(name)":{"Type":"Task","Resource":"\#(activity)",\#(next)}"#
    }

    @Test func aFailedTaskRunsAgainAndTheStatesBeforeItDoNot() async throws {
        let activity = try await h.createActivity()
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"n":1},"Next":"T"},\#(task(activity))}}"#
        let execution = try await h.start(try await h.createMachine(definition))
        try await h.fail(try await h.takeTask(activity).token, error: "Boom", cause: "first try")
        #expect(try await h.describe(execution).status == .failed)

        let date = try await h.engine.redrive(execution)
        #expect(date == Harness.start)
        let described = try await h.describe(execution)
        #expect(described.status == .running)
        let retried = try await h.takeTask(activity)
        #expect(retried.input == ["n": 1], "the Task runs again on the input it had")
        try await h.succeed(retried.token, #""done""#)
        #expect(try await h.engine.waitForExecution(execution).status == .succeeded)
        let types = try await h.eventTypes(execution)
        #expect(types == [
            .executionStarted, .passStateEntered, .passStateExited, .taskStateEntered, .activityScheduled, .activityStarted,
            .activityFailed, .executionFailed, .executionRedriven, .activityScheduled, .activityStarted, .activitySucceeded,
            .taskStateExited, .executionSucceeded,
        ])
        let events = try await h.history(execution)
        #expect(events[8].details?["redriveCount"] == 1)
        #expect(events[9].previousEventId == 9)
    }

    @Test func onlyTheFailedBranchOfAParallelRunsAgain() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Quick","States":{"Quick":{"Type":"Pass","Result":"quick","End":true}}},
              {"StartAt":"Slow","States":{\#(task(activity, "Slow"))}}]}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition))
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        _ = try await h.engine.redrive(execution)
        try await h.succeed(try await h.takeTask(activity).token, #""slow""#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output) == ["quick", "slow"])
        #expect(try await h.eventTypes(execution).filter { $0 == .passStateEntered }.count == 1, "the branch that succeeded did not run again")
    }

    @Test func onlyTheFailedIterationOfAMapRunsAgain() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"StartAt":"T","States":{\#(task(activity))}}}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition), input: "[1,2,3]")
        try await h.succeed(try await h.takeTask(activity).token, "10")
        let second = try await h.takeTask(activity)
        #expect(second.input == 2)
        try await h.fail(second.token, error: "Boom")
        _ = try await h.engine.redrive(execution)
        let again = try await h.takeTask(activity)
        #expect(again.input == 2)
        try await h.succeed(again.token, "20")
        try await h.succeed(try await h.takeTask(activity).token, "30")
        #expect(try json(try await h.engine.waitForExecution(execution).output) == [10, 20, 30])
    }

    @Test func aTimedOutExecutionGoesOnWithWhatWasInFlightAndItsTimeoutStartsAgain() async throws {
        let activity = try await h.createActivity()
        let definition = #"{"TimeoutSeconds":60,"StartAt":"T","States":{\#(task(activity))}}"#
        let execution = try await h.start(try await h.createMachine(definition))
        let result = try await h.finish(execution)
        #expect(result.status == .timedOut)
        _ = try await h.engine.redrive(execution)
        #expect(await h.secondsToNextTimer() == 60)
        try await h.succeed(try await h.takeTask(activity).token, #""late but fine""#)
        #expect(try await h.engine.waitForExecution(execution).status == .succeeded)
    }

    @Test func aStoppedExecutionCanBeRedriven() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(#"{"StartAt":"T","States":{\#(task(activity))}}"#))
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        _ = try await h.engine.redrive(execution)
        try await h.succeed(try await h.takeTask(activity).token, "1")
        #expect(try await h.engine.waitForExecution(execution).status == .succeeded)
    }

    @Test func whatCannotBeRedrivenIsRefusedWithAWSsReasons() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(#"{"StartAt":"T","States":{\#(task(activity))}}"#)
        let running = try await h.start(machine, name: "running")
        var error = try await #require(throws: StepFunctionsError.self) { _ = try await h.engine.redrive(running) }
        #expect(error.code == .executionNotRedrivable)
        #expect(error.message.contains("Execution is RUNNING and cannot be redriven"))
        try await h.succeed(try await h.takeTask(activity).token, "1")
        error = try await #require(throws: StepFunctionsError.self) { _ = try await h.engine.redrive(running) }
        #expect(error.message.contains("Execution is SUCCEEDED and cannot be redriven"))

        let old = try await h.start(machine, name: "old")
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        await h.advance(by: 15 * 24 * 3600)
        error = try await #require(throws: StepFunctionsError.self) { _ = try await h.engine.redrive(old) }
        #expect(error.message.contains("Execution redrivable period exceeded"))
    }

    @Test func redrivenTwiceCountsTwo() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(#"{"StartAt":"T","States":{\#(task(activity))}}"#))
        for _ in 0..<2 {
            try await h.fail(try await h.takeTask(activity).token, error: "Boom")
            _ = try await h.engine.redrive(execution)
        }
        let record = try #require(await h.engine.executions[execution]?.record)
        #expect(record.redriveCount == 2)
        #expect(try await h.eventTypes(execution).filter { $0 == .executionRedriven }.count == 2)
    }
}
