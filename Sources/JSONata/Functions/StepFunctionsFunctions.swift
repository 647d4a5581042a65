import Foundation
import StepwiseAlgorithms
import StepwiseJSON

/// The functions AWS Step Functions adds to JSONata: `$partition`, `$range`, `$hash`,
/// `$random(seed)`, `$uuid` and `$parse`.
enum StepFunctionsFunctions {
    static let all: [Builtin] = [
        Builtin("partition", "<an:a>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0), let size = call.number(1) else { return nil }
            guard size >= 1, size == size.rounded(), size.isFinite else {
                throw JSONataError(code: "D3150", value: JSNumber.string(size), index: 2)
            }
            let chunk = size.clampedInt
            try call.meter.charge(array.count)
            let result = JArray()
            var start = 0
            while start < array.count {
                let end = min(start + chunk, array.count)
                result.append(.array(JArray(Array(array.items[start..<end]))))
                start = end
            }
            return .array(result)
        },
        Builtin("range", "<nnn?:a<n>>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let start = call.number(0), let end = call.number(1) else { return nil }
            let step = call.number(2) ?? 1
            guard step != 0, step.isFinite else {
                throw JSONataError(code: "D3151", value: JSNumber.string(step), index: 3)
            }
            let count = ((end - start) / step).rounded(.down) + 1
            if count > 1e7 { throw JSONataError(code: "D2014", value: JSNumber.string(count)) }
            let result = JArray.sequence()
            if count >= 1 {
                try call.meter.charge(Int(count))
                for i in 0..<Int(count) { result.append(.number(start + Double(i) * step)) }
            }
            return .array(result)
        },
        Builtin("hash", "<s-s:s>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0), let name = call.string(1) else { return nil }
            guard let algorithm = HashAlgorithm(rawValue: name) else {
                throw JSONataError(code: "D3152", value: JSONText.render(.string(name)), index: 2)
            }
            try call.meter.charge(text.utf8.count)
            return .string(algorithm.hexDigest(Array(text.utf8)))
        },
        Builtin("random", "<n?:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            if let seed = call.number(0) {
                var generator = SeededRandom(seed: seed)
                return .number(generator.next())
            }
            return .number(call.evaluator.environment.random())
        },
        Builtin("uuid", "<:s>", arity: 0) { (call) throws(JSONataError) -> Value? in
            .string(call.evaluator.environment.uuid().uuidString.lowercased())
        },
        Builtin("parse", "<s-:x>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(text)
            } catch {
                throw JSONataError(code: "D3153", value: JSONText.render(.string(text)), index: 1)
            }
            return try ValueConversion.value(from: parsed, call.meter)
        },
    ]
}

/// A deterministic generator for `$random(seed)`: the same seed always gives the same number
/// in [0, 1). (SplitMix64 over the seed's bits.)
struct SeededRandom {
    private var state: UInt64

    init(seed: Double) { state = seed.bitPattern }

    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }
}
