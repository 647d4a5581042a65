import StepwiseJSON

/// A limit that stopped an evaluation.
public enum EvaluationLimit: Sendable, Hashable, CustomStringConvertible {
    /// The work budget, in steps (see `EvaluationBudget`).
    case work(steps: Int)
    /// How deeply JSON data may nest: `JSONParser.maxDepth` levels.
    case depth(levels: Int)

    public var description: String {
        switch self {
        case .work(let steps):
            return "The evaluation was stopped after \(steps) steps, the most one evaluation may take (a step is a value visited or made, or a byte of text made)"
        case .depth(let levels):
            return "The evaluation would make a value nested more than \(levels) levels deep, the most JSON data may nest"
        }
    }
}

extension StatesError {
    /// `States.Runtime`, with the limit's description as the cause and `limit` set.
    public static func limitExceeded(_ limit: EvaluationLimit) -> StatesError {
        var error = StatesError.runtime(limit.description)
        error.limit = limit
        return error
    }
}

/// How much work evaluations may still do: JSONPath selections, payload templates, intrinsic
/// functions and choice rules pay one step for each value they visit or make and for each byte
/// of text they make, and fail with `EvaluationLimit.work` once the budget is spent — so that a
/// `$..*..*..*` over a deep input, or a `States.Format` of a huge value, ends in a catchable
/// error instead of holding the engine.
///
/// Each evaluation given no budget gets a fresh default one; pass one budget to all the
/// evaluations of a state to bound them together.
public final class EvaluationBudget {
    /// Enough for an evaluation over a payload Step Functions accepts (256 KiB, some 50,000
    /// values) to visit every value many times over, and a small fraction of a second of work.
    public static let defaultSteps = 1_000_000

    public let steps: Int
    /// Checked on every step, so kept free of dynamic exclusivity checks: a budget is used by
    /// one evaluation at a time.
    @exclusivity(unchecked) public private(set) var remaining: Int

    public init(steps: Int = EvaluationBudget.defaultSteps) {
        self.steps = steps
        remaining = steps
    }

    /// Pays `count` steps; throws once the budget is overspent.
    public func spend(_ count: Int = 1) throws(StatesError) {
        remaining -= count
        if remaining < 0 { throw StatesError.limitExceeded(.work(steps: steps)) }
    }

    /// Fails unless `value`, placed `level` levels deep in the value being made, stays within
    /// the depth JSON data may have; the walk is paid for.
    func checkDepth(_ value: JSONValue, at level: Int) throws(StatesError) {
        let limit = JSONParser.maxDepth
        if try value.isNested(deeperThan: limit - level, visiting: { (count: Int) throws(StatesError) in try spend(count + 1) }) {
            throw StatesError.limitExceeded(.depth(levels: limit))
        }
    }
}
