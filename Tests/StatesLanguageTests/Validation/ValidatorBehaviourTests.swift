import OrderedCollections
import StepwiseJSON
import Testing
@testable import StatesLanguage

/// How the validator reports: order, repeats, the model API, when semantic checks run, and
/// robustness on large or deeply nested input.
@Suite struct ValidatorBehaviourTests {
    @Test func diagnosticsFollowDocumentOrderNotNameOrder() throws {
        let json = #"""
        {"StartAt": "Zed", "States": {
          "Zed": {"Type": "Pass", "Result": 1, "Resource": "x", "Next": "Alpha"},
          "Alpha": {"Type": "Wait", "Seconds": -1},
          "Mid": {"Type": "Succeed"}}}
        """#
        let (_, diagnostics) = Validator.validate(document: try JSONParser.parse(json))
        #expect(diagnostics.map(\.path) == [
            "/States/Zed/Resource", "/States/Alpha", "/States/Alpha/Seconds", "/States/Mid",
        ])
        #expect(diagnostics.map(\.code) == ["FIELD_NOT_ALLOWED", "MISSING_TRANSITION", "OUT_OF_RANGE", "UNREACHABLE_STATE"])
    }

    @Test func sortingDropsExactRepeatsAndKeepsDiscoveryOrderForTies() {
        let order = DocumentOrder(["A": ["B": 1], "C": 2])
        let first = Diagnostic(code: "X", path: "/C", message: "one")
        let second = Diagnostic(code: "Y", path: "/A/B", message: "two")
        let third = Diagnostic(code: "Z", path: "/A/B", message: "three")
        let absent = Diagnostic(code: "W", path: "/A/Missing", message: "absent member")
        #expect(order.sorted([first, second, first, third, absent, second]) == [absent, second, third, first])
    }

    @Test func modelAPIReportsDocumentPathsWithoutADocument() {
        var states = OrderedDictionary<String, State>()
        var task = State(type: .task)
        task.resource = "arn:aws:states:::lambda:invoke"
        task.retry = [Retrier(errorEquals: ["States.ALL"], backoffRate: JSONNumber(0.5)), Retrier(errorEquals: ["E"])]
        task.next = "Branches"
        states["Add"] = task
        var parallel = State(type: .parallel)
        parallel.end = true
        var inner = State(type: .pass)
        inner.next = "Add"
        parallel.branches = [
            StateMachine(startAt: "X", states: ["X": State(type: .succeed)]),
            StateMachine(startAt: "Y", states: ["Y": inner]),
        ]
        states["Branches"] = parallel
        let diagnostics = Validator.validate(StateMachine(startAt: "Add", states: states))
        #expect(diagnostics.map { "\($0.code) \($0.path)" } == [
            "MISPLACED_STATES_ALL /States/Add/Retry/0/ErrorEquals/0",
            "OUT_OF_RANGE /States/Add/Retry/0/BackoffRate",
            "TRANSITION_OUT_OF_SCOPE /States/Branches/Branches/1/States/Y/Next",
        ])
    }

    @Test func structuralErrorsHoldBackSemanticChecksButUnknownFieldsDoNot() throws {
        // `Next: 5` is dropped by the decoder; a semantic pass would then wrongly add MISSING_TRANSITION.
        let broken = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": 5}, "B": {"Type": "Pass"}}}"#
        let (_, structural) = Validator.validate(document: try JSONParser.parse(broken))
        #expect(structural.map(\.code) == ["WRONG_TYPE"])

        let unknownOnly = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Bogus": 1}}}"#
        let (machine, both) = Validator.validate(document: try JSONParser.parse(unknownOnly))
        #expect(machine != nil)
        #expect(both.map(\.code) == ["MISSING_TRANSITION", "UNKNOWN_FIELD"])
    }

    @Test func nonObjectDocumentGivesNoModel() throws {
        let (machine, diagnostics) = Validator.validate(document: [1, 2])
        #expect(machine == nil)
        #expect(diagnostics.map(\.code) == ["WRONG_TYPE"])
    }

    @Test func deeplyNestedModelIsReportedNotCrashedOn() {
        var rule = ChoiceRule(condition: .comparison(Comparison(variable: "$.x", op: .isNull, operand: true)))
        for _ in 0..<2_000 { rule = ChoiceRule(condition: .not(rule)) }
        rule.next = "S"
        var choice = State(type: .choice)
        choice.choices = [rule]
        let rules = Validator.validate(StateMachine(startAt: "C", states: ["C": choice, "S": State(type: .succeed)]))
        #expect(rules.map(\.code) == ["NESTING_TOO_DEEP"])
        #expect(rules.first?.path == "/States/C/Choices/0" + String(repeating: "/Not", count: 101))

        var machine = StateMachine(startAt: "S", states: ["S": State(type: .succeed)])
        for level in 0..<2_000 {
            var parallel = State(type: .parallel)
            parallel.branches = [machine]
            parallel.end = true
            machine = StateMachine(startAt: "P\(level)", states: ["P\(level)": parallel])
        }
        let diagnostics = Validator.validate(machine)
        #expect(diagnostics.map(\.code) == ["NESTING_TOO_DEEP"])
        #expect(diagnostics.first?.path.hasPrefix("/States/P1999/Branches/0/States/P1998/") == true)
    }

    /// A 1,000-state machine exercising every kind of transition. No timing assertion: the
    /// checks are linear (sets and dictionaries), and this keeps them honest about size.
    @Test func thousandStateDefinitionValidatesClean() throws {
        var states: [String] = []
        let count = 1_000
        for i in 0..<count {
            let next = i + 1 < count ? #""Next": "S\#(i + 1)""# : #""End": true"#
            switch i % 4 {
            case 0:
                states.append(#""S\#(i)": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"i.$": "$.i"}, "Retry": [{"ErrorEquals": ["States.ALL"]}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], \#(next)}"#)
            case 1:
                let target = i + 1 < count ? "S\(i + 1)" : "Failed"
                states.append(#""S\#(i)": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": \#(i), "Next": "\#(target)"}], "Default": "\#(target)"}"#)
            case 2:
                states.append(#""S\#(i)": {"Type": "Pass", "Assign": {"v\#(i)": \#(i)}, \#(next)}"#)
            default:
                states.append(#""S\#(i)": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "M\#(i)", "States": {"M\#(i)": {"Type": "Pass", "End": true}}}, \#(next)}"#)
            }
        }
        states.append(#""Failed": {"Type": "Fail", "Error": "E"}"#)
        let json = #"{"StartAt": "S0", "States": {"# + states.joined(separator: ",") + "}}"
        let (machine, diagnostics) = Validator.validate(document: try JSONParser.parse(json))
        #expect(machine?.states.count == count + 1)
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(5))")

        // The same machine with every Next broken still reports each one, with suggestions for
        // the first ones only (each suggestion scans all names).
        let broken = json.replacingOccurrences(of: #""Next": "S"#, with: #""Next": "T"#)
        let (_, brokenDiagnostics) = Validator.validate(document: try JSONParser.parse(broken))
        let missing = brokenDiagnostics.filter { $0.code == "MISSING_TRANSITION_TARGET" }
        #expect(missing.count == count - 1)
        #expect(missing.first?.message.hasSuffix(#"did you mean "S1"?"#) == true)
    }
}
