import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct ChoiceStateTests {
    let h = Harness()

    /// A Choice with one rule going to `Yes` and a Default going to `No`; each end state
    /// reports which way the execution went.
    static func machine(rule: String) -> String {
        #"""
        {"StartAt":"Decide","States":{
          "Decide":{"Type":"Choice","Choices":[\#(rule)],"Default":"No"},
          "Yes":{"Type":"Pass","Result":"yes","End":true},
          "No":{"Type":"Pass","Result":"no","End":true}}}
        """#
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let rule: String
        let input: String
        let expected: String
        var testDescription: String { "\(rule) on \(input) → \(expected)" }
    }

    static let cases: [Case] = [
        Case(rule: #"{"Variable":"$.n","NumericGreaterThan":10,"Next":"Yes"}"#, input: #"{"n":11}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.n","NumericGreaterThan":10,"Next":"Yes"}"#, input: #"{"n":10}"#, expected: "no"),
        Case(rule: #"{"Variable":"$.n","NumericLessThanEquals":10,"Next":"Yes"}"#, input: #"{"n":10}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.n","NumericEquals":1.5,"Next":"Yes"}"#, input: #"{"n":1.50}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.s","StringEquals":"go","Next":"Yes"}"#, input: #"{"s":"go"}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.s","StringEquals":"go","Next":"Yes"}"#, input: #"{"s":"Go"}"#, expected: "no"),
        Case(rule: #"{"Variable":"$.s","StringLessThan":"b","Next":"Yes"}"#, input: #"{"s":"a"}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.s","StringMatches":"log-*.txt","Next":"Yes"}"#, input: #"{"s":"log-2024.txt"}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.s","StringMatches":"log-*.txt","Next":"Yes"}"#, input: #"{"s":"log-2024.csv"}"#, expected: "no"),
        Case(rule: #"{"Variable":"$.b","BooleanEquals":true,"Next":"Yes"}"#, input: #"{"b":true}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.b","BooleanEquals":true,"Next":"Yes"}"#, input: #"{"b":"true"}"#, expected: "no"),
        Case(rule: #"{"Variable":"$.t","TimestampLessThan":"2024-01-01T00:00:00Z","Next":"Yes"}"#, input: #"{"t":"2023-12-31T23:59:59Z"}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.a","NumericLessThanPath":"$.b","Next":"Yes"}"#, input: #"{"a":1,"b":2}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.a","StringEqualsPath":"$.b","Next":"Yes"}"#, input: #"{"a":"x","b":"y"}"#, expected: "no"),
        Case(rule: #"{"Variable":"$.x","IsPresent":true,"Next":"Yes"}"#, input: #"{"x":null}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.x","IsPresent":true,"Next":"Yes"}"#, input: #"{}"#, expected: "no"),
        Case(rule: #"{"Variable":"$.x","IsNull":true,"Next":"Yes"}"#, input: #"{"x":null}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.x","IsNumeric":true,"Next":"Yes"}"#, input: #"{"x":"1"}"#, expected: "no"),
        Case(rule: #"{"Variable":"$.x","IsString":true,"Next":"Yes"}"#, input: #"{"x":"1"}"#, expected: "yes"),
        Case(rule: #"{"Variable":"$.x","IsTimestamp":true,"Next":"Yes"}"#, input: #"{"x":"2024-02-29T12:00:00Z"}"#, expected: "yes"),
        Case(rule: #"{"And":[{"Variable":"$.n","NumericGreaterThanEquals":1},{"Variable":"$.n","NumericLessThan":5}],"Next":"Yes"}"#, input: #"{"n":3}"#, expected: "yes"),
        Case(rule: #"{"And":[{"Variable":"$.n","NumericGreaterThanEquals":1},{"Variable":"$.n","NumericLessThan":5}],"Next":"Yes"}"#, input: #"{"n":5}"#, expected: "no"),
        Case(rule: #"{"Or":[{"Variable":"$.s","StringEquals":"a"},{"Variable":"$.s","StringEquals":"b"}],"Next":"Yes"}"#, input: #"{"s":"b"}"#, expected: "yes"),
        Case(rule: #"{"Not":{"Variable":"$.s","StringEquals":"a"},"Next":"Yes"}"#, input: #"{"s":"a"}"#, expected: "no"),
    ]

    @Test(arguments: cases) func ruleSelectsTheBranch(_ c: Case) async throws {
        let result = try await h.run(Self.machine(rule: c.rule), input: c.input)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == .string(c.expected))
    }

    @Test func theFirstMatchingRuleWins() async throws {
        let definition = #"""
            {"StartAt":"Decide","States":{
              "Decide":{"Type":"Choice","Choices":[
                {"Variable":"$.n","NumericGreaterThan":0,"Next":"First"},
                {"Variable":"$.n","NumericGreaterThan":1,"Next":"Second"}]},
              "First":{"Type":"Pass","Result":"first","End":true},
              "Second":{"Type":"Pass","Result":"second","End":true}}}
            """#
        #expect(try json(try await h.run(definition, input: #"{"n":5}"#).output) == "first")
    }

    @Test func noMatchWithoutDefaultFailsTheExecution() async throws {
        let definition = #"""
            {"StartAt":"Decide","States":{
              "Decide":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"One"}]},
              "One":{"Type":"Succeed"}}}
            """#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine, input: #"{"n":2}"#)
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        // The States Language library follows AWS here: a JSONPath Choice with no match and
        // no Default fails with States.Runtime (AWS reserves States.NoChoiceMatched).
        #expect(result.error == CompiledChoiceState.noChoiceMatched.error)
        #expect(result.cause?.contains("Failed to transition out of the state") == true)
        #expect(result.cause?.hasPrefix("An error occurred while executing the state 'Decide'") == true)
        #expect(try await h.eventTypes(execution) == [.executionStarted, .choiceStateEntered, .executionFailed])
    }

    @Test func aComparisonOnAMissingFieldIsARuntimeError() async throws {
        let result = try await h.run(Self.machine(rule: #"{"Variable":"$.missing","NumericEquals":1,"Next":"Yes"}"#), input: "{}")
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test func choiceAppliesInputPathAndOutputPathToItsOutput() async throws {
        let definition = #"""
            {"StartAt":"Decide","States":{
              "Decide":{"Type":"Choice","InputPath":"$.inner","OutputPath":"$.keep",
                "Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"Done"}]},
              "Done":{"Type":"Succeed"}}}
            """#
        let result = try await h.run(definition, input: #"{"inner":{"n":1,"keep":{"k":true}},"n":0}"#)
        #expect(try json(result.output) == ["k": true])
    }

    @Test func choiceRecordsEnteredAndExitedEvents() async throws {
        let machine = try await h.createMachine(Self.machine(rule: #"{"Variable":"$.n","NumericEquals":1,"Next":"Yes"}"#))
        let execution = try await h.start(machine, input: #"{"n":1}"#)
        _ = try await h.finish(execution)
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .choiceStateEntered, .choiceStateExited, .passStateEntered, .passStateExited, .executionSucceeded,
        ])
        #expect(events[2].details?["name"] == "Decide")
        #expect(try events[2].payload("output") == ["n": 1])
    }
}
