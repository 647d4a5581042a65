import Foundation
import StepwiseAlgorithms

/// How fuzz tests are cut: each runs as `shards` test cases, every shard with its own seeded
/// stream of inputs, so that a failure names its shard (`.serialized`, like the corpus tests:
/// see `ConformanceRecords`).
public enum Fuzzing {
    public static let shards = Array(0..<6)

    /// `STEPWISE_FUZZ_SCALE=N` runs N times as many inputs (a deeper run, on demand).
    public static let scale = max(1, Int(ProcessInfo.processInfo.environment["STEPWISE_FUZZ_SCALE"] ?? "") ?? 1)

    /// The inputs one shard runs when the whole test runs `total` (at scale 1).
    public static func inputs(ofTotal total: Int) -> Int { total / shards.count * scale }

    /// The seed of a shard's stream.
    public static func seed(_ base: UInt64, shard: Int) -> UInt64 { base &+ UInt64(shard) &* 0x9E37_79B9_7F4A_7C15 }

    /// One to four random edits of `text`: cuts, insertions of `fragments`, copies of its own
    /// stretches, replaced and swapped characters, truncation.
    public static func mutate(_ text: String, inserting fragments: [String], using rng: inout SplitMix64) -> String {
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
}
