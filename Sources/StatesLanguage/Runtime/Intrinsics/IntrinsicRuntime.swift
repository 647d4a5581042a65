import Foundation

/// The sources of nondeterminism intrinsic functions use, injectable so runs can be replayed
/// and tests can pin results.
public struct IntrinsicRuntime: Sendable {
    /// A uniformly distributed number in `0..<1` (unseeded `States.MathRandom`).
    public var random: @Sendable () -> Double
    /// A version 4 UUID (`States.UUID`).
    public var uuid: @Sendable () -> UUID

    public init(random: @escaping @Sendable () -> Double, uuid: @escaping @Sendable () -> UUID) {
        self.random = random
        self.uuid = uuid
    }

    public static let system = IntrinsicRuntime(random: { Double.random(in: 0..<1) }, uuid: { UUID() })
}

/// `java.util.Random`'s generator. Step Functions runs on the JVM, so a seeded
/// `States.MathRandom` draws from this sequence; reproducing it keeps seeded results stable
/// across runs, as they are on AWS.
struct JavaRandom {
    private static let multiplier: Int64 = 0x5DEECE66D
    private static let mask: Int64 = (1 << 48) - 1
    private var seed: Int64

    init(seed: Int64) { self.seed = (seed ^ Self.multiplier) & Self.mask }

    mutating func next(bits: Int) -> Int32 {
        seed = (seed &* Self.multiplier &+ 0xB) & Self.mask
        return Int32(truncatingIfNeeded: seed >> (48 - bits))
    }

    /// `Random.nextInt(bound)`: uniform in `0..<bound`, bound > 0.
    mutating func nextInt(bound: Int32) -> Int32 {
        if bound & (bound &- 1) == 0 {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(next(bits: 31))) >> 31)
        }
        while true {
            let bits = next(bits: 31)
            let value = bits % bound
            // Java rejects the tail of the range that would bias the result (int overflow test).
            if bits &- value &+ (bound &- 1) >= 0 { return value }
        }
    }
}
