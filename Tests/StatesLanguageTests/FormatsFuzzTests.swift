import Foundation
import OrderedCollections
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
        Fuzzing.mutate(text, inserting: fragments, using: &rng)
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

    static let expressionSeeds = [
        "$", "$.a.b[0]", "$..book[?(@.price < 10 && !@.sold)].title", "$$.Execution.Input['odd key']", "$items[*].id",
        "$.store.book[-1:]", "$[?(@.lang == es || @.n != 2)]", "$..*", "$['a','b']", "$.list[0,2]", "$.a[::2]",
        "States.Format('{} and {}', $.a, States.ArrayLength($.list))", "States.Array(1, -2.5e1, true, null, 'x\\'s')",
        "States.JsonMerge($.o, States.StringToJson($.j), false)", "States.ArrayPartition(States.ArrayRange(1, 9, 2), 2)",
        "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}", "${Timeout}", "$${literal} ${!Escaped} ${ var.x }",
    ]

    static let expressionFragments = ["$", "$$", ".", "..", "[", "]", "[*]", "[?(", ")]", "@.", "==", "!=", "<=", "&&", "||", "!", "'", "\\",
                                      "(", ")", ",", "States.", "Format", "${", "}", "{}", "0", "-1", ":", " ", "é", "\u{0}"]

    static let sample: JSONValue = [
        "a": ["b": [1, 2, ["c": "d"]]], "list": [3, 1, "x"], "o": ["k": 1], "j": "{\"z\": [1]}", "n": 7, "lang": "es",
        "store": ["book": [["price": 8, "title": "A"], ["price": 12, "sold": true]]], "items": [["id": 1]],
    ]

    /// JSONPath and intrinsic parsers, and the placeholder reader, on mutated expressions: every
    /// input is read or refused, and what is read evaluates within its budget.
    @Test(.serialized, arguments: Fuzzing.shards)
    func mutatedExpressionsNeverCrashTheParsersOrEvaluators(shard: Int) throws {
        var rng = SplitMix64(seed: Fuzzing.seed(0x5EED_E8A1, shard: shard))
        var (paths, calls, placeholders) = (0, 0, 0)
        for _ in 0..<Fuzzing.inputs(ofTotal: 4000) {
            var text = Self.expressionSeeds.randomElement(using: &rng) ?? "$"
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                var chars = Array(text)
                let position = Int.random(in: 0...chars.count, using: &rng)
                if Bool.random(using: &rng), position < chars.count {
                    chars.remove(at: position)
                } else {
                    chars.insert(contentsOf: Self.expressionFragments.randomElement(using: &rng) ?? "", at: position)
                }
                text = String(chars)
            }
            let budget = EvaluationBudget(steps: 20_000)
            if let path = try? JSONPath.parse(text) {
                paths += 1
                #expect(path.text == text)
                _ = try? path.select(input: Self.sample, context: [:], variables: ["items": Self.sample], budget: budget)
            }
            if let call = try? IntrinsicFunction.parse(text) {
                calls += 1
                _ = try? call.evaluate(input: Self.sample, context: [:], variables: [:], budget: budget)
            }
            let found = TemplatePlaceholders.scan(text)
            placeholders += found.count
            for placeholder in found {
                #expect(text[placeholder.range].hasPrefix("${") && text[placeholder.range].hasSuffix("}"), "\(text)")
            }
            let values = OrderedDictionary(found.map { ($0.name, "v") }, uniquingKeysWith: { first, _ in first })
            #expect(DefinitionSubstitutions(values).apply(to: ["Seconds": .string(text)])["Seconds"] != nil, "\(text)")
        }
        let shards = Fuzzing.shards.count
        #expect(paths > 300 / shards && calls > 20 / shards && placeholders > 100 / shards)
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
