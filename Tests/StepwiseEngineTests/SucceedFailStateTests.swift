import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct SucceedFailStateTests {
    let h = Harness()

    @Test func succeedEndsWithItsInputThroughInputPathAndOutputPath() async throws {
        let definition = #"{"StartAt":"S","States":{"S":{"Type":"Succeed","InputPath":"$.a","OutputPath":"$.b"}}}"#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine, input: #"{"a":{"b":[true]}}"#)
        let result = try await h.finish(execution)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [true])
        #expect(try await h.eventTypes(execution) == [.executionStarted, .succeedStateEntered, .succeedStateExited, .executionSucceeded])
    }

    @Test func failEndsWithItsErrorAndCause() async throws {
        let definition = #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"My.Error","Cause":"it broke"}}}"#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine)
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        #expect(result.error == "My.Error")
        #expect(result.cause == "it broke")
        #expect(result.output == nil)
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [.executionStarted, .failStateEntered, .executionFailed])
        #expect(events.last?.details?["error"] == "My.Error")
        #expect(events.last?.details?["cause"] == "it broke")
    }

    @Test func failWithoutErrorOrCauseReportsNeither() async throws {
        let result = try await h.run(#"{"StartAt":"F","States":{"F":{"Type":"Fail"}}}"#)
        #expect(result.status == .failed)
        #expect(result.error == nil)
        #expect(result.cause == nil)
    }

    @Test func errorPathAndCausePathReadTheInput() async throws {
        let definition = #"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e.name","CausePath":"$.e.why"}}}"#
        let result = try await h.run(definition, input: #"{"e":{"name":"Custom","why":"because"}}"#)
        #expect(result.error == "Custom")
        #expect(result.cause == "because")
    }

    @Test func causePathMayCallAnIntrinsic() async throws {
        let definition = #"""
            {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","CausePath":"States.Format('order {} failed', $.id)"}}}
            """#
        let result = try await h.run(definition, input: #"{"id":17}"#)
        #expect(result.cause == "order 17 failed")
    }

    @Test func errorPathMayReadAVariable() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"reason":"Out.Of.Stock"},"Next":"F"},
              "F":{"Type":"Fail","ErrorPath":"$reason","Cause":"c"}}}
            """#
        #expect(try await h.run(definition).error == "Out.Of.Stock")
    }

    @Test func errorPathThatSelectsANonStringIsARuntimeError() async throws {
        let definition = #"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.code"}}}"#
        let result = try await h.run(definition, input: #"{"code":42}"#)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("must select a string") == true)
    }

    @Test func errorPathThatSelectsNothingIsARuntimeError() async throws {
        let result = try await h.run(#"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.nope"}}}"#)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("could not be found in the input") == true)
    }
}
