import Foundation
import StepwiseAlgorithms
import StepwiseJSON
import TestSupport
import Testing
@testable import StatesLanguage

/// Random mutations of valid ASL documents, as text (exercising the JSON loader) and as
/// structure (replacing values deep inside, which reaches every check of the validator): every
/// input must end in a model or in diagnostics — never a crash — and an accepted model must
/// print back to the same document.
@Suite struct DefinitionFuzzTests {
    static let replacements: [JSONValue] = [
        .null, true, false, 0, -1, 1.5, 100_000_000, "", "x", "$", "$.a", "$$.Map.Item.Value", "$[", "States.ALL",
        "States.Format('{}', $.x)", "States.Nope(", "{% $x %}", "{% ) %}", "JSONata", "Task", "Map", "Choice",
        [], [:], ["Type": "Pass", "End": true], ["ErrorEquals": ["States.ALL"], "Next": "A"], ["Variable": "$.x", "IsPresent": true],
    ]

    static let seeds: [JSONValue] = FormatsFuzzTests.seeds + ConformanceRecords.all.prefix(300).compactMap { $0["definition"] }

    /// Every JSON pointer-like path into a value.
    static func paths(_ value: JSONValue, prefix: [PathStep] = []) -> [[PathStep]] {
        var result = [prefix]
        switch value {
        case .object(let object):
            for (key, member) in object { result += paths(member, prefix: prefix + [.key(key)]) }
        case .array(let items):
            for (index, item) in items.enumerated() { result += paths(item, prefix: prefix + [.index(index)]) }
        default: break
        }
        return result
    }

    enum PathStep: Hashable {
        case key(String)
        case index(Int)
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<PathStep>, with replacement: JSONValue?) -> JSONValue {
        guard let step = path.first else { return replacement ?? .null }
        switch (value, step) {
        case (.object(var object), .key(let key)):
            if path.count == 1, replacement == nil {
                object.removeValue(forKey: key)
            } else if let member = object[key] {
                object[key] = replacing(member, at: path.dropFirst(), with: replacement)
            }
            return .object(object)
        case (.array(var items), .index(let index)) where index < items.count:
            items[index] = replacing(items[index], at: path.dropFirst(), with: replacement)
            return .array(items)
        default:
            return value
        }
    }

    @Test(.serialized, arguments: Fuzzing.shards)
    func structurallyMutatedDocumentsNeverCrashTheValidator(shard: Int) throws {
        var rng = SplitMix64(seed: Fuzzing.seed(0xF022_A5, shard: shard))
        var valid = 0
        for _ in 0..<Fuzzing.inputs(ofTotal: 6000) {
            var document = Self.seeds.randomElement(using: &rng) ?? [:]
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let paths = Self.paths(document)
                let path = paths.randomElement(using: &rng) ?? []
                let removal = Int.random(in: 0..<5, using: &rng) == 0
                let replacement = removal ? nil : Self.replacements.randomElement(using: &rng)
                document = Self.replacing(document, at: path[...], with: replacement)
            }
            let (machine, diagnostics) = Validator.validate(document: document)
            #expect(diagnostics.allSatisfy { !$0.code.isEmpty && !$0.message.isEmpty })
            guard let machine, diagnostics.isEmpty else { continue }
            valid += 1
            #expect(ASLDecoder.decode(ASLEncoder.encode(machine)).0 == machine)
        }
        #expect(valid > 50 / Fuzzing.shards.count)
    }

    @Test(.serialized, arguments: Fuzzing.shards)
    func textuallyMutatedJSONNeverCrashesTheLoader(shard: Int) throws {
        var rng = SplitMix64(seed: Fuzzing.seed(0x150_4EAD, shard: shard))
        let seeds = Self.seeds.map { JSONSerializer.string($0, pretty: Bool.random(using: &rng)) }
        var (loaded, diagnosed) = (0, 0)
        for _ in 0..<Fuzzing.inputs(ofTotal: 4000) {
            let text = FormatsFuzzTests.mutate(seeds.randomElement(using: &rng) ?? "", using: &rng)
            do {
                _ = try DefinitionLoader.load(text, format: .json, file: "fuzz.json")
                loaded += 1
            } catch {
                diagnosed += 1
                #expect(error.diagnostics.allSatisfy { $0.file == "fuzz.json" })
            }
        }
        #expect(loaded > 0 && diagnosed > 0, "mutated JSON both loads and fails to")
    }
}
