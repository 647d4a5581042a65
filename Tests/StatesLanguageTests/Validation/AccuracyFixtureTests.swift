import Foundation
import OrderedCollections
import StepwiseJSON
import TestSupport
import Testing
@testable import StatesLanguage

/// Regression fixtures for where the validator disagreed with AWS (Fixtures/accuracy): each
/// holds a definition, how to read it (`template`, `substitutions`) and every diagnostic it must
/// give, as `[warning ]CODE at /pointer`, in order — nothing more.
@Suite struct AccuracyFixtureTests {
    static var directory: URL {
        SharedFixtures.packageRoot.appendingPathComponent("Tests/StatesLanguageTests/Fixtures/accuracy")
    }

    static func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func thereAreFixtures() {
        #expect(Self.names().count >= 14)
    }

    @Test(arguments: names())
    func fixtureGivesExactlyItsDiagnostics(_ name: String) throws {
        let fixture = try JSONParser.parse(String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8))
        let definition = try #require(fixture["definition"])
        var substitutions = DefinitionSubstitutions()
        for (key, value) in fixture["substitutions"]?.objectValue ?? [:] { substitutions.set(key, to: value.stringValue ?? "\(value)") }
        let options = LoadOptions(substitutions: substitutions, placeholders: fixture["template"] == true ? .warn : .text)
        let diagnostics: [Diagnostic]
        do {
            diagnostics = try DefinitionLoader.load(JSONSerializer.string(definition, pretty: true), format: .json, file: name, options: options).warnings
        } catch {
            diagnostics = error.diagnostics
        }
        let got = diagnostics.map { "\($0.severity == .warning ? "warning " : "")\($0.code) at \($0.path)" }
        let expected = fixture["expected"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(got == expected, "\(name):\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(diagnostics.allSatisfy { !$0.description.contains("\n") && $0.location != nil })
    }
}
