import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct ValidatorFixtureTests {
    @Test(arguments: failingFixtures)
    func fixtureIsRejectedWithCodeAndPath(_ fixture: FailingFixture) throws {
        let document = try JSONParser.parse(fixture.json)
        let (_, diagnostics) = Validator.validate(document: document)
        let found = diagnostics.contains { $0.code == fixture.code.rawValue && $0.path == fixture.path }
        #expect(found, "expected \(fixture.code.rawValue) at \(fixture.path), got:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyCodeHasAFailingFixture() {
        let covered = Set(failingFixtures.map(\.code))
        let missing = DiagnosticCode.allCases.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "codes without a fixture: \(missing.map(\.rawValue))")
    }

    /// Each fixture breaks one rule, so nothing else may be reported: one mistake, one diagnostic.
    @Test(arguments: failingFixtures)
    func fixtureReportsOnlyItsOwnProblem(_ fixture: FailingFixture) throws {
        let (_, diagnostics) = Validator.validate(document: try JSONParser.parse(fixture.json))
        let others = diagnostics.filter { !($0.code == fixture.code.rawValue && $0.path == fixture.path) }
        #expect(others.isEmpty, "\(fixture.name): also reported\n\(others.map(\.description).joined(separator: "\n"))")
    }
}
