import Foundation
import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct ConditionSugarTests {
    /// A choice state whose single rule has `condition` and goes to `:yes`.
    static func machine(_ condition: String) -> String {
        "{:start-at :c :states {:c {:type :choice :choices [{:condition \(condition) :next :yes}] :default :yes} :yes {:type :succeed}}}"
    }

    /// The rule the condition desugars to, without its `Next`.
    static func rule(_ condition: String) throws -> JSONValue {
        let document = try aslDocument(machine(condition))
        var rule = try #require(document["States"]?["c"]?["Choices"]?.arrayValue?.first?.objectValue)
        rule.removeValue(forKey: "Next")
        return .object(rule)
    }

    /// The sugar written for a rule (with `"Next": "yes"` added), compact.
    static func resugared(_ rule: JSONValue) throws -> String {
        var object = try #require(rule.objectValue)
        object["Next"] = "yes"
        let document: JSONValue = ["StartAt": "c", "States": ["c": ["Type": "Choice", "Choices": [.object(object)], "Default": "yes"], "yes": ["Type": "Succeed"]]]
        let sugar = SugaredEDN.resugar(document)
        let condition = sugar.mapValue?[.keyword(EDNName(name: "states"))]?.mapValue?[.keyword(EDNName(name: "c"))]?
            .mapValue?[.keyword(EDNName(name: "choices"))]?.sequenceValue?.first?.mapValue?[.keyword(EDNName(name: "condition"))]
        return try #require(condition).description
    }

    /// Canonical sugar and the rule members it stands for; each must convert both ways.
    static let bothWays: [(String, JSONValue)] = [
        (#""$.flag""#, ["Variable": "$.flag", "BooleanEquals": true]),
        (#""{% $states.input.ok %}""#, ["Condition": "{% $states.input.ok %}"]),
        ("true", ["Condition": true]),
        ("false", ["Condition": false]),
        (#"[:= "$.s" "a"]"#, ["Variable": "$.s", "StringEquals": "a"]),
        (#"[:< "$.s" "m"]"#, ["Variable": "$.s", "StringLessThan": "m"]),
        (#"[:<= "$.s" "m"]"#, ["Variable": "$.s", "StringLessThanEquals": "m"]),
        (#"[:> "$.s" "m"]"#, ["Variable": "$.s", "StringGreaterThan": "m"]),
        (#"[:>= "$.s" "m"]"#, ["Variable": "$.s", "StringGreaterThanEquals": "m"]),
        (#"[:= "$.n" 5]"#, ["Variable": "$.n", "NumericEquals": 5]),
        (#"[:< "$.n" 1.5]"#, ["Variable": "$.n", "NumericLessThan": .number(JSONNumber(literal: "1.5"))]),
        (#"[:<= "$.n" -2]"#, ["Variable": "$.n", "NumericLessThanEquals": -2]),
        (#"[:> "$.n" 1e3]"#, ["Variable": "$.n", "NumericGreaterThan": .number(JSONNumber(literal: "1e3"))]),
        (#"[:>= "$.n" 12345678901234567890123]"#, ["Variable": "$.n", "NumericGreaterThanEquals": .number(JSONNumber(literal: "12345678901234567890123"))]),
        (#"[:= "$.b" false]"#, ["Variable": "$.b", "BooleanEquals": false]),
        (#"[:= "{% x %}" true]"#, ["Variable": "{% x %}", "BooleanEquals": true]),
        (#"[:= "$.t" #inst "2016-03-14T01:59:00Z"]"#, ["Variable": "$.t", "TimestampEquals": "2016-03-14T01:59:00Z"]),
        (#"[:< "$.t" #inst "2016-03-14T01:59:00.5+02:00"]"#, ["Variable": "$.t", "TimestampLessThan": "2016-03-14T01:59:00.5+02:00"]),
        (#"[:<= "$.t" #inst "2016-03-14T01:59:00Z"]"#, ["Variable": "$.t", "TimestampLessThanEquals": "2016-03-14T01:59:00Z"]),
        (#"[:> "$.t" #inst "2016-03-14T01:59:00Z"]"#, ["Variable": "$.t", "TimestampGreaterThan": "2016-03-14T01:59:00Z"]),
        (#"[:>= "$.t" #inst "2016-03-14T01:59:00Z"]"#, ["Variable": "$.t", "TimestampGreaterThanEquals": "2016-03-14T01:59:00Z"]),
        (#"[:timestamp= "$.t" "yesterday"]"#, ["Variable": "$.t", "TimestampEquals": "yesterday"]),
        (#"[:timestamp>= "$.t" "2016-02-30T00:00:00Z"]"#, ["Variable": "$.t", "TimestampGreaterThanEquals": "2016-02-30T00:00:00Z"]),
        (#"[:>= "$.t" #inst "2016"]"#, ["Variable": "$.t", "TimestampGreaterThanEquals": "2016"]),
        (#"[:string= "$.a" {:path "$.b"}]"#, ["Variable": "$.a", "StringEqualsPath": "$.b"]),
        (#"[:numeric< "$.a" {:path "$.b"}]"#, ["Variable": "$.a", "NumericLessThanPath": "$.b"]),
        (#"[:boolean= "$.a" {:path "$.b"}]"#, ["Variable": "$.a", "BooleanEqualsPath": "$.b"]),
        (#"[:timestamp>= "$.a" {:path "$.b"}]"#, ["Variable": "$.a", "TimestampGreaterThanEqualsPath": "$.b"]),
        (#"[:present? "$.x"]"#, ["Variable": "$.x", "IsPresent": true]),
        (#"[:present? "$.x" false]"#, ["Variable": "$.x", "IsPresent": false]),
        (#"[:null? "$.x"]"#, ["Variable": "$.x", "IsNull": true]),
        (#"[:string? "$.x" false]"#, ["Variable": "$.x", "IsString": false]),
        (#"[:numeric? "$.x"]"#, ["Variable": "$.x", "IsNumeric": true]),
        (#"[:boolean? "$.x"]"#, ["Variable": "$.x", "IsBoolean": true]),
        (#"[:timestamp? "$.x" false]"#, ["Variable": "$.x", "IsTimestamp": false]),
        (#"[:matches "$.file" "log-*.txt"]"#, ["Variable": "$.file", "StringMatches": "log-*.txt"]),
        (#"[:not "$.flag"]"#, ["Not": ["Variable": "$.flag", "BooleanEquals": true]]),
        (#"[:and [:= "$.a" 1] [:present? "$.b"]]"#, ["And": [["Variable": "$.a", "NumericEquals": 1], ["Variable": "$.b", "IsPresent": true]]]),
        (#"[:or [:< "$.a" 0] [:not [:null? "$.b"]] "{% $c %}"]"#,
         ["Or": [["Variable": "$.a", "NumericLessThan": 0], ["Not": ["Variable": "$.b", "IsNull": true]], ["Condition": "{% $c %}"]]]),
        (#"[:and {:condition [:= "$.a" "x"] :comment "why"} [:not {:condition "$.f" :comment "flag"}]]"#,
         ["And": [["Variable": "$.a", "StringEquals": "x", "Comment": "why"], ["Not": ["Variable": "$.f", "BooleanEquals": true, "Comment": "flag"]]]]),
    ]

    @Test(arguments: bothWays)
    func sugarConvertsBothWays(sugar: String, rule: JSONValue) throws {
        #expect(try ConditionSugarTests.rule(sugar) == rule)
        #expect(try ConditionSugarTests.resugared(rule) == sugar)
    }

    /// Other spellings that desugar to the same rule as a canonical form.
    @Test(arguments: [
        (#"[:string= "$.s" "a"]"#, #"[:= "$.s" "a"]"#),
        (#"[:numeric>= "$.n" 2]"#, #"[:>= "$.n" 2]"#),
        (#"[:boolean= "$.b" true]"#, #""$.b""#),
        (#"[:= "$.b" true]"#, #""$.b""#),
        (#"[:timestamp< "$.t" #inst "2016-03-14T01:59:00Z"]"#, #"[:< "$.t" #inst "2016-03-14T01:59:00Z"]"#),
        (#"[:present? "$.x" true]"#, #"[:present? "$.x"]"#),
        (#"(:= "$.n" 5)"#, #"[:= "$.n" 5]"#),
        (#"[:and {:condition [:= "$.a" 1]}]"#, #"[:and [:= "$.a" 1]]"#),
    ])
    func equivalentSpellings(sugar: String, canonical: String) throws {
        #expect(try ConditionSugarTests.rule(sugar) == ConditionSugarTests.rule(canonical))
    }

    @Test func everyASLComparisonOperatorIsReachable() throws {
        var reached = Set<ComparisonOperator>()
        for op in ComparisonOperator.allCases {
            let operand: JSONValue
            switch (op.kind, op.isPath) {
            case (_, true): operand = "$.other"
            case (.string, _): operand = "text"
            case (.numeric, _): operand = 3
            case (.boolean, _): operand = false
            case (.timestamp, _): operand = "2020-01-01T00:00:00Z"
            case (.test, _): operand = true
            }
            let rule: JSONValue = ["Variable": "$.v", .init(stringLiteral: op.rawValue): operand]
            let sugar = try ConditionSugarTests.resugared(rule)
            let back = try ConditionSugarTests.rule(sugar)
            #expect(back == rule, "\(op.rawValue): \(sugar)")
            for name in back.objectValue?.keys ?? [] {
                if let reachedOp = ComparisonOperator(rawValue: name) { reached.insert(reachedOp) }
            }
        }
        #expect(reached == Set(ComparisonOperator.allCases))
    }

    @Test func topLevelRuleFields() throws {
        let document = try aslDocument("""
        {:start-at :c
         :states {:c {:type :choice
                      :choices [{:condition [:= "$.a" 1] :next :yes :comment "one" :assign {:picked.$ "$.a"} :output {:v 1}}]
                      :default :yes}
                  :yes {:type :succeed}}}
        """)
        #expect(document["States"]?["c"]?["Choices"] == [[
            "Variable": "$.a", "NumericEquals": 1, "Next": "yes", "Comment": "one", "Assign": ["picked.$": "$.a"], "Output": ["v": 1],
        ]])
    }

    /// Mistakes, the pointer reported, and a phrase of the message (which always names the
    /// state and the rule index).
    @Test(arguments: [
        (#"[:foo "$.x" 1]"#, "/States/c/Choices/1", "unknown condition operator :foo"),
        (#"[:= "$.x"]"#, "/States/c/Choices/1", "takes a path and a value, found 1 argument"),
        (#"[:= "$.x" 1 2]"#, "/States/c/Choices/1", "found 3 arguments"),
        (#"[:< "$.b" true]"#, "/States/c/Choices/1", "ASL has no boolean < comparison"),
        (#"[:boolean>= "$.b" {:path "$.c"}]"#, "/States/c/Choices/1", "ASL has no boolean >= comparison"),
        (#"[:= "$.x" {:path "$.y"}]"#, "/States/c/Choices/1", "cannot tell which type to compare"),
        (#"[:string= "$.x" {:path "$.y" :extra 1}]"#, "/States/c/Choices/1", "a path operand is written {:path"),
        (#"[:numeric= "$.x" "7"]"#, "/States/c/Choices/1", ":numeric= compares with a numeric value, found string"),
        (#"[:string= "$.x" #inst "2020"]"#, "/States/c/Choices/1", ":string= compares with a string value"),
        (#"[:= "$.x" nil]"#, "/States/c/Choices/1", "cannot compare with nil"),
        (#"[:= "$.x" [1]]"#, "/States/c/Choices/1", "cannot compare with vector"),
        (#"[:= 5 1]"#, "/States/c/Choices/1", "the variable of [:= …] must be a path string"),
        (#"[:present? "$.x" 1]"#, "/States/c/Choices/1", "the third element of [:present? …] is true or false"),
        (#"[:present?]"#, "/States/c/Choices/1", "takes a path and an optional true or false"),
        (#"[:matches "$.x" 5]"#, "/States/c/Choices/1", ":matches takes a pattern string"),
        (#"[:matches "$.x" {:path "$.y"}]"#, "/States/c/Choices/1", ":matches takes a pattern string"),
        ("[:not]", "/States/c/Choices/1", "[:not C] takes exactly one condition, found 0"),
        (#"[:not "$.a" "$.b"]"#, "/States/c/Choices/1", "found 2"),
        ("[:and]", "/States/c/Choices/1", "[:and] needs at least one condition"),
        ("[:or]", "/States/c/Choices/1", "[:or] needs at least one condition"),
        ("[]", "/States/c/Choices/1", "found an empty vector"),
        (#"["$.x" :=]"#, "/States/c/Choices/1", "starts with an operator"),
        (#"[:ns/= "$.x" 1]"#, "/States/c/Choices/1", "starts with an operator"),
        ("42", "/States/c/Choices/1", "a condition is a vector"),
        (#"{:condition "$.x"}"#, "/States/c/Choices/1", "a condition is a vector"),
        (#"[:and [:= "$.a" 1] [:bogus]]"#, "/States/c/Choices/1/And/1", "unknown condition operator :bogus"),
        (#"[:or {:condition "$.a" :next :x}]"#, "/States/c/Choices/1/Or/0", "a nested condition map has only :condition and :comment"),
        (#"[:not {:comment "c"}]"#, "/States/c/Choices/1/Not", "a nested condition map needs a :condition"),
    ])
    func conditionMistakes(condition: String, path: String, phrase: String) {
        let text = "{:start-at :c :states {:c {:type :choice :choices [{:condition \"$.ok\" :next :yes} {:condition \(condition) :next :yes}] :default :yes} :yes {:type :succeed}}}"
        let result = desugarText(text)
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.path == path)
        #expect(diagnostic?.message.contains("choice rule 1 of state \"c\"") == true, "\(diagnostic?.message ?? "")")
        #expect(diagnostic?.message.contains(phrase) == true, "\(diagnostic?.message ?? "")")
        #expect(diagnostic?.location != nil)
    }

    @Test func ruleShapeMistakes() {
        let notAMap = desugarText(#"{:start-at :c :states {:c {:type :choice :choices [[:= "$.a" 1]] :default :c}}}"#)
        #expect(summary(notAMap) == ["INVALID_SUGAR /States/c/Choices/0"])
        #expect(notAMap.diagnostics.first?.message.contains("choice rule 0 of state \"c\" must be a map such as {:condition") == true)
        let noCondition = desugarText(#"{:start-at :c :states {:c {:type :choice :choices [{:next :c}] :default :c}}}"#)
        #expect(summary(noCondition) == ["INVALID_SUGAR /States/c/Choices/0"])
        #expect(noCondition.diagnostics.first?.message == "choice rule 0 of state \"c\" has no :condition")
        let notAVector = desugarText(#"{:start-at :c :states {:c {:type :choice :choices {:condition "$.a" :next :c}}}}"#)
        #expect(summary(notAVector) == ["INVALID_SUGAR /States/c/Choices"])
    }

    @Test func unrepresentableRulesStayRawSoTheyAreReported() throws {
        // Two comparisons in one rule (invalid ASL) cannot be sugared; the rule is kept with
        // string keys and desugaring names the problem instead of silently dropping a part.
        let document: JSONValue = ["StartAt": "c", "States": ["c": ["Type": "Choice", "Choices": [
            ["Variable": "$.a", "StringEquals": "x", "NumericEquals": 1, "Next": "c"],
        ]]]]
        #expect(SugaredEDN.resugar(document).description.contains(#"{"Variable" "$.a" "StringEquals" "x" "NumericEquals" 1 "Next" "c"}"#))
        let rendered = SugaredEDN.render(document)
        let result = SugaredEDN.desugar(text: rendered)
        #expect(result.diagnostics.map(\.code).contains("UNKNOWN_KEY"))
        #expect(result.diagnostics.contains { $0.message.contains("has no :condition") })
    }
}
