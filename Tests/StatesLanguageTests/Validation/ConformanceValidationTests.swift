import StepwiseJSON
import TestSupport
import Testing
@testable import StatesLanguage

/// Every conformance case records an execution that real AWS ran, so AWS accepted every one of
/// these definitions: none failed with InvalidDefinition or a validation error (their FAILED
/// cases are run-time errors such as States.Runtime or States.QueryEvaluationError, checked
/// below). Each definition must therefore validate clean.
@Suite struct ConformanceValidationTests {
    @Test func everyRecordedDefinitionValidatesClean() throws {
        let lines = try #require(SharedFixtures.conformanceLines(), "../shared/conformance is missing")
        var checked = 0
        for line in lines {
            let record = try JSONParser.parse(line)
            let id = record["id"]?.stringValue ?? "?"
            let expected = try #require(record["expected"], "\(id) has no expected result")
            let rejection = [expected["error"], expected["cause"]].compactMap { $0?.stringValue }
                .first { $0.contains("InvalidDefinition") || $0.contains("ValidationException") }
            #expect(expected["status"]?.stringValue != nil && rejection == nil, "\(id) was not run by AWS")
            let definition = try #require(record["definition"], "\(id) has no definition")
            let (machine, diagnostics) = Validator.check(document: definition)
            #expect(machine != nil, "\(id)")
            #expect(diagnostics.isEmpty, "\(id): \(diagnostics.map(\.description).joined(separator: "\n"))")
            checked += 1
        }
        #expect(checked == lines.count)
    }
}
