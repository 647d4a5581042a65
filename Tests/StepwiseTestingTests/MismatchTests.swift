import StepFunctions
import StepwiseJSON
import StepwiseTesting
import Testing

/// Expectations against an observed execution: each difference at its JSON pointer, with what
/// was expected and what was there.
@Suite struct MismatchTests {
    static let observed = Observation(
        executionArn: "arn:aws:states:us-east-1:123456789012:execution:m:e", status: .succeeded,
        output: ["order": ["id": 7, "items": ["a", "b"], "total": 12.50], "note": "left at the door"],
        path: ["Check", "Charge", "Ship"])

    func mismatches(_ expect: Expectations, _ observed: Observation = observed) -> [String] {
        expect.mismatches(observed).map(\.description)
    }

    @Test func aMetExpectationHasNoMismatch() {
        let expect = Expectations(
            status: .succeeded, output: ["note": "left at the door", "order": ["total": 12.5, "items": ["a", "b"], "id": 7]],
            outputIncludes: ["order": ["id": 7]], visited: ["Charge"], notVisited: ["Refund"])
        #expect(mismatches(expect).isEmpty)
    }

    @Test func theWholeOutputIsComparedValueByValue() {
        let found = mismatches(Expectations(output: ["order": ["id": 8, "items": ["a"], "currency": "EUR", "total": 12.5]]))
        #expect(
            found == [
                "/output/order/id: expected 8, got 7",
                #"/output/order/items: expected 1 items ["a"], got 2 items ["a","b"]"#,
                #"/output/order/currency: expected "EUR", got nothing"#,
                #"/output/note: expected nothing, got "left at the door""#,
            ])
    }

    @Test func aSubsetNeedsOnlyTheMembersGivenAtEveryDepth() {
        #expect(mismatches(Expectations(outputIncludes: ["order": ["id": 7]])).isEmpty)
        #expect(
            mismatches(Expectations(outputIncludes: ["order": ["id": "7"], "gift": true])) == [
                #"/output/order/id: expected "7", got 7"#,
                "/output/gift: expected true, got nothing",
            ])
    }

    @Test func keysThatNeedEscapingAreEscapedInThePointer() {
        let observed = Observation(executionArn: "e", status: .succeeded, output: ["a/b": ["c~d": 1]])
        #expect(mismatches(Expectations(output: ["a/b": ["c~d": 2]]), observed) == ["/output/a~1b/c~0d: expected 2, got 1"])
    }

    @Test func aWrongStatusShowsTheErrorThatEndedTheExecution() {
        let failed = Observation(executionArn: "e", status: .failed, error: "States.TaskFailed", cause: "boom", path: ["Charge"])
        #expect(
            mismatches(Expectations(status: .succeeded, output: ["ok": true]), failed) == [
                #"/status: expected "SUCCEEDED", got "FAILED" (States.TaskFailed: boom)"#,
                #"/output: expected {"ok":true}, got nothing"#,
            ])
    }

    @Test func errorsAndCausesMatchExactlyOrByWhatTheyContain() {
        let failed = Observation(executionArn: "e", status: .failed, error: "Card.Declined", cause: "insufficient funds")
        #expect(mismatches(Expectations(error: .equals("Card.Declined"), cause: .contains("funds")), failed).isEmpty)
        #expect(
            mismatches(Expectations(error: .equals("Card"), cause: .contains("limit")), failed) == [
                #"/error: expected "Card", got "Card.Declined""#,
                #"/cause: expected text containing "limit", got "insufficient funds""#,
            ])
        #expect(mismatches(Expectations(error: .contains("Card"))) == [#"/error: expected text containing "Card", got none"#])
    }

    @Test func statesVisitedAndNotVisitedPointIntoThePath() {
        #expect(
            mismatches(Expectations(visited: ["Refund"], notVisited: ["Charge"])) == [
                "/path: expected to enter 'Refund', got a path without it: Check → Charge → Ship",
                "/path/1: expected never to enter 'Charge', got it entered: Check → Charge → Ship",
            ])
    }

    @Test func longValuesAreCutShort() {
        let long = JSONValue.string(String(repeating: "x", count: 500))
        let found = Expectations(output: long).mismatches(Self.observed)
        #expect(found.count == 1)
        #expect(found[0].expected.count == 160 && found[0].expected.hasSuffix("…"))
    }
}
