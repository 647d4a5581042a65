import Foundation

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
}
