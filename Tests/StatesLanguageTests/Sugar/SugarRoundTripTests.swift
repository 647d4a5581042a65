import Foundation
import Testing
import TestSupport
@testable import StatesLanguage

/// ASL JSON → sugar → ASL JSON is the identity, and sugar → JSON → sugar is stable, on every
/// definition recorded against AWS and on the hand-written corpus in Fixtures/asl.
@Suite struct SugarRoundTripTests {
    /// Checks both round trips for one document; returns a failure description or nil.
    static func roundTrip(_ document: JSONValue) -> String? {
        let sugar = SugaredEDN.resugar(document)
        let text = SugaredEDN.render(document)
        let value: EDNValue
        let positions: EDNPositions
        do {
            (value, positions) = try EDNReader.readWithPositions(text)
        } catch {
            return "rendered sugar does not read back: \(error)\n\(text)"
        }
        guard value == sugar else { return "rendered sugar reads back differently:\n\(text)" }
        let desugared = SugaredEDN.desugar(value, positions: positions)
        guard desugared.diagnostics.isEmpty else { return "desugaring reported \(desugared.diagnostics)\n\(text)" }
        guard desugared.document == document else {
            return "JSON differs after the round trip:\n\(JSONSerializer.string(desugared.document, pretty: true))\nexpected\n\(JSONSerializer.string(document, pretty: true))"
        }
        guard SugaredEDN.resugar(desugared.document) == sugar else { return "sugar → JSON → sugar is not stable:\n\(text)" }
        return nil
    }

    @Test func everyConformanceDefinitionRoundTrips() throws {
        let lines = try #require(SharedFixtures.conformanceLines(), "../shared/conformance is missing")
        var count = 0
        for line in lines {
            let record = try JSONParser.parse(line)
            let definition = try #require(record["definition"])
            if let failure = SugarRoundTripTests.roundTrip(definition) {
                Issue.record("\(record["id"]?.stringValue ?? "?"): \(failure)")
            }
            count += 1
        }
        #expect(count == 912)
        print("sugar round trip: \(count) conformance definitions")
    }

    static var fixtureDirectory: URL {
        SharedFixtures.packageRoot.appendingPathComponent("Tests/StatesLanguageTests/Fixtures/asl")
    }

    static func fixtureNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtureDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func corpusIsLargeAndValid() throws {
        let names = SugarRoundTripTests.fixtureNames()
        #expect(names.count >= 40)
        for name in names {
            let text = try String(contentsOf: SugarRoundTripTests.fixtureDirectory.appendingPathComponent(name), encoding: .utf8)
            let (machine, diagnostics) = ASLDecoder.decode(try JSONParser.parse(text))
            #expect(machine != nil && diagnostics.isEmpty, "\(name): \(diagnostics)")
        }
    }

    @Test(arguments: fixtureNames())
    func corpusDocumentRoundTrips(name: String) throws {
        let text = try String(contentsOf: SugarRoundTripTests.fixtureDirectory.appendingPathComponent(name), encoding: .utf8)
        let document = try JSONParser.parse(text)
        if let failure = SugarRoundTripTests.roundTrip(document) {
            Issue.record("\(name): \(failure)")
        }
    }
}
