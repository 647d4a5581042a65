import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// `states:startExecution` on the same engine: fire and forget, `.sync` (output as JSON text),
/// `.sync:2` (output as JSON), child failures as `States.TaskFailed`, and a stopped parent
/// stopping its child.
@Suite struct NestedExecutionTests {
    let h = Harness()

    func child(_ states: String = #"{"Done":{"Type":"Pass","Result":{"from":"child"},"End":true}}"#, start: String = "Done") async throws -> String {
        try await h.createMachine(#"{"StartAt":"\#(start)","States":\#(states)}"#, name: "child")
    }

    func parent(_ pattern: String, child: String, fields: String = "") async throws -> String {
        let definition = #"""
            {"StartAt":"Nest","States":{"Nest":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution\#(pattern)",
              "Parameters":{"StateMachineArn":"\#(child)","Input":{"n.$":"$.n"}}\#(fields),"End":true}}}
            """#
        return try await h.createMachine(definition, name: "parent")
    }

    @Test func syncTwoWaitsForTheChildAndGivesItsOutputAsJSON() async throws {
        let child = try await child()
        let execution = try await h.start(try await parent(".sync:2", child: child), input: #"{"n":1}"#)
        let output = try json(try await h.finish(execution).output)
        #expect(output["Output"] == ["from": "child"])
        #expect(output["Input"] == ["n": 1])
        #expect(output["Status"] == "SUCCEEDED")
        #expect(output["StateMachineArn"] == .string(child))
        #expect(output["RedriveStatus"] == "NOT_REDRIVABLE")
        let childArn = try #require(output["ExecutionArn"]?.stringValue)
        #expect(try await h.describe(childArn).status == .succeeded)
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskSubmitted, .taskSucceeded, .taskStateExited,
            .executionSucceeded,
        ])
        #expect(events[2].details?["resourceType"] == "states")
        #expect(events[2].details?["resource"] == "startExecution.sync:2")
        #expect(try events[4].payload("output")["ExecutionArn"] == .string(childArn))
    }

    @Test func syncGivesTheChildsInputAndOutputAsJSONText() async throws {
        let execution = try await h.start(try await parent(".sync", child: try await child()), input: #"{"n":2}"#)
        let output = try json(try await h.finish(execution).output)
        #expect(output["Output"] == #"{"from":"child"}"#)
        #expect(output["Input"] == #"{"n":2}"#)
    }

    @Test func aChildThatWaitsKeepsTheParentWaitingUntilItEnds() async throws {
        let child = try await child(#"{"Nap":{"Type":"Wait","Seconds":30,"End":true}}"#, start: "Nap")
        let execution = try await h.start(try await parent(".sync:2", child: child), input: #"{"n":3}"#)
        #expect(try await h.describe(execution).status == .running)
        let result = try await h.finish(execution)
        #expect(result.status == .succeeded)
        #expect(result.stopDate == Harness.start.addingTimeInterval(30))
    }

    @Test func fireAndForgetAnswersWithTheNewExecution() async throws {
        let child = try await child(#"{"Nap":{"Type":"Wait","Seconds":30,"End":true}}"#, start: "Nap")
        let execution = try await h.start(try await parent("", child: child), input: #"{"n":4}"#)
        await h.engine.idle()
        let described = try await h.describe(execution)
        #expect(described.status == .succeeded)
        let output = try json(described.output)
        #expect(output["StartDate"] == .number(Int(Harness.start.timeIntervalSince1970 * 1000)))
        #expect(output["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
        let childArn = try #require(output["ExecutionArn"]?.stringValue)
        #expect(try await h.describe(childArn).status == .running)
    }

    @Test func aFailedChildFailsTheTaskWithItsDescriptionAsTheCause() async throws {
        let child = try await child(#"{"Boom":{"Type":"Fail","Error":"SomeFailure","Cause":"it broke"}}"#, start: "Boom")
        let result = try await h.run(#"""
            {"StartAt":"Nest","States":{"Nest":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync",
              "Parameters":{"StateMachineArn":"\#(child)"},"End":true}}}
            """#)
        #expect(result.error == "States.TaskFailed")
        let cause = try json(result.cause)
        #expect(cause["Error"] == "SomeFailure")
        #expect(cause["Cause"] == "it broke")
        #expect(cause["Status"] == "FAILED")
        #expect(cause["Input"] == "{}")
        #expect(cause["Output"] == nil)
    }

    @Test func stoppingTheParentStopsItsSyncChild() async throws {
        let child = try await child(#"{"Nap":{"Type":"Wait","Seconds":30,"End":true}}"#, start: "Nap")
        let execution = try await h.start(try await parent(".sync", child: child), input: #"{"n":5}"#)
        await h.engine.idle()
        let childArn = try #require(try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: child)).executions.first?.executionArn)
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        await h.engine.idle()
        #expect(try await h.describe(childArn).status == .aborted)
    }

    @Test func aMissingChildMachineIsTheServicesError() async throws {
        let missing = "arn:aws:states:us-east-1:123456789012:stateMachine:nope"
        let result = try await h.run(#"""
            {"StartAt":"Nest","States":{"Nest":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
              "Parameters":{"StateMachineArn":"\#(missing)"},"End":true}}}
            """#)
        #expect(result.error == "StepFunctions.StateMachineDoesNotExistException")
        #expect(result.cause?.hasPrefix("State Machine Does Not Exist: '\(missing)' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist;") == true)
    }
}
