import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

@Suite struct ContextObjectTests {
    let h = Harness()

    @Test func executionAndStateMachineFacts() async throws {
        let definition = #"""
            {"StartAt":"Look","States":{"Look":{"Type":"Pass","Parameters":{
              "id.$":"$$.Execution.Id","name.$":"$$.Execution.Name","start.$":"$$.Execution.StartTime",
              "input.$":"$$.Execution.Input","role.$":"$$.Execution.RoleArn",
              "machineId.$":"$$.StateMachine.Id","machineName.$":"$$.StateMachine.Name"},"End":true}}}
            """#
        let machine = try await h.createMachine(definition, name: "ctx")
        let execution = try await h.start(machine, input: #"{"k":"v"}"#, name: "run-1")
        let output = try json(try await h.finish(execution).output)
        #expect(output == [
            "id": .string(execution), "name": "run-1", "start": "2023-11-14T22:13:20.000Z", "input": ["k": "v"],
            "role": .string(Harness.role), "machineId": .string(machine), "machineName": "ctx",
        ])
        #expect(execution == "arn:aws:states:us-east-1:123456789012:execution:ctx:run-1")
    }

    @Test func stateNameAndEnteredTime() async throws {
        let definition = #"""
            {"StartAt":"Nap","States":{
              "Nap":{"Type":"Wait","Seconds":90,"Next":"Look"},
              "Look":{"Type":"Pass","Parameters":{"name.$":"$$.State.Name","entered.$":"$$.State.EnteredTime"},"End":true}}}
            """#
        let output = try json(try await h.run(definition).output)
        #expect(output == ["name": "Look", "entered": "2023-11-14T22:14:50.000Z"])
    }

    @Test func passStatesHaveNoRetryCount() async throws {
        let definition = #"{"StartAt":"Look","States":{"Look":{"Type":"Pass","Parameters":{"state.$":"$$.State"},"End":true}}}"#
        let state = try json(try await h.run(definition).output)["state"]
        #expect(state?["RetryCount"] == nil)
        #expect(state?["Name"] == "Look")
    }

    @Test func retryCountCountsTheAttemptsOfATask() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","Parameters":{"attempt.$":"$$.State.RetryCount"},
              "Retry":[{"ErrorEquals":["Again"],"IntervalSeconds":1,"MaxAttempts":3}],"End":true}}}
            """#
        _ = try await h.start(try await h.createMachine(definition))
        var attempts: [JSONValue] = []
        for _ in 0..<3 {
            let task = try await h.takeTask(activity)
            attempts.append(task.input["attempt"] ?? .null)
            try await h.fail(task.token, error: "Again")
            await h.advance(by: 10)
        }
        #expect(attempts == [0, 1, 2])
    }

    @Test func mapItemIndexAndValueInsideItemSelector() async throws {
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemSelector":{"at.$":"$$.Map.Item.Index","item.$":"$$.Map.Item.Value.name"},
              "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}
            """#
        let output = try json(try await h.run(definition, input: #"[{"name":"x"},{"name":"y"}]"#).output)
        #expect(output == [["at": 0, "item": "x"], ["at": 1, "item": "y"]])
    }

    @Test func theWholeContextCanBeSelectedByInputPath() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$$.Execution.Name","End":true}}}"#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine, name: "named")
        #expect(try json(try await h.finish(execution).output) == "named")
    }
}
