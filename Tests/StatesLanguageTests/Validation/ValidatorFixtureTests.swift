import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct ValidatorFixtureTests {
    @Test(arguments: failingFixtures)
    func fixtureIsRejectedWithCodeAndPath(_ fixture: FailingFixture) throws {
        let document = try JSONParser.parse(fixture.json)
        let (_, diagnostics) = Validator.check(document: document)
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
        let (_, diagnostics) = Validator.check(document: try JSONParser.parse(fixture.json))
        let others = diagnostics.filter { !($0.code == fixture.code.rawValue && $0.path == fixture.path) }
        #expect(others.isEmpty, "\(fixture.name): also reported\n\(others.map(\.description).joined(separator: "\n"))")
    }

    /// What AWS accepts is a warning, never an error: `validate` leaves it out.
    @Test func warningsAreNotErrors() throws {
        let warnings: Set<DiagnosticCode> = [.unknownErrorName, .unquotedFilterWord]
        for fixture in failingFixtures where warnings.contains(fixture.code) {
            let document = try JSONParser.parse(fixture.json)
            #expect(Validator.check(document: document).diagnostics.allSatisfy { $0.severity == .warning }, "\(fixture.name)")
            let (machine, errors) = Validator.validate(document: document)
            #expect(machine != nil && errors.isEmpty, "\(fixture.name)")
        }
    }
}
