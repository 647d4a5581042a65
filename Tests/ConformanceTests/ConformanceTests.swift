import Foundation
import StepwiseJSON
import TestSupport
import Testing

/// Runs every recorded AWS case against the embedded engine and compares status, output (or
/// error and cause) and the sequence of history event types.
@Suite struct ConformanceTests {
    @Test func everyRecordedCaseReads() throws {
        #expect(try ConformanceRecords.all.map(ConformanceCase.init).count == ConformanceRecords.expectedCount)
    }

    @Test(.serialized, arguments: ConformanceRecords.ids)
    func recordedCaseBehavesAsOnAWS(_ id: String) async throws {
        let testCase = try ConformanceCase(try #require(ConformanceRecords.record(id)))
        let outcome = try await ConformanceRunner(testCase: testCase).run()
        if let problem = Self.compare(outcome, testCase) { Issue.record("\(problem)") }
    }

    static func compare(_ outcome: ConformanceRunner.Outcome, _ testCase: ConformanceCase) -> String? {
        let expected = testCase.expected
        let comparison = RecordedComparison(placeholders: testCase.placeholders)
        let status = expected["status"]?.stringValue ?? ""
        guard outcome.status.rawValue == status else {
            return "status \(outcome.status.rawValue), expected \(status) (error \(outcome.error ?? "-"): \(outcome.cause ?? "-"))"
        }
        if status == "SUCCEEDED" {
            let expectedOutput = expected["output"] ?? .null
            guard let output = outcome.output, comparison.matches(actual: output, expected: expectedOutput) else {
                return "output \(outcome.output.map { JSONSerializer.string($0) } ?? "nil"), expected \(JSONSerializer.string(expectedOutput))"
            }
        } else if status == "FAILED" {
            let error = expected["error"] ?? .null
            let cause = expected["cause"] ?? .null
            guard comparison.matches(actual: outcome.error.map(JSONValue.string) ?? .null, expected: error) else {
                return "error \(outcome.error ?? "nil"), expected \(JSONSerializer.string(error))"
            }
            guard comparison.matches(actual: outcome.cause.map(JSONValue.string) ?? .null, expected: cause)
                || (cause == .string("") && outcome.cause == nil)
            else {
                return "cause \(outcome.cause ?? "nil"), expected \(JSONSerializer.string(cause))"
            }
        }
        if let history = testCase.history {
            let recorded = history.compactMap { $0["type"]?.stringValue }
            let parallel = testCase.features.contains("parallel")
            if !historyMatches(outcome.eventTypes, recorded, parallel: parallel) {
                return "events \(outcome.eventTypes), expected \(recorded)"
            }
            // Outside Parallel states (whose ids the recorder replaced) the chains of
            // previousEventId must match too.
            let previous = history.compactMap { $0["previousEventId"]?.intValue }
            if !parallel, !chainsMatch(outcome.previousEventIds, previous, types: recorded) {
                return "previousEventIds \(outcome.previousEventIds), expected \(previous) for \(recorded)"
            }
        }
        return nil
    }

    /// The recorded chains, except one race AWS shows: a distributed Map's `MapStateExited`
    /// follows either its `MapRunStarted` or its `MapRunSucceeded`, in different recordings of
    /// the same definition shape.
    static func chainsMatch(_ actual: [Int], _ recorded: [Int], types: [String]) -> Bool {
        guard actual.count == recorded.count else { return false }
        for (index, (mine, theirs)) in zip(actual, recorded).enumerated() where mine != theirs {
            let racing = Set(["MapRunStarted", "MapRunSucceeded"])
            guard types[index] == "MapStateExited", mine > 0, theirs > 0,
                racing.contains(types[mine - 1]), racing.contains(types[theirs - 1])
            else { return false }
        }
        return true
    }

    /// Parallel branches were reordered by the recorder and some of their events dropped, so
    /// there the recorded events must all be present and any extra ones be Parallel bookkeeping.
    static func historyMatches(_ actual: [String], _ recorded: [String], parallel: Bool) -> Bool {
        guard parallel else { return actual == recorded }
        var remaining = actual
        for type in recorded {
            guard let index = remaining.firstIndex(of: type) else { return false }
            remaining.remove(at: index)
        }
        return remaining.allSatisfy { $0.hasPrefix("ParallelState") }
    }
}
