import Testing
import TestSupport
@testable import StatesLanguage

/// Every definition of the conformance cases was accepted by real AWS (each case ran an
/// execution), so each must validate clean.
@Suite struct ConformanceValidationTests {
    @Test func everyRecordedDefinitionValidatesClean() throws {
        let lines = try #require(SharedFixtures.conformanceLines(), "../shared/conformance is missing")
        var checked = 0
        for line in lines {
            let record = try JSONParser.parse(line)
            let id = record["id"]?.stringValue ?? "?"
            let definition = try #require(record["definition"], "\(id) has no definition")
            let (machine, diagnostics) = Validator.validate(document: definition)
            #expect(machine != nil, "\(id)")
            #expect(diagnostics.isEmpty, "\(id): \(diagnostics.map(\.description).joined(separator: "\n"))")
            checked += 1
        }
        #expect(checked == lines.count)
    }
}
