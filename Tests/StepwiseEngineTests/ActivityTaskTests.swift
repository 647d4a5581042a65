import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

@Suite struct ActivityTaskTests {
    let h = Harness()

    func taskMachine(_ activity: String, fields: String = "") -> String {
        #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)"\#(fields),"End":true}}}"#
    }

    @Test func aWorkerReceivesTheInputAndItsAnswerIsTheOutput() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(taskMachine(activity)), input: #"{"x":1}"#)
        let task = try await h.takeTask(activity, worker: "w-1")
        #expect(task.input == ["x": 1])
        try await h.succeed(task.token, #"{"done":true}"#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["done": true])
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .taskStateEntered, .activityScheduled, .activityStarted, .activitySucceeded, .taskStateExited,
            .executionSucceeded,
        ])
        #expect(events[2].details?["resource"] == .string(activity))
        #expect(try events[2].payload("input") == ["x": 1])
        #expect(events[3].details?["workerName"] == "w-1")
        #expect(try events[4].payload("output") == ["done": true])
    }

    @Test func parametersResultSelectorAndResultPathShapeTheTask() async throws {
        let activity = try await h.createActivity()
        let fields = #","Parameters":{"id.$":"$.order.id","kind":"ship"},"ResultSelector":{"tracking.$":"$.t"},"ResultPath":"$.shipment""#
        let execution = try await h.start(try await h.createMachine(taskMachine(activity, fields: fields)), input: #"{"order":{"id":9}}"#)
        let task = try await h.takeTask(activity)
        #expect(task.input == ["id": 9, "kind": "ship"])
        try await h.succeed(task.token, #"{"t":"TRK1","noise":true}"#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output) == ["order": ["id": 9], "shipment": ["tracking": "TRK1"]])
    }

    @Test func theTaskTokenIsAvailableToParameters() async throws {
        let activity = try await h.createActivity()
        let fields = #","Parameters":{"token.$":"$$.Task.Token"}"#
        _ = try await h.start(try await h.createMachine(taskMachine(activity, fields: fields)))
        let task = try await h.takeTask(activity)
        #expect(task.input == ["token": .string(task.token)])
    }

    @Test func aWorkerFailureFailsTheExecution() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(taskMachine(activity)))
        try await h.fail(try await h.takeTask(activity).token, error: "Worker.Crashed", cause: "segfault")
        let result = try await h.engine.waitForExecution(execution)
        #expect(result.status == .failed)
        #expect(result.error == "Worker.Crashed")
        #expect(result.cause == "segfault")
        let events = try await h.history(execution)
        #expect(events.map(\.type).suffix(2) == [.activityFailed, .executionFailed])
        #expect(events[events.count - 2].details?["error"] == "Worker.Crashed")
    }

    @Test func aTaskOnAMissingActivityFailsWithARuntimeError() async throws {
        let missing = "arn:aws:states:us-east-1:123456789012:activity:nobody"
        let result = try await h.run(taskMachine(missing))
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("does not exist") == true)
    }

    @Test func tasksOfSeveralExecutionsAreHandedOutOldestFirst() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(taskMachine(activity))
        for n in 1...3 { _ = try await h.start(machine, input: #"{"n":\#(n)}"#) }
        var seen: [JSONValue] = []
        for _ in 1...3 { seen.append(try await h.takeTask(activity).input) }
        #expect(seen == [["n": 1], ["n": 2], ["n": 3]])
    }

    @Test func eachTaskGetsItsOwnToken() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(taskMachine(activity))
        for _ in 1...2 { _ = try await h.start(machine) }
        let first = try await h.takeTask(activity)
        let second = try await h.takeTask(activity)
        #expect(first.token != second.token)
    }
}
