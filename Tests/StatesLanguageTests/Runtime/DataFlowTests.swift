import Foundation
import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct DataFlowTests {
    typealias Flow = JSONPathDataFlow
    let input: JSONValue = [
        "a": ["b": 1], "wait": 5, "neg": -1, "frac": 1.5, "text": "abc", "when": "2016-03-14T01:59:00Z",
        "items": [1, 2], "count": "3", "pct": 12.5, "err": "Oops", "cause": ["x": 1],
    ]
    let context: JSONValue = ["State": ["Name": "S"]]
    let variables: [String: JSONValue] = ["v": ["w": 2]]

    func path(_ text: String) throws -> JSONPath { try JSONPath.parse(text) }
    func field(_ text: String) throws -> JSONPathOrNull { .path(try path(text)) }

    @Test func inputPath() throws {
        #expect(try Flow.inputPath(nil, input: input, context: context, variables: variables) == input)
        #expect(try Flow.inputPath(.null, input: input, context: context, variables: variables) == [:])
        #expect(try Flow.inputPath(field("$.a"), input: input, context: context, variables: variables) == ["b": 1])
        #expect(try Flow.inputPath(field("$$.State.Name"), input: input, context: context, variables: variables) == "S")
        #expect(try Flow.inputPath(field("$v.w"), input: input, context: context, variables: variables) == 2)
        #expect(throws: StatesError.runtime("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']")) {
            try Flow.inputPath(field("$.NoSuchInputPath"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("Invalid path '$.x.y' : Missing property in path $['x']")) {
            try Flow.inputPath(field("$.x.y"), input: input, context: context, variables: variables)
        }
    }

    @Test func parametersAndResultSelector() throws {
        let template = try PayloadTemplate.compile(["b.$": "$.b"])
        #expect(try Flow.parameters(nil, effectiveInput: input, context: context, variables: variables) == input)
        #expect(try Flow.parameters(template, effectiveInput: ["b": 1], context: context, variables: variables) == ["b": 1])
        #expect(try Flow.resultSelector(nil, result: "r", context: context, variables: variables) == "r")
        #expect(try Flow.resultSelector(template, result: ["b": 9, "c": 0], context: context, variables: variables) == ["b": 9])
    }

    @Test func resultPath() throws {
        #expect(try Flow.resultPath(nil, result: "r", input: input) == "r")
        #expect(try Flow.resultPath(.null, result: "r", input: input) == input)
        #expect(try Flow.resultPath(field("$"), result: "r", input: input) == "r")
        #expect(try Flow.resultPath(field("$.a.c"), result: "r", input: ["a": ["b": 1]]) == ["a": ["b": 1, "c": "r"]])
        #expect(throws: StatesError.runtime("Unable to apply ReferencePath $.a.b.c to input {\"a\":{\"b\":1}}")) {
            try Flow.resultPath(field("$.a.b.c"), result: "r", input: ["a": ["b": 1]])
        }
    }

    @Test func outputPath() throws {
        #expect(try Flow.outputPath(nil, output: "o", context: context, variables: variables) == "o")
        #expect(try Flow.outputPath(.null, output: "o", context: context, variables: variables) == [:])
        #expect(try Flow.outputPath(field("$.a.b"), output: input, context: context, variables: variables) == 1)
        #expect(throws: StatesError.runtime("Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']")) {
            try Flow.outputPath(field("$.NoSuchOutputPath"), output: input, context: context, variables: variables)
        }
        #expect(throws: Never.self) { try JSONPathOrNull(.path("$.a")) }
        #expect(throws: JSONPathSyntaxError.self) { try JSONPathOrNull(.path("a")) }
    }

    @Test func waitSeconds() throws {
        #expect(try Flow.waitSeconds(path("$.wait"), input: input, context: context, variables: variables) == 5)
        #expect(throws: StatesError.runtime("The SecondsPath parameter references a negative value: $.neg == -1")) {
            try Flow.waitSeconds(path("$.neg"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: $.frac == 1.5")) {
            try Flow.waitSeconds(path("$.frac"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: $.text == abc")) {
            try Flow.waitSeconds(path("$.text"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The SecondsPath parameter does not reference an input value: $.input.waitSeconds")) {
            try Flow.waitSeconds(path("$.input.waitSeconds"), input: input, context: context, variables: variables)
        }
    }

    @Test func taskTimeouts() throws {
        #expect(try Flow.timeoutSeconds(path("$.wait"), input: input, context: context, variables: variables) == 5)
        #expect(try Flow.heartbeatSeconds(path("$.wait"), input: input, context: context, variables: variables) == 5)
        #expect(throws: StatesError.runtime("The TimeoutSecondsPath parameter references a negative value: $.neg == -1")) {
            try Flow.timeoutSeconds(path("$.neg"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The HeartbeatSecondsPath parameter references a value that is not positive: $.z == 0")) {
            try Flow.heartbeatSeconds(path("$.z"), input: ["z": 0], context: context, variables: variables)
        }
    }

    @Test func waitTimestamp() throws {
        #expect(try Flow.waitTimestamp(path("$.when"), input: input, context: context, variables: variables)
            == Date(timeIntervalSince1970: 1_457_920_740))
        #expect(throws: StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.text == abc")) {
            try Flow.waitTimestamp(path("$.text"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.wait == 5")) {
            try Flow.waitTimestamp(path("$.wait"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The TimestampPath parameter does not reference an input value: $.nope")) {
            try Flow.waitTimestamp(path("$.nope"), input: input, context: context, variables: variables)
        }
    }

    @Test func mapSettings() throws {
        #expect(try Flow.items(path("$.items"), input: input, context: context, variables: variables) == [1, 2])
        #expect(throws: StatesError.runtime("Map state input must be an array but was: {\"b\":1}")) {
            try Flow.items(path("$.a"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The JSONPath '$.nope' specified for the field 'ItemsPath' could not be found in the input '\(input)'")) {
            try Flow.items(path("$.nope"), input: input, context: context, variables: variables)
        }
        #expect(try Flow.maxConcurrency(path("$.wait"), input: input, context: context, variables: variables) == 5)
        #expect(try Flow.maxConcurrency(path("$.count"), input: input, context: context, variables: variables) == 3)
        #expect(throws: StatesError.runtime("The MaxConcurrencyPath field refers to value \"abc\" which is not a valid integer: $.text")) {
            try Flow.maxConcurrency(path("$.text"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The MaxConcurrencyPath field refers to value \"{\"b\":1}\" which is not a valid integer: $.a")) {
            try Flow.maxConcurrency(path("$.a"), input: input, context: context, variables: variables)
        }
        #expect(try Flow.toleratedFailureCount(path("$.wait"), input: input, context: context, variables: variables) == 5)
        #expect(throws: StatesError.runtime("ToleratedFailureCount cannot be negative.")) {
            try Flow.toleratedFailureCount(path("$.neg"), input: input, context: context, variables: variables)
        }
        #expect(try Flow.toleratedFailurePercentage(path("$.pct"), input: input, context: context, variables: variables) == 12.5)
        #expect(throws: StatesError.runtime("ToleratedFailurePercentage must be between 0 and 100.")) {
            try Flow.toleratedFailurePercentage(path("$.x"), input: ["x": 100.1], context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The ToleratedFailurePercentagePath field refers to value \"abc\" which is not a valid float: $.text")) {
            try Flow.toleratedFailurePercentage(path("$.text"), input: input, context: context, variables: variables)
        }
    }

    @Test func failPaths() throws {
        #expect(try Flow.failError(DynamicValue.parse("$.err"), input: input, context: context, variables: variables) == "Oops")
        #expect(try Flow.failCause(DynamicValue.parse("States.Format('{}!', $.err)"), input: input, context: context, variables: variables) == "Oops!")
        #expect(throws: StatesError.runtime("The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '\(input)'")) {
            try Flow.failError(DynamicValue.parse("$.ErrorX"), input: input, context: context, variables: variables)
        }
        #expect(throws: StatesError.runtime("The JSONPath '$.cause' specified for the field 'CausePath' must select a string, but selected object {\"x\":1}")) {
            try Flow.failCause(DynamicValue.parse("$.cause"), input: input, context: context, variables: variables)
        }
        #expect(throws: DynamicValueSyntaxError.self) { try DynamicValue.parse("cause") }
    }
}
