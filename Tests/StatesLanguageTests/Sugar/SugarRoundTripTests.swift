import Foundation
import StepwiseJSON
import TestSupport
import Testing
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

    @Test(.serialized, arguments: ConformanceRecords.ids)
    func conformanceDefinitionRoundTrips(_ id: String) throws {
        if let failure = SugarRoundTripTests.roundTrip(try #require(ConformanceRecords.definition(id))) {
            Issue.record("\(failure)")
        }
    }

    /// Idiomatic sugar, written by hand the way the resugarer writes it.
    static let handWritten = #"""
    {:comment "Checks an order and ships it"
     :query-language :jsonpath
     :start-at :validate
     :states {:validate {:type :task
                         :resource :orders/validate
                         :parameters {:order-id.$ "$.id" :source "web"}
                         :retry [{:error-equals [:States.Timeout :orders/busy]
                                  :max-attempts 3
                                  :backoff-rate 1.5
                                  :max-delay-seconds 30
                                  :jitter-strategy :full}]
                         :catch [{:error-equals :States.ALL :result-path "$.error" :next :failed}]
                         :next :route}
              :route {:type :choice
                      :choices [{:condition [:and [:= "$.status" "paid"]
                                                  [:>= "$.total" 100]
                                                  [:not [:present? "$.hold"]]]
                                 :next :ship-each}
                                {:condition [:timestamp< "$.due" {:path "$.now"}] :next :failed}]
                      :default :wait}
              :wait {:type :wait :seconds 5 :next :route}
              :ship-each {:type :map
                          :items-path "$.items"
                          :item-processor {:processor-config {:mode :inline}
                                           :start-at :ship
                                           :states {:ship {:type :task :resource :orders/ship :end true}}}
                          :end true}
              :failed {:type :fail :error :orders/failed :cause "see the execution history"}}}
    """#

    @Test func handWrittenSugarIsStable() throws {
        let (value, positions) = try EDNReader.readWithPositions(SugarRoundTripTests.handWritten)
        let result = SugaredEDN.desugar(value, positions: positions)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.activities.map(\.activityName) == ["orders__validate", "orders__ship"])
        #expect(SugaredEDN.resugar(result.document) == value)
        #expect(SugarRoundTripTests.roundTrip(result.document) == nil)
        let (machine, diagnostics) = ASLDecoder.decode(result.document)
        #expect(machine != nil && diagnostics.isEmpty, "\(diagnostics)")
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
