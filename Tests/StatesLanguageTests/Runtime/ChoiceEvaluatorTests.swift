import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct ChoiceEvaluatorTests {
    let input: JSONValue = [
        "s": "beta", "n": 10, "d": 2.5, "t": true, "z": nil, "ts": "2016-08-18T17:33:00Z",
        "tsOffset": "2016-08-18T19:33:00.5+02:00", "file": "log-2024.txt", "star": "a*b", "other": "beta", "ten": 10,
    ]
    let context: JSONValue = ["Execution": ["Name": "x"]]
    let variables: [String: JSONValue] = ["limit": 5]

    func holds(_ variable: String, _ op: ComparisonOperator, _ operand: JSONValue) throws -> Bool {
        try ChoiceEvaluator.evaluate(.comparison(Comparison(variable: variable, op: op, operand: operand)),
                                     input: input, context: context, variables: variables)
    }

    @Test func stringOperators() throws {
        #expect(try holds("$.s", .stringEquals, "beta"))
        #expect(try !holds("$.s", .stringEquals, "Beta"))
        #expect(try holds("$.s", .stringLessThan, "gamma"))
        #expect(try holds("$.s", .stringGreaterThan, "alpha"))
        #expect(try holds("$.s", .stringLessThanEquals, "beta"))
        #expect(try holds("$.s", .stringGreaterThanEquals, "beta"))
        #expect(try !holds("$.n", .stringEquals, "10"))
        #expect(try holds("$.s", .stringEqualsPath, "$.other"))
        #expect(try !holds("$.s", .stringLessThanPath, "$.other"))
        #expect(try holds("$.s", .stringGreaterThanEqualsPath, "$.other"))
        #expect(try holds("$.s", .stringLessThanEqualsPath, "$.other"))
        #expect(try !holds("$.s", .stringGreaterThanPath, "$.other"))
        // Ordered by UTF-16 code unit, as on the JVM: U+FF5E sorts after U+1F600, whose surrogates are smaller.
        #expect(try ChoiceEvaluator.evaluate(.comparison(Comparison(variable: "$.a", op: .stringLessThan, operand: "😀")),
                                             input: ["a": "～"], context: context, variables: variables) == false)
    }

    @Test func stringMatches() throws {
        #expect(try holds("$.file", .stringMatches, "log-*.txt"))
        #expect(try holds("$.file", .stringMatches, "*"))
        #expect(try holds("$.file", .stringMatches, "*2024*"))
        #expect(try !holds("$.file", .stringMatches, "log-*.csv"))
        #expect(try holds("$.star", .stringMatches, "a\\*b"))
        #expect(try !holds("$.file", .stringMatches, "a\\*b"))
        #expect(try !holds("$.n", .stringMatches, "*"))
        #expect(try StringPattern("a\\\\b").matches("a\\b", budget: EvaluationBudget()))
        #expect(try StringPattern("*a*a*a*a*a*b").matches(String(repeating: "a", count: 200), budget: EvaluationBudget()) == false)
    }

    @Test func numericOperators() throws {
        #expect(try holds("$.n", .numericEquals, 10))
        #expect(try holds("$.n", .numericEquals, 10.0))
        #expect(try !holds("$.d", .numericEquals, 2))
        #expect(try holds("$.d", .numericLessThan, 3))
        #expect(try holds("$.d", .numericGreaterThan, 2))
        #expect(try holds("$.n", .numericLessThanEquals, 10))
        #expect(try holds("$.n", .numericGreaterThanEquals, 10))
        #expect(try !holds("$.s", .numericGreaterThan, 0))
        #expect(try holds("$.n", .numericEqualsPath, "$.ten"))
        #expect(try !holds("$.n", .numericLessThanPath, "$.ten"))
        #expect(try !holds("$.n", .numericGreaterThanPath, "$.ten"))
        #expect(try holds("$.n", .numericLessThanEqualsPath, "$.ten"))
        #expect(try holds("$.n", .numericGreaterThanEqualsPath, "$limit"))
    }

    @Test func booleanOperators() throws {
        #expect(try holds("$.t", .booleanEquals, true))
        #expect(try !holds("$.t", .booleanEquals, false))
        #expect(try !holds("$.s", .booleanEquals, true))
        #expect(try holds("$.t", .booleanEqualsPath, "$.t"))
    }

    @Test func timestampOperators() throws {
        #expect(try holds("$.ts", .timestampEquals, "2016-08-18T17:33:00Z"))
        #expect(try holds("$.ts", .timestampLessThan, "2016-08-18T17:33:00.001Z"))
        #expect(try holds("$.ts", .timestampGreaterThan, "2016-08-18T19:32:59+02:00"))
        #expect(try holds("$.ts", .timestampLessThanEquals, "2016-08-18T17:33:00Z"))
        #expect(try holds("$.ts", .timestampGreaterThanEquals, "2016-08-18T17:33:00Z"))
        #expect(try holds("$.ts", .timestampLessThanPath, "$.tsOffset"))
        #expect(try !holds("$.ts", .timestampEqualsPath, "$.tsOffset"))
        #expect(try holds("$.ts", .timestampLessThanEqualsPath, "$.tsOffset"))
        #expect(try !holds("$.ts", .timestampGreaterThanPath, "$.tsOffset"))
        #expect(try !holds("$.ts", .timestampGreaterThanEqualsPath, "$.tsOffset"))
        #expect(try !holds("$.s", .timestampEquals, "2016-08-18T17:33:00Z"))
        #expect(try !holds("$.ts", .timestampEquals, "not a time"))
    }

    @Test func typeTests() throws {
        #expect(try holds("$.z", .isNull, true))
        #expect(try holds("$.s", .isNull, false))
        #expect(try holds("$.d", .isNumeric, true))
        #expect(try holds("$.s", .isNumeric, false))
        #expect(try holds("$.s", .isString, true))
        #expect(try holds("$.t", .isBoolean, true))
        #expect(try holds("$.n", .isBoolean, false))
        #expect(try holds("$.ts", .isTimestamp, true))
        #expect(try holds("$.s", .isTimestamp, false))
        #expect(try holds("$.z", .isPresent, true))
        #expect(try holds("$.missing", .isPresent, false))
        #expect(try !holds("$.missing", .isPresent, true))
        #expect(try holds("$$.Execution.Name", .isPresent, true))
        #expect(try holds("$limit", .isNumeric, true))
        #expect(try holds("$nothing", .isPresent, false))
    }

    @Test func missingValuesAreErrorsOutsideIsPresent() {
        #expect(throws: StatesError.runtime("Invalid path '$.missing': The choice state's condition path references an invalid value.")) {
            try holds("$.missing", .isNull, true)
        }
        #expect(throws: StatesError.runtime("Invalid path '$.missing': The choice state's condition path references an invalid value.")) {
            try holds("$.missing", .numericEquals, 1)
        }
        #expect(throws: StatesError.runtime("Invalid path '$.right': The choice state's condition path references an invalid value.")) {
            try holds("$.n", .numericEqualsPath, "$.right")
        }
        #expect(throws: StatesError.self) { try holds("$.n", .numericEqualsPath, 1) }
        #expect(throws: StatesError.self) { try holds("n", .numericEquals, 1) }
    }

    @Test func booleanCombinations() throws {
        let yes = ChoiceRule(condition: .comparison(Comparison(variable: "$.t", op: .booleanEquals, operand: true)))
        let no = ChoiceRule(condition: .comparison(Comparison(variable: "$.t", op: .booleanEquals, operand: false)))
        func eval(_ c: Condition) throws -> Bool { try ChoiceEvaluator.evaluate(c, input: input, context: context, variables: variables) }
        #expect(try eval(.and([yes, yes])))
        #expect(try !eval(.and([yes, no])))
        #expect(try eval(.or([no, yes])))
        #expect(try !eval(.or([no, no])))
        #expect(try eval(.not(no)))
        #expect(try eval(.and([])))
        #expect(try !eval(.or([])))
        #expect(throws: StatesError.self) { try eval(.jsonata("{% true %}")) }
    }

    @Test func selectionTakesTheFirstMatchThenTheDefault() throws {
        let rules = [
            ChoiceRule(condition: .comparison(Comparison(variable: "$.n", op: .numericLessThan, operand: 5)), next: "Small"),
            ChoiceRule(condition: .comparison(Comparison(variable: "$.n", op: .numericGreaterThan, operand: 5)), next: "Big"),
            ChoiceRule(condition: .comparison(Comparison(variable: "$.n", op: .numericGreaterThan, operand: 1)), next: "Also"),
        ]
        #expect(try ChoiceEvaluator.select(rules, default: "Other", input: input, context: context, variables: variables)
            == .init(ruleIndex: 1, next: "Big"))
        #expect(try ChoiceEvaluator.select(Array(rules.prefix(1)), default: "Other", input: input, context: context, variables: variables)
            == .init(ruleIndex: nil, next: "Other"))
        #expect(throws: StatesError.runtime("Failed to transition out of the state. The state does not point to a next state.")) {
            try ChoiceEvaluator.select(Array(rules.prefix(1)), default: nil, input: input, context: context, variables: variables)
        }
    }

    @Test func timestampsFollowRFC3339AsStepFunctionsReadsIt() {
        for valid in ["2016-08-18T17:33:00Z", "2016-02-29T23:59:59.123456789Z", "2016-08-18T17:33:00-07:30", "2026-11-24T18:49:26.00Z"] {
            #expect(Timestamp(rfc3339: valid) != nil, "\(valid)")
        }
        for invalid in ["2016-13-05T21:29:29Z", "05-12-2016T21:29:29Z", "2016-12-05T25:29:29Z", "2016-12-05 21:29:29Z",
                        "2016-12-05T21:29:29", "2015-02-29T00:00:00Z", "2016-08-18t17:33:00Z", "2016-08-18T17:33Z",
                        "2016-08-18T17:33:00.1234567890Z", "2016-08-18T17:33:00+0200", "2016-08-18T17:33:00Zjunk", ""] {
            #expect(Timestamp(rfc3339: invalid) == nil, "\(invalid)")
        }
        #expect(Timestamp(rfc3339: "1970-01-01T00:00:00Z")?.epochSeconds == 0)
        #expect(Timestamp(rfc3339: "1969-12-31T23:00:00-01:00")?.epochSeconds == 0)
        #expect(Timestamp(rfc3339: "2000-03-01T00:00:00.5Z")?.nanoseconds == 500_000_000)
    }
}
