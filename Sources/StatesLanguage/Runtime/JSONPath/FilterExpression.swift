import StepwiseJSON

/// A `[?( … )]` filter: comparisons and existence tests joined by `&&`, `||` and `!`.
///
/// Only the symbolic operators exist: AWS documents that regular expressions (`=~`) and the
/// lexical operators (`in`, `subsetof`, …) are not supported in Step Functions paths.
indirect enum FilterExpression: Sendable, Hashable {
    case or(FilterExpression, FilterExpression)
    case and(FilterExpression, FilterExpression)
    case not(FilterExpression)
    /// `@.a` alone: true when the path finds something.
    case exists(FilterOperand)
    case compare(FilterOperand, FilterComparison, FilterOperand)
}

enum FilterOperand: Sendable, Hashable {
    /// `@…`: relative to the element being tested.
    case current([Step])
    /// `$…`: relative to the document the whole path is selecting in.
    case root([Step])
    case literal(JSONValue)
}

enum FilterComparison: String, Sendable, Hashable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

extension FilterExpression {
    /// Whether `element` passes the filter. `@` only ever stands for an object: AWS documents
    /// that it "does not match scalar values".
    func accepts(_ element: JSONValue, root: JSONValue, budget: EvaluationBudget) throws(StatesError) -> Bool {
        try budget.spend()
        switch self {
        case .or(let a, let b):
            if try a.accepts(element, root: root, budget: budget) { return true }
            return try b.accepts(element, root: root, budget: budget)
        case .and(let a, let b):
            guard try a.accepts(element, root: root, budget: budget) else { return false }
            return try b.accepts(element, root: root, budget: budget)
        case .not(let inner): return !(try inner.accepts(element, root: root, budget: budget))
        case .exists(let operand): return try operand.value(element, root: root, budget: budget) != nil
        case .compare(let lhs, let op, let rhs):
            guard let a = try lhs.value(element, root: root, budget: budget), let b = try rhs.value(element, root: root, budget: budget) else {
                // Jayway: an undefined side is unequal to everything and orders with nothing.
                return op == .notEqual
            }
            return op.holds(a, b)
        }
    }
}

extension FilterOperand {
    func value(_ element: JSONValue, root: JSONValue, budget: EvaluationBudget) throws(StatesError) -> JSONValue? {
        switch self {
        case .literal(let value): return value
        case .current(let steps): return try JSONPathEvaluator.definiteValue(steps, in: element, root: root, budget: budget)
        case .root(let steps): return try JSONPathEvaluator.definiteValue(steps, in: root, root: root, budget: budget)
        }
    }
}

extension FilterComparison {
    /// Typed comparisons as Jayway makes them: numbers with numbers, strings with strings;
    /// anything else is only ever (un)equal.
    func holds(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order: Int
            switch (a, b) {
            case (.number(let x), .number(let y)): order = x < y ? -1 : (x == y ? 0 : 1)
            case (.string(let x), .string(let y)): order = String.javaOrder(x, y)
            default: return false
            }
            switch self {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }
}
