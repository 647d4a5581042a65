import StepwiseJSON
import Testing
@testable import StatesLanguage

/// The messages users act on: they name the state, the field, the bad value, and what would fix it.
@Suite struct ValidatorMessageTests {
    func diagnostics(_ json: String) throws -> [Diagnostic] {
        Validator.check(document: try JSONParser.parse(json)).diagnostics
    }

    func only(_ json: String) throws -> Diagnostic {
        let all = try diagnostics(json)
        #expect(all.count == 1, "\(all)")
        return try #require(all.first)
    }

    @Test func missingTargetSuggestsTheNearestStateOfTheSameMachine() throws {
        let d = try only(#"""
        {"StartAt": "Start", "States": {
          "Start": {"Type": "Pass", "Next": "ProcesOrder"},
          "ProcessOrder": {"Type": "Pass", "Next": "Done"},
          "Done": {"Type": "Succeed"}}}
        """#)
        #expect(d.code == "MISSING_TRANSITION_TARGET")
        #expect(d.path == "/States/Start/Next")
        #expect(d.message == #"Next of Pass state "Start" names "ProcesOrder", but the top-level state machine has no state of that name; did you mean "ProcessOrder"?"#)
    }

    @Test func suggestionIgnoresCaseAndStaysQuietForUnrelatedNames() throws {
        let caseOnly = try only(#"{"StartAt": "a", "States": {"A": {"Type": "Succeed"}}}"#)
        #expect(caseOnly.message.hasSuffix(#"did you mean "A"?"#))
        let unrelated = try only(#"{"StartAt": "Zebra", "States": {"A": {"Type": "Succeed"}}}"#)
        #expect(!unrelated.message.contains("did you mean"))
    }

    @Test func transitionIntoABranchNamesWhereTheTargetLives() throws {
        let d = try only(#"""
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "Inner"},
          "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
                                                 {"StartAt": "Inner", "States": {"Inner": {"Type": "Succeed"}}}], "End": true}}}
        """#)
        #expect(d.code == "TRANSITION_OUT_OF_SCOPE")
        #expect(d.message.contains(#"names "Inner", which belongs to branch 1 of Parallel state "P""#))
    }

    @Test func unknownErrorNameSuggestsThePredefinedOne() throws {
        let d = try only(#"""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Catch": [{"ErrorEquals": ["States.TaskFaild"], "Next": "T"}], "End": true}}}
        """#)
        #expect(d.code == "UNKNOWN_ERROR_NAME" && d.severity == .warning)
        #expect(d.message.contains(#"did you mean "States.TaskFailed"?"#))
        #expect(d.description.hasPrefix("warning: UNKNOWN_ERROR_NAME at /States/T/Catch/0/ErrorEquals/0: "))
    }

    @Test func fieldNotAllowedNamesStateFieldAndOwners() throws {
        let d = try only(#"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1, "Result": 1, "End": true}}}"#)
        #expect(d.message == #"Wait state "A" cannot have "Result"; only Pass states have it"#)
    }

    @Test func queryLanguageMismatchSaysWhereTheLanguageComesFromAndWhatToUse() throws {
        let d = try only(#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultSelector": {}, "End": true}}}"#)
        #expect(d.message == #""ResultSelector" is a JSONPath field, but Task state "A" uses JSONata (from the state machine's QueryLanguage); use Output"#)
    }

    @Test func rangeMessageGivesValueAndBounds() throws {
        let d = try only(#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0}], "End": true}}}"#)
        #expect(d.message == #"IntervalSeconds of retrier 0 of Task state "A" is 0; it must be an integer from 1 to 99999999"#)
    }

    @Test func invalidPathQuotesTheParserError() throws {
        let d = try only(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "a.b", "End": true}}}"#)
        #expect(d.code == "INVALID_PATH")
        #expect(d.message.hasPrefix(#"InputPath of Pass state "A" is "a.b", which is not a JSONPath: "#))
        #expect(d.message.contains("'$'"))
    }

    @Test func invalidIntrinsicQuotesTheParserError() throws {
        let d = try only(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Nope()"}, "End": true}}}"#)
        #expect(d.code == "INVALID_INTRINSIC")
        #expect(d.message.contains("States.Nope"))
    }
}
