import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct PassStateTests {
    let h = Harness()

    @Test func passWithoutFieldsHandsItsInputOn() async throws {
        let result = try await h.run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#, input: #"{"a":[1,2],"b":"x"}"#)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["a": [1, 2], "b": "x"])
    }

    @Test func resultReplacesTheInput() async throws {
        let result = try await h.run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"fixed":true},"End":true}}}"#, input: #"{"in":1}"#)
        #expect(try json(result.output) == ["fixed": true])
    }

    @Test func resultPathPlacesTheResultInsideTheInput() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":42,"ResultPath":"$.deep.answer","End":true}}}"#
        let result = try await h.run(definition, input: #"{"in":1}"#)
        #expect(try json(result.output) == ["in": 1, "deep": ["answer": 42]])
    }

    @Test func nullResultPathDiscardsTheResult() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"dropped","ResultPath":null,"End":true}}}"#
        let result = try await h.run(definition, input: #"{"kept":true}"#)
        #expect(try json(result.output) == ["kept": true])
    }

    @Test func parametersBuildTheResultFromTheInput() async throws {
        let definition = #"""
            {"StartAt":"A","States":{"A":{"Type":"Pass",
              "Parameters":{"constant":"c","copied.$":"$.x","nested":{"list.$":"$.items[1]"}},"End":true}}}
            """#
        let result = try await h.run(definition, input: #"{"x":{"y":1},"items":["a","b"]}"#)
        #expect(try json(result.output) == ["constant": "c", "copied": ["y": 1], "nested": ["list": "b"]])
    }

    @Test func resultTakesPrecedenceOverParameters() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"r","Parameters":{"p":1},"End":true}}}"#
        #expect(try json(try await h.run(definition).output) == "r")
    }

    @Test func outputPathSelectsPartOfTheOutput() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":{"y":[1,2]}},"ResultPath":"$.r","OutputPath":"$.r.x.y","End":true}}}"#
        #expect(try json(try await h.run(definition).output) == [1, 2])
    }

    @Test func inputPathNarrowsWhatParametersSee() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.inner","Parameters":{"v.$":"$.v"},"End":true}}}"#
        let result = try await h.run(definition, input: #"{"inner":{"v":7},"v":0}"#)
        #expect(try json(result.output) == ["v": 7])
    }

    @Test func aChainRunsEveryStateInOrder() async throws {
        let definition = #"""
            {"StartAt":"One","States":{
              "One":{"Type":"Pass","Result":1,"ResultPath":"$.one","Next":"Two"},
              "Two":{"Type":"Pass","Result":2,"ResultPath":"$.two","Next":"Three"},
              "Three":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.one, $.two)"},"End":true}}}
            """#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine)
        let result = try await h.finish(execution)
        #expect(try json(result.output) == ["sum": 3])
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .passStateEntered, .passStateExited, .passStateEntered, .passStateExited,
            .passStateEntered, .passStateExited, .executionSucceeded,
        ])
        let names = events.compactMap { $0.type == .passStateEntered ? $0.details?["name"]?.stringValue : nil }
        #expect(names == ["One", "Two", "Three"])
    }
}
