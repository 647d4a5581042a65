import Foundation
import StepwiseAlgorithms
import StepwiseJSON
import TestSupport
import Testing
@testable import StatesLanguage

/// Random mutations of valid EDN and YAML definitions: the readers, the desugarer and the
/// YAML loader must answer every input with a value or an error — never crash or hang — and
/// what they accept must survive printing and reading back.
@Suite struct FormatsFuzzTests {
    static let fragments = [
        "[", "]", "{", "}", "(", ")", "#{", "#_", "#inst ", "#uuid ", "#tag ", "\"", "\\", "\\u", "\\newline", ";", ",", " ", "\n",
        ":", "::", ":a/", "/", "1.5M", "12N", "-0", "+1", "0x", "1e", "nil", "true", ":end false", ":type", ":condition", "[:and",
        "[:= \"$.x\"", "{:path", "\"$.flag\"", "\"{% $x %}\"", "#inst \"2020\"", "\\uD800", "é", "😀", "\u{0}", "\t",
        "- ", ": ", "&a ", "*a", "!!int ", "!Ref ", "? ", "|", ">", "---", "'", "~", "<<: ", "  ", "#",
    ]

    static func mutate(_ text: String, using rng: inout SplitMix64) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = chars.isEmpty ? 0 : Int.random(in: 0...chars.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !chars.isEmpty:
                let end = min(chars.count, position + Int.random(in: 1...8, using: &rng))
                if position < end { chars.removeSubrange(position..<end) }
            case 1:
                chars.insert(contentsOf: fragments.randomElement(using: &rng) ?? "", at: position)
            case 2 where chars.count > 2:
                let start = Int.random(in: 0..<(chars.count - 1), using: &rng)
                let end = min(chars.count, start + Int.random(in: 1...40, using: &rng))
                chars.insert(contentsOf: chars[start..<end], at: position)
            case 3 where position < chars.count:
                chars[position] = Character(fragments.randomElement(using: &rng)?.first.map(String.init) ?? "x")
            case 4 where chars.count > 1:
                let other = Int.random(in: 0..<chars.count, using: &rng)
                if position < chars.count { chars.swapAt(position, other) }
            default:
                chars = Array(chars.prefix(position))
            }
        }
        return String(chars)
    }

    /// The hand-written corpus (Fixtures/asl), which `SugarRoundTripTests` checks is valid.
    static let seeds: [JSONValue] = SugarRoundTripTests.fixtureNames().compactMap { name in
        try? JSONParser.parse(String(contentsOf: SugarRoundTripTests.fixtureDirectory.appendingPathComponent(name), encoding: .utf8))
    }

    @Test(.serialized, arguments: Fuzzing.shards)
    func mutatedEDNNeverCrashesTheReaderOrDesugarer(shard: Int) throws {
        let seeds = FormatsFuzzTests.seeds.map { SugaredEDN.render($0) } + EDNPrinterTests.samples
        var rng = SplitMix64(seed: Fuzzing.seed(0x5EED_0ED0, shard: shard))
        var (read, clean) = (0, 0)
        for _ in 0..<Fuzzing.inputs(ofTotal: 3000) {
            let text = FormatsFuzzTests.mutate(seeds.randomElement(using: &rng) ?? "", using: &rng)
            guard let (value, positions) = try? EDNReader.readWithPositions(text) else { continue }
            read += 1
            #expect(try EDNReader.read(EDNPrinter.compact(value)) == value, "\(text)")
            #expect(try EDNReader.read(EDNPrinter.pretty(value, width: 40)) == value, "\(text)")
            let result = SugaredEDN.desugar(value, positions: positions, file: "fuzz.edn")
            guard result.diagnostics.isEmpty else { continue }
            clean += 1
            let again = SugaredEDN.desugar(text: SugaredEDN.render(result.document))
            #expect(again.diagnostics.isEmpty && again.document == result.document, "\(text)")
        }
        #expect(read > 100 / Fuzzing.shards.count && clean > 10 / Fuzzing.shards.count)
    }

    @Test(.serialized, arguments: Fuzzing.shards)
    func mutatedYAMLNeverCrashesTheLoader(shard: Int) throws {
        let seeds = FormatsFuzzTests.seeds.map { YAMLDefinition.render($0) } + [YAMLDefinitionTests.samDefinition]
        var rng = SplitMix64(seed: Fuzzing.seed(0x5EED_7A31, shard: shard))
        var parsed = 0
        for _ in 0..<Fuzzing.inputs(ofTotal: 2000) {
            let text = FormatsFuzzTests.mutate(seeds.randomElement(using: &rng) ?? "", using: &rng)
            guard let (value, _) = try? YAMLDefinition.parse(text) else { continue }
            parsed += 1
            let back = try? YAMLDefinition.parse(YAMLDefinition.render(value)).value
            #expect(back == value, "\(text)")
        }
        #expect(parsed > 100 / Fuzzing.shards.count)
    }
}
