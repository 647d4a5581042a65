import Foundation
import StepwiseJSON
import TestSupport
import Testing
@testable import StatesLanguage

@Suite struct ASLCodecTests {
    /// Every definition recorded against AWS parses, prints to equivalent JSON, and re-parses
    /// to the same model.
    @Test(.serialized, arguments: ConformanceRecords.ids)
    func conformanceDefinitionRoundTrips(_ id: String) throws {
        let definition = try #require(ConformanceRecords.definition(id))
        let (machine, diagnostics) = ASLDecoder.decode(definition)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let model = try #require(machine)
        let printed = ASLEncoder.encode(model)
        #expect(printed == definition)
        let (again, _) = ASLDecoder.decode(try JSONParser.parse(printed.description))
        #expect(again == model)
    }

    @Test func theRecordedCorpusIsPresent() {
        #expect(ConformanceRecords.ids.count == ConformanceRecords.expectedCount, "../shared/conformance/cases.jsonl is missing or unreadable")
    }

    @Test func structuralProblemsAreAllReported() throws {
        let doc = try JSONParser.parse(#"""
        {"StartAt": 1, "States": {"A": {"Type": "Pass", "Bogus": true, "End": "yes",
          "Retry": [{"ErrorEquals": "x"}]}, "B": {"Type": "Nope"}, "C": []}, "Extra": 1}
        """#)
        let (_, diagnostics) = ASLDecoder.decode(doc)
        let summary = Set(diagnostics.map { "\($0.code) \($0.path)" })
        #expect(summary == [
            "WRONG_TYPE /StartAt", "UNKNOWN_FIELD /States/A/Bogus", "WRONG_TYPE /States/A/End",
            "WRONG_TYPE /States/A/Retry/0/ErrorEquals", "INVALID_VALUE /States/B/Type", "WRONG_TYPE /States/C",
            "UNKNOWN_FIELD /Extra",
        ])
    }
}
