import StepwiseJSON
import Testing
@testable import StatesLanguage

/// The source map holds one entry per value, naming its parent and its own key, so its size
/// follows the document's — a long key is held once, not once per value below it.
@Suite struct SourceMapTests {
    /// Values in a document, containers and scalars alike.
    static func count(_ value: JSONValue) -> Int {
        switch value {
        case .object(let object): return 1 + object.values.reduce(0) { $0 + count($1) }
        case .array(let items): return 1 + items.reduce(0) { $0 + count($1) }
        case .null, .bool, .number, .string: return 1
        }
    }

    @Test func oneEntryPerValueWhateverTheKeys() throws {
        let longKey = String(repeating: "k", count: 100_000)
        let text = "{\"StartAt\": \"P\",\n \"Result\": {\"\(longKey)\": [1, {\"a/b\": [true, null]}, \"x\"]}}"
        let (value, map) = try JSONParser.parse(text, recordingLocations: true)
        #expect(map.count == Self.count(value))
        #expect(map["/Result/\(longKey)/1/a~1b/1"] == SourceLocation(line: 2, column: 100_036))
        // A member that is not there is placed at its nearest ancestor.
        #expect(map["/Result/\(longKey)/1/Next"] == nil)
        #expect(map.nearestLocation(to: "/Result/\(longKey)/1/Next") == SourceLocation(line: 2, column: 100_021))
        #expect(map.nearestLocation(to: "/Elsewhere/deeper") == SourceLocation(line: 1, column: 1))
    }

    @Test func entriesSpellTheirPointers() {
        var map = SourceMap()
        let states = map.entry("States", in: SourceMap.root)
        let state = map.entry("a/b~c", in: states)
        let retry = map.entry(0, in: map.entry("Retry", in: state))
        #expect(map.pointer(of: retry) == "/States/a~1b~0c/Retry/0")
        #expect(map.entry("States", in: SourceMap.root) == states)
        #expect(map.count == 5)
        map.record(SourceLocation(line: 3, column: 4), at: retry)
        #expect(map["/States/a~1b~0c/Retry/0"] == SourceLocation(line: 3, column: 4))
        #expect(map.location(of: state) == nil)
    }

    @Test func yamlAliasesAddEntriesOnlyForTheValuesTheyMake() throws {
        let key = String(repeating: "y", count: 20_000)
        let text = "base: &r\n  ? \(key)\n  : [1, 2]\ncopies: [" + Array(repeating: "*r", count: 500).joined(separator: ", ") + "]\n"
        let (value, map) = try YAMLDefinition.parse(text)
        #expect(map.count == Self.count(value))
        #expect(map["/copies/499/\(key)/1"] == SourceLocation(line: 3, column: 9))
    }
}
