/// How often and how patiently a request is retried after throttling, a server error (5xx) or
/// a connection failure. Client errors (4xx) are never retried: sending the same request again
/// cannot fix it.
///
/// Delays use exponential backoff with full jitter: before retry `n` (1-based) the client waits
/// a random time in `0 ... min(maxDelay, baseDelay × 2^(n-1))`, which spreads out clients that
/// were throttled together.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 disables retries).
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// AWS SDK "standard"-like defaults: four attempts, 100 ms base, 5 s cap.
    public static let standard = RetryPolicy()
    /// One attempt only.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The upper bound of the wait before retry `retry` (1 for the first retry).
    public func delayCap(beforeRetry retry: Int) -> Duration {
        // Doubling stops once it passes the cap, so large retry numbers cannot overflow.
        var cap = baseDelay
        for _ in 1..<max(1, retry) where cap < maxDelay { cap *= 2 }
        return min(cap, maxDelay)
    }

    /// A random wait in `0 ... delayCap(beforeRetry:)`.
    public func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let cap = delayCap(beforeRetry: retry)
        let fraction = Double.random(in: 0...1, using: &generator)
        return cap * fraction
    }
}
