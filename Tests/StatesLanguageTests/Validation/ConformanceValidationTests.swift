import StepwiseJSON
import TestSupport
import Testing
@testable import StatesLanguage

/// Every conformance case records an execution that real AWS ran, so AWS accepted every one of
/// these definitions: none failed with InvalidDefinition or a validation error (their FAILED
/// cases are run-time errors such as States.Runtime or States.QueryEvaluationError, checked
/// below). Each definition must therefore validate clean.
@Suite struct ConformanceValidationTests {
    @Test(.serialized, arguments: ConformanceRecords.ids)
    func recordedDefinitionValidatesClean(_ id: String) throws {
        let record = try #require(ConformanceRecords.record(id))
        let expected = try #require(record["expected"], "no expected result")
        let rejection = [expected["error"], expected["cause"]].compactMap { $0?.stringValue }
            .first { $0.contains("InvalidDefinition") || $0.contains("ValidationException") }
        #expect(expected["status"]?.stringValue != nil && rejection == nil, "not run by AWS")
        let definition = try #require(record["definition"], "no definition")
        let (machine, diagnostics) = Validator.check(document: definition)
        #expect(machine != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }
}
