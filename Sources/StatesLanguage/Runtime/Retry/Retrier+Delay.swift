import Foundation

extension Retrier {
    /// Seconds to wait before retry number `n` (0 for the first retry): `IntervalSeconds ×
    /// BackoffRate^n`, capped by `MaxDelaySeconds`; with `JitterStrategy: FULL`, a uniformly
    /// random share of that (`random()` must give a number in `0..<1`), applied after the cap.
    public func delaySeconds(forRetry n: Int, random: () -> Double) -> Double {
        var delay = Double(effectiveIntervalSeconds) * pow(effectiveBackoffRate, Double(max(n, 0)))
        if let maxDelaySeconds { delay = min(delay, Double(maxDelaySeconds)) }
        if !delay.isFinite { delay = maxDelaySeconds.map(Double.init) ?? Double.greatestFiniteMagnitude }
        if jitterStrategy == .full { delay *= min(max(random(), 0), 1) }
        return delay
    }

    /// Whether this retrier allows another attempt after `retriesSoFar` retries.
    public func allowsRetry(after retriesSoFar: Int) -> Bool {
        retriesSoFar < effectiveMaxAttempts
    }
}
