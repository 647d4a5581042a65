import Foundation
import StepwiseAlgorithms
import StepwiseJSON
import TestSupport
import Testing

@testable import StepwiseREPL

/// Mutated execution inputs, as a user might mistype them at the prompt: the input reader must
/// answer each with a value or an `InputError` that shows the accepted forms — never crash, hang
/// or recurse without bound — and what it reads must be JSON that reads back the same.
@Suite struct InputReaderFuzzTests {
    static let seeds = [
        "{:x 41 :y 1}", #"{"x":41,"y":1}"#, "x 41 y 1", "<x 41 y 1>", ":x 41 :y 1", #""x" 41 "y" 1"#, "x 41, y 1",
        #"name Ada admin true score 1.5 tags [1 2] extra nil kind :pizza/large note "two words""#,
        #"order {:size "large" :toppings ["ham"]} meta {"a":1}"#, #"{:a {:b [1 {:c :activity/add}]} "k" #inst "2024-01-02T03:04:05Z"}"#,
        "x 12345678901234567890123 y 0.1000", "[1 2 3]", "42", #""hi""#, "nil", "<>", "",
    ]

    /// Pieces of the input syntaxes and of what trips readers: brackets of every kind, EDN
    /// dispatch and tags, odd numbers, escapes, characters outside ASCII and NUL.
    static let pieces = [
        "<", ">", "{", "}", "[", "]", "(", ")", "#{", "#_", "#inst ", "#uuid ", "#x ", "\"", "\\", "\\u00", "\\newline", ":", "::",
        ",", " ", "\n", "\t", ";", "nil", "true", "1e999", "-0", "1.5M", "12N", "0x1F", "{\"a\":", "\":", ":x", "x", "é", "😀",
        "\u{0}", "\u{301}", "\u{FEFF}", "#inst \"2020\"", "\\uD800",
    ]

    /// One to four edits of the text's characters, or of its shape: wrapped in brackets or
    /// angle brackets, or opened a few hundred levels deep.
    static func mutate(_ seed: String, using rng: inout SplitMix64) -> String {
        var text = Array(seed)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0...text.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: text.insert(contentsOf: pieces.randomElement(using: &rng)!, at: at)
            case 1 where at < text.count: text.removeSubrange(at..<min(text.count, at + Int.random(in: 1...6, using: &rng)))
            case 2 where at < text.count:
                let copied = Array(text[at..<min(text.count, at + Int.random(in: 1...12, using: &rng))])
                text.insert(contentsOf: copied, at: at)
            case 3:
                let (open, close) = [("<", ">"), ("{", "}"), ("[", "]"), ("(", ")"), ("\"", "\"")].randomElement(using: &rng)!
                text = Array(open) + text + Array(close)
            case 4: text.insert(contentsOf: String(repeating: pieces.randomElement(using: &rng)!, count: Int.random(in: 100...600, using: &rng)), at: at)
            case 5: text = Array(text.prefix(at))
            default: text.insert(contentsOf: " " + seeds.randomElement(using: &rng)! + " ", at: at)
            }
        }
        return String(text)
    }

    @Test(.serialized, arguments: Fuzzing.shards)
    func mutatedInputsReadAsAValueOrAnExplainedError(shard: Int) throws {
        var rng = SplitMix64(seed: Fuzzing.seed(0x5EED_1A9E, shard: shard))
        var (read, refused) = (0, 0)
        for _ in 0..<Fuzzing.inputs(ofTotal: 3000) {
            let text = Self.mutate(Self.seeds.randomElement(using: &rng)!, using: &rng)
            let value: JSONValue
            do {
                value = try InputValue.parse(text)
            } catch {
                refused += 1
                #expect(error.message.hasSuffix("\nan input is \(InputValue.forms)"), "\(text.debugDescription): \(error.message)")
                continue
            }
            read += 1
            #expect(try JSONParser.parse(JSONSerializer.string(value)) == value, "\(text.debugDescription)")
            // `<…>` reads exactly as what it wraps (unless a combining mark at an edge would fuse
            // with the bracket into one character).
            if !text.drop(while: \.isWhitespace).hasPrefix("<"), !text.unicodeScalars.contains(where: \.properties.isGraphemeExtend) {
                #expect(try InputValue.parse("<\(text)>") == value, "\(text.debugDescription)")
            }
        }
        #expect(read > 300 / Fuzzing.shards.count && refused > 300 / Fuzzing.shards.count)
    }
}
