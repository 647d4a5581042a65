import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct HistoryLimitTests {
    let h = Harness()

    @Test func anEndlessLoopFailsAtTheHistoryQuotaInsteadOfHangingTheEngine() async throws {
        let definition = #"""
            {"StartAt":"Spin","States":{
              "Spin":{"Type":"Pass","Next":"Again"},
              "Again":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"Done"}],"Default":"Spin"},
              "Done":{"Type":"Succeed"}}}
            """#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine)
        let result = try await h.describe(execution)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("maximum number of history events (25000)") == true)
        let events = try await h.history(execution)
        #expect(events.count <= 25_003)
        #expect(events.last?.type == .executionFailed)
        // The engine is still responsive.
        #expect(try await h.engine.listExecutions(ListExecutionsInput()).executions.count == 1)
    }

    @Test func aLongButFiniteLoopFinishes() async throws {
        let definition = #"""
            {"StartAt":"Init","States":{
              "Init":{"Type":"Pass","Result":0,"ResultPath":"$.i","Next":"Check"},
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericGreaterThanEquals":1000,"Next":"Done"}],"Default":"Step"},
              "Step":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
              "Done":{"Type":"Succeed"}}}
            """#
        let result = try await h.run(definition)
        #expect(try json(result.output) == ["i": 1000])
    }
}
