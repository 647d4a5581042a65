import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct PayloadTemplateTests {
    let input: JSONValue = ["name": "Ada", "items": [1, 2, 3], "nested": ["deep": true]]
    let context: JSONValue = ["Execution": ["Id": "arn:exec"], "Map": ["Item": ["Index": 2]]]
    let variables: [String: JSONValue] = ["greeting": "hello", "config": ["retries": 3]]

    func evaluate(_ template: JSONValue) throws -> JSONValue {
        try PayloadTemplate.evaluate(template, input: input, context: context, variables: variables)
    }

    @Test func literalsPassThroughAndPathsAreReplaced() throws {
        let result = try evaluate([
            "static": "x", "list": [1, ["k": "v"]],
            "who.$": "$.name", "all.$": "$", "ids.$": "$.items[1:]",
            "exec.$": "$$.Execution.Id", "index.$": "$$.Map.Item.Index",
            "greeting.$": "$greeting", "retries.$": "$config.retries",
            "inner": ["flag.$": "$.nested.deep", "array": [["v.$": "$.items[0]"], "plain"]],
            "call.$": "States.Format('{} {}', $greeting, $.name)",
        ])
        #expect(result == [
            "static": "x", "list": [1, ["k": "v"]],
            "who": "Ada", "all": input, "ids": [2, 3],
            "exec": "arn:exec", "index": 2,
            "greeting": "hello", "retries": 3,
            "inner": ["flag": true, "array": [["v": 1], "plain"]],
            "call": "hello Ada",
        ])
        // Keys keep the template's order, with the `.$` suffix removed.
        #expect(result.objectValue?.keys.first == "static")
        #expect(result.objectValue?.keys.last == "call")
    }

    @Test func nonObjectTemplatesAreValues() throws {
        #expect(try evaluate("text") == "text")
        #expect(try evaluate([1, ["a.$": "$.name"]]) == [1, ["a": "Ada"]])
    }

    @Test func templatesWithoutDynamicFieldsCompileToTheirValue() throws {
        let template: JSONValue = ["a": [1, 2], "b": ["c": "d"]]
        #expect(try PayloadTemplate.compile(template).root == .literal(template))
    }

    @Test func aMissingPathFailsWithAWSCause() {
        #expect(throws: StatesError.runtime("The JSONPath '$.nope' specified for the field 'value.$' could not be found in the input '\(input)'")) {
            try evaluate(["outer": ["value.$": "$.nope"]])
        }
        #expect(throws: StatesError.runtime("The JSONPath '$$.Execution.Nope' specified for the field 'v.$' could not be found in the input '\(input)'")) {
            try evaluate(["v.$": "$$.Execution.Nope"])
        }
        #expect(throws: StatesError.runtime("The JSONPath '$unknown' specified for the field 'v.$' could not be found in the input '\(input)'")) {
            try evaluate(["v.$": "$unknown"])
        }
    }

    @Test func malformedDynamicFieldsAreDefinitionErrors() {
        #expect(throws: StatesError.runtime("The value for the field 'arrayField.$' must be a STRING that contains a JSONPath but was an ARRAY")) {
            try PayloadTemplate.compile(["arrayField.$": ["$.a"]])
        }
        #expect(throws: StatesError.self) { try PayloadTemplate.compile(["a.$": "name"]) }
        #expect(throws: StatesError.self) { try PayloadTemplate.compile(["a.$": "States.Nope()"]) }
        #expect(throws: StatesError.self) { try PayloadTemplate.compile(["a.$": "$.a["]) }
    }

    @Test func intrinsicFailuresPropagate() {
        #expect(throws: StatesError.runtime("The function 'States.ArrayLength($.name)' had the following error: Invalid arguments in States.ArrayLength")) {
            try evaluate(["n.$": "States.ArrayLength($.name)"])
        }
    }

    @Test func deepTemplatesAreRefusedNotCrashing() {
        var template: JSONValue = ["x.$": "$"]
        for _ in 0..<600 { template = ["a": template] }
        #expect(throws: StatesError.self) { try PayloadTemplate.compile(template) }
    }
}
