import Foundation
import JSONata
import StepwiseAlgorithms
import StepwiseJSON
import TestSupport
import Testing

/// Random mutations of the JSONata test suite's expressions: the parser must answer every input
/// with an expression or a `JSONataError`, and what parses must evaluate (under a small budget)
/// to a value or a `JSONataError` — never crash or hang.
@Suite struct JSONataFuzzTests {
    static let fragments = [
        "(", ")", "[", "]", "{", "}", "$", "$$", "$x", "%", "#$i", "@$v", "..", ":=", "~>", "?", ":", ";", ",", ".", "*", "**",
        "/", "/*", "*/", "\"", "'", "`", "\\", "\\u", "\\uD800", "-", "+", "&", "=", "!=", "<", ">=", "^(", "|", "and", "or", "in",
        "function($x){", "λ($a, $b)", "<n-s?:s>", "?", "[1..3]", "[1..1e7]", "1e400", "0.5", "-0", "true", "null", "$string(",
        "$map(", "$reduce(", "$sort(", "$match(", "/[a-z]+/i", "/(a+)+b/", "$formatNumber(", "$formatInteger(", "$fromMillis(",
        "'[Y0001]-[M01]'", "'#,##0.00'", "{'zero-digit': 'A'}", "é", "😀", "\u{0}", "\t", "\n", " ",
    ]

    static func mutate(_ text: String, using rng: inout SplitMix64) -> String {
        Fuzzing.mutate(text, inserting: fragments, using: &rng)
    }

    /// The suite's expressions, each with the inline input it runs against.
    static func seeds() throws -> [(expression: String, input: JSONValue?)] {
        try JSONataSuiteTests.loadCases().0.compactMap { testCase in
            testCase.fields["expr"]?.stringValue.map { ($0, testCase.fields["data"]) }
        }
    }

    @Test(.serialized, .timeLimit(.minutes(5)), arguments: Fuzzing.shards)
    func mutatedExpressionsNeverCrashTheParserOrEvaluator(shard: Int) throws {
        let seeds = try Self.seeds()
        #expect(seeds.count > 1000)
        let environment = JSONataEnvironment(budget: JSONataBudget(steps: 20_000, time: .seconds(1)))
        var rng = SplitMix64(seed: Fuzzing.seed(0x5EED_1A7A, shard: shard))
        var (parsed, evaluated) = (0, 0)
        for _ in 0..<Fuzzing.inputs(ofTotal: 3000) {
            let seed = seeds.randomElement(using: &rng)!
            let text = Self.mutate(seed.expression, using: &rng)
            // Typed throws: whatever escapes is a `JSONataError`.
            guard let expression = try? JSONataExpression(text) else { continue }
            parsed += 1
            if (try? expression.evaluate(input: seed.input, environment: environment)) != nil { evaluated += 1 }
        }
        #expect(parsed > 300 / Fuzzing.shards.count && evaluated > 100 / Fuzzing.shards.count)
    }
}
