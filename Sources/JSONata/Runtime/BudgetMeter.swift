/// What is left of one evaluation's `JSONataBudget`. Every evaluated node draws one step, and
/// every loop over data whose size the user controls (items, characters, regex work) draws in
/// proportion, so that no input runs unbounded. Drawing is a subtraction; the clock is read
/// only every `clockInterval` steps.
final class BudgetMeter {
    let budget: JSONataBudget
    // Unchecked: drawn on at every step by one thread, never across an access to itself.
    @exclusivity(unchecked) private var remaining: Int
    /// `remaining` below which the next draw reads the clock (or finds the steps spent).
    @exclusivity(unchecked) private var checkpoint: Int
    private let deadline: ContinuousClock.Instant
    private static let clockInterval = 1024

    init(_ budget: JSONataBudget) {
        self.budget = budget
        remaining = max(budget.steps, 0)
        checkpoint = max(remaining - Self.clockInterval, 0)
        deadline = ContinuousClock.now.advanced(by: budget.time)
    }

    /// Draws `steps`; throws `U1002` once the steps or the time are spent (and on every draw
    /// after that, so that an error swallowed on the way cannot let the evaluation go on).
    @inline(__always)
    func charge(_ steps: Int = 1) throws(JSONataError) {
        remaining &-= steps
        if remaining < checkpoint { try audit() }
    }

    private func audit() throws(JSONataError) {
        if remaining < 0 { throw .budgetExceeded("\(budget.steps) steps (JSONataBudget.steps)") }
        if ContinuousClock.now > deadline { throw .budgetExceeded("\(Self.text(budget.time)) (JSONataBudget.time)") }
        checkpoint = max(remaining - Self.clockInterval, 0)
    }

    /// `10 s`, `250 ms`.
    private static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}
