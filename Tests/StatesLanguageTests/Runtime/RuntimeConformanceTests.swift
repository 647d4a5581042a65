import Foundation
import TestSupport
import Testing
@testable import StatesLanguage

/// Replays the cases recorded against AWS that the runtime alone can decide.
@Suite struct RuntimeConformanceTests {
    typealias Runner = ConformanceMiniRunner

    /// Every recorded choice-operator case (each a Choice state between two Pass states), plus
    /// the other recorded Pass/Choice chains.
    static let choiceCases = Runner.ids { $0.category == "choice_operators" || $0.definition.description.contains("\"Choice\"") }
    /// The JSONPath cases of the intrinsic-functions category.
    static let intrinsicCases = Runner.ids { $0.category == "intrinsic_functions" }
    /// The rest exercise InputPath, Parameters, ResultPath, OutputPath, Wait paths and Fail
    /// paths, including AWS's error causes.
    static let dataFlowCases = Runner.ids { $0.category != "choice_operators" && $0.category != "intrinsic_functions" }

    func replay(_ id: String) throws {
        let testCase = try #require(Runner.testCase(id))
        let (machine, diagnostics) = ASLDecoder.decode(testCase.definition)
        guard let machine, diagnostics.isEmpty else {
            Issue.record("definition did not decode: \(diagnostics)")
            return
        }
        let outcome = try Runner.run(machine, input: testCase.input)
        #expect(Runner.matches(outcome, expected: testCase.expected), "got \(outcome), recorded \(testCase.expected)")
    }

    @Test(.serialized, arguments: choiceCases)
    func choiceCaseTakesTheRecordedBranch(_ id: String) throws { try replay(id) }

    @Test(.serialized, arguments: intrinsicCases)
    func intrinsicCaseReproducesTheRecordedOutput(_ id: String) throws { try replay(id) }

    @Test(.serialized, arguments: dataFlowCases)
    func dataFlowCaseReproducesTheRecordedOutcome(_ id: String) throws { try replay(id) }

    @Test func eachKindHasItsRecordedCases() {
        #expect(Self.choiceCases.count >= 491)
        #expect(Self.intrinsicCases.count >= 132)
        #expect(!Self.dataFlowCases.isEmpty)
    }
}
