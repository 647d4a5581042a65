import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct DataFlowTests {
    let h = Harness()

    static func pass(_ fields: String) -> String {
        #"{"StartAt":"A","States":{"A":{"Type":"Pass",\#(fields)"End":true}}}"#
    }

    @Test func nullInputPathGivesAnEmptyObject() async throws {
        let result = try await h.run(Self.pass(#""InputPath":null,"#), input: #"{"a":1}"#)
        #expect(try json(result.output) == [:])
    }

    @Test func nullOutputPathGivesAnEmptyObject() async throws {
        let result = try await h.run(Self.pass(#""OutputPath":null,"#), input: #"{"a":1}"#)
        #expect(try json(result.output) == [:])
    }

    @Test func dollarResultPathReplacesTheInput() async throws {
        let result = try await h.run(Self.pass(#""Result":{"r":1},"ResultPath":"$","#), input: #"{"a":1}"#)
        #expect(try json(result.output) == ["r": 1])
    }

    @Test func resultPathOverwritesAnExistingField() async throws {
        let result = try await h.run(Self.pass(#""Result":"new","ResultPath":"$.a.b","#), input: #"{"a":{"b":"old","c":1}}"#)
        #expect(try json(result.output) == ["a": ["b": "new", "c": 1]])
    }

    @Test func inputPathThatFindsNothingIsARuntimeError() async throws {
        let result = try await h.run(Self.pass(#""InputPath":"$.missing","#), input: #"{"a":1}"#)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause == "An error occurred while executing the state 'A' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']")
    }

    @Test func outputPathThatFindsNothingIsARuntimeError() async throws {
        let result = try await h.run(Self.pass(#""OutputPath":"$.missing","#), input: #"{"a":1}"#)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("Invalid path '$.missing'") == true)
    }

    @Test func aParameterPathThatFindsNothingIsARuntimeError() async throws {
        let result = try await h.run(Self.pass(#""Parameters":{"x.$":"$.missing"},"#), input: #"{"a":1}"#)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'$.missing'") == true)
    }

    @Test func parametersCanFilterAndSliceArrays() async throws {
        let fields = #""Parameters":{"cheap.$":"$.items[?(@.price < 10)].name","firstTwo.$":"$.items[0:2].name"},"#
        let input = #"{"items":[{"name":"a","price":5},{"name":"b","price":50},{"name":"c","price":1}]}"#
        let result = try await h.run(Self.pass(fields), input: input)
        #expect(try json(result.output) == ["cheap": ["a", "c"], "firstTwo": ["a", "b"]])
    }

    @Test func theStepsApplyInOrder() async throws {
        // InputPath → Parameters → ResultPath (into the raw input) → OutputPath.
        let fields = #""InputPath":"$.in","Parameters":{"p.$":"$.v"},"ResultPath":"$.placed","OutputPath":"$.placed","#
        let result = try await h.run(Self.pass(fields), input: #"{"in":{"v":"value"}}"#)
        #expect(try json(result.output) == ["p": "value"])
    }

    @Test func parametersCanReadTheContextObjectAndVariables() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"greeting":"hi"},"Next":"A"},
              "A":{"Type":"Pass","Parameters":{"who.$":"$$.Execution.Input.name","say.$":"$greeting"},"End":true}}}
            """#
        #expect(try json(try await h.run(definition, input: #"{"name":"Ann"}"#).output) == ["who": "Ann", "say": "hi"])
    }

    @Test func resultSelectorShapesAMapResult() async throws {
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","ResultSelector":{"n.$":"States.ArrayLength($)"},"ResultPath":"$.summary",
              "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true,"ItemsPath":"$.xs"}}}
            """#
        #expect(try json(try await h.run(definition, input: #"{"xs":[1,2,3]}"#).output) == ["xs": [1, 2, 3], "summary": ["n": 3]])
    }

    @Test func anOutputOverTheSizeLimitFailsWithDataLimitExceeded() async throws {
        let big = String(repeating: "x", count: 140_000)
        let definition = Self.pass(#""Parameters":{"a.$":"$.big","b.$":"$.big"},"#)
        let result = try await h.run(definition, input: #"{"big":"\#(big)"}"#)
        #expect(result.status == .failed)
        #expect(result.error == "States.DataLimitExceeded")
        #expect(result.cause?.contains("'A'") == true)
    }

    @Test func dataLimitExceededIsNotCaughtByStatesAll() async throws {
        let big = String(repeating: "x", count: 140_000)
        let definition = #"""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true,"Branches":[
                {"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"a.$":"$.big","b.$":"$.big"},"End":true}}}]},
              "Caught":{"Type":"Succeed"}}}
            """#
        let result = try await h.run(definition, input: #"{"big":"\#(big)"}"#)
        #expect(result.status == .failed)
        #expect(result.error == "States.DataLimitExceeded")
    }

    @Test func dataLimitExceededCanBeCaughtByName() async throws {
        let big = String(repeating: "x", count: 140_000)
        let definition = #"""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Catch":[{"ErrorEquals":["States.DataLimitExceeded"],"ResultPath":null,"Next":"Caught"}],"End":true,"Branches":[
                {"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"a.$":"$.big","b.$":"$.big"},"End":true}}}]},
              "Caught":{"Type":"Pass","Result":"caught","End":true}}}
            """#
        let result = try await h.run(definition, input: #"{"big":"\#(big)"}"#)
        #expect(try json(result.output) == "caught")
    }

    @Test func anExecutionInputOverTheLimitIsRefused() async throws {
        let machine = try await h.createMachine(Self.pass(""))
        let input = #"{"big":"\#(String(repeating: "x", count: 262_144))"}"#
        let error = try await #require(throws: StepFunctionsError.self) { try await h.start(machine, input: input) }
        #expect(error.code == .invalidExecutionInput)
    }
}
