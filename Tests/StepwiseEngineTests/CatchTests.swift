import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct CatchTests {
    let h = Harness()

    /// An activity Task with the given Catch array and the handler states it names (only those:
    /// a state nothing leads to makes the definition invalid).
    func catching(_ activity: String, _ catchers: String, extra: String = "") -> String {
        let handlers = ["First", "Second"].filter { catchers.contains("\"\($0)\"") }.map { name in
            #""\#(name)":{"Type":"Pass","Parameters":{"handler":"\#(name)","input.$":"$"},"End":true}"#
        }
        return #"""
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"\#(activity)","Catch":\#(catchers)\#(extra),"Next":"Done"},
              "Done":{"Type":"Pass","Result":"done","End":true}\#(handlers.map { "," + $0 }.joined())}}
            """#
    }

    /// Runs the machine, failing its one task with `error`.
    func runFailing(_ definition: String, activity: String, error: String, input: String = #"{"in":1}"#) async throws -> DescribeExecutionOutput {
        let execution = try await h.start(try await h.createMachine(definition), input: input)
        try await h.fail(try await h.takeTask(activity).token, error: error, cause: "why")
        return try await h.finish(execution)
    }

    @Test func withoutResultPathTheErrorOutputReplacesTheInput() async throws {
        let activity = try await h.createActivity()
        let result = try await runFailing(catching(activity, #"[{"ErrorEquals":["Oops"],"Next":"First"}]"#), activity: activity, error: "Oops")
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["handler": "First", "input": ["Error": "Oops", "Cause": "why"]])
    }

    @Test func resultPathPlacesTheErrorInsideTheInput() async throws {
        let activity = try await h.createActivity()
        let catchers = #"[{"ErrorEquals":["Oops"],"ResultPath":"$.failure","Next":"First"}]"#
        let result = try await runFailing(catching(activity, catchers), activity: activity, error: "Oops")
        #expect(try json(result.output) == ["handler": "First", "input": ["in": 1, "failure": ["Error": "Oops", "Cause": "why"]]])
    }

    @Test func nullResultPathKeepsTheInput() async throws {
        let activity = try await h.createActivity()
        let catchers = #"[{"ErrorEquals":["Oops"],"ResultPath":null,"Next":"First"}]"#
        let result = try await runFailing(catching(activity, catchers), activity: activity, error: "Oops")
        #expect(try json(result.output) == ["handler": "First", "input": ["in": 1]])
    }

    @Test func theFirstMatchingCatcherWins() async throws {
        let activity = try await h.createActivity()
        let catchers = #"[{"ErrorEquals":["Other"],"Next":"Second"},{"ErrorEquals":["Oops"],"Next":"First"},{"ErrorEquals":["States.ALL"],"Next":"Second"}]"#
        let result = try await runFailing(catching(activity, catchers), activity: activity, error: "Oops")
        #expect(try json(result.output)["handler"] == "First")
    }

    @Test(arguments: ["States.ALL", "States.TaskFailed"])
    func wildcardsCatchWorkerErrors(_ wildcard: String) async throws {
        let activity = try await h.createActivity()
        let result = try await runFailing(catching(activity, #"[{"ErrorEquals":["\#(wildcard)"],"Next":"First"}]"#), activity: activity, error: "Anything.At.All")
        #expect(try json(result.output)["handler"] == "First")
    }

    @Test func anUnmatchedErrorFailsTheExecution() async throws {
        let activity = try await h.createActivity()
        let result = try await runFailing(catching(activity, #"[{"ErrorEquals":["Other"],"Next":"First"}]"#), activity: activity, error: "Oops")
        #expect(result.status == .failed)
        #expect(result.error == "Oops")
    }

    @Test func statesTaskFailedDoesNotCatchATimeout() async throws {
        let activity = try await h.createActivity()
        let catchers = #"[{"ErrorEquals":["States.TaskFailed"],"Next":"First"},{"ErrorEquals":["States.Timeout"],"Next":"Second"}]"#
        let execution = try await h.start(try await h.createMachine(catching(activity, catchers, extra: #","TimeoutSeconds":5"#)))
        let result = try await h.finish(execution)
        #expect(try json(result.output)["handler"] == "Second")
        #expect(try json(result.output)["input"]?["Error"] == "States.Timeout")
    }

    @Test func statesAllCatchesATimeout() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(catching(activity, #"[{"ErrorEquals":["States.ALL"],"Next":"First"}]"#, extra: #","TimeoutSeconds":5"#)))
        #expect(try json(try await h.finish(execution).output)["handler"] == "First")
    }

    @Test func aRuntimeErrorIsNeverCaught() async throws {
        let activity = try await h.createActivity()
        let catchers = #"[{"ErrorEquals":["States.Runtime"],"Next":"First"},{"ErrorEquals":["States.ALL"],"Next":"Second"}]"#
        let definition = catching(activity, catchers, extra: #","InputPath":"$.missing""#)
        let result = try await h.run(definition)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test func retriesComeBeforeTheCatcher() async throws {
        let activity = try await h.createActivity()
        let extra = #","Retry":[{"ErrorEquals":["Oops"],"MaxAttempts":1,"IntervalSeconds":2}]"#
        let execution = try await h.start(try await h.createMachine(catching(activity, #"[{"ErrorEquals":["Oops"],"Next":"First"}]"#, extra: extra)))
        try await h.fail(try await h.takeTask(activity).token, error: "Oops")
        #expect(await h.secondsToNextTimer() == 2)
        await h.advance(by: 2)
        try await h.fail(try await h.takeTask(activity).token, error: "Oops")
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output)["handler"] == "First")
        #expect(result.stopDate == Harness.start.addingTimeInterval(2))
    }

    @Test func aCaughtErrorIsRecordedBeforeTheHandlerRuns() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(catching(activity, #"[{"ErrorEquals":["Oops"],"Next":"First"}]"#)))
        try await h.fail(try await h.takeTask(activity).token, error: "Oops")
        _ = try await h.engine.waitForExecution(execution)
        #expect(try await h.eventTypes(execution) == [
            .executionStarted, .taskStateEntered, .activityScheduled, .activityStarted, .activityFailed, .taskStateExited,
            .passStateEntered, .passStateExited, .executionSucceeded,
        ])
    }
}
