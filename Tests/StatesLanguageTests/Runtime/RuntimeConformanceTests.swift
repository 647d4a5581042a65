import Foundation
import Testing
import TestSupport
@testable import StatesLanguage

/// Replays the cases recorded against AWS that the runtime alone can decide.
@Suite struct RuntimeConformanceTests {
    typealias Runner = ConformanceMiniRunner

    func replay(_ select: (Runner.Case) -> Bool) async throws -> (checked: Int, failures: [String]) {
        let cases = try #require(try Runner.cases(), "../shared/conformance is missing")
        var checked = 0
        var failures: [String] = []
        for testCase in cases where select(testCase) && Runner.supports(testCase) {
            await shareThePool()
            let (machine, diagnostics) = ASLDecoder.decode(testCase.definition)
            guard let machine, diagnostics.isEmpty else {
                failures.append("\(testCase.id): definition did not decode: \(diagnostics)")
                continue
            }
            let outcome = try Runner.run(machine, input: testCase.input)
            checked += 1
            if !Runner.matches(outcome, expected: testCase.expected) {
                failures.append("\(testCase.id): got \(outcome), recorded \(testCase.expected)")
            }
        }
        return (checked, failures)
    }

    /// Every recorded choice-operator case (each a Choice state between two Pass states), plus
    /// the other recorded Pass/Choice chains: the branch taken matches AWS's.
    @Test func choiceCasesTakeTheRecordedBranch() async throws {
        let (checked, failures) = try await replay { $0.category == "choice_operators" || $0.definition.description.contains("\"Choice\"") }
        print("choice conformance: \(checked) cases checked, \(failures.count) failed")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(checked >= 491)
    }

    /// Every JSONPath case of the intrinsic-functions category reproduces AWS's output.
    @Test func intrinsicCasesReproduceTheRecordedOutput() async throws {
        let (checked, failures) = try await replay { $0.category == "intrinsic_functions" }
        print("intrinsic conformance: \(checked) cases checked, \(failures.count) failed")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(checked >= 132)
    }

    /// The remaining replayable cases exercise InputPath, Parameters, ResultPath, OutputPath,
    /// Wait paths and Fail paths, including AWS's error causes.
    @Test func dataFlowCasesReproduceTheRecordedOutcome() async throws {
        let (checked, failures) = try await replay { $0.category != "choice_operators" && $0.category != "intrinsic_functions" }
        print("data-flow conformance: \(checked) cases checked, \(failures.count) failed")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(checked > 0)
    }
}
