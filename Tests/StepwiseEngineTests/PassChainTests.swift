import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct PassChainTests {
    @Test func passChainSucceeds() async throws {
        let engine = Engine()
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.a","Next":"B"},"B":{"Type":"Pass","End":true}}}"#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: "arn:aws:iam::123456789012:role/r"))
        let started = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: #"{"in":true}"#))
        let result = try await engine.waitForExecution(started.executionArn)
        #expect(result.status == .succeeded)
        #expect(try JSONParser.parse(result.output ?? "") == ["in": true, "a": ["x": 1]])
    }
}
