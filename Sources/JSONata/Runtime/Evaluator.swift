import Foundation

/// Evaluates an expression tree against an input. One evaluator serves one evaluation: it holds
/// the limits, the clock reading `$now()` reports, and the random source.
final class Evaluator {
    let environment: JSONataEnvironment
    /// The instant of this evaluation (`$now()` and `$millis()` are stable within it).
    let timestamp: Date
    private var depth = 0
    /// Nesting at which evaluation moves to a thread with a large stack (shallow expressions,
    /// the common case, never pay for the thread).
    private static let largeStackDepth = 100
    private var onLargeStack = false
    private var steps = 0
    private let deadline: ContinuousClock.Instant?

    init(environment: JSONataEnvironment) {
        self.environment = environment
        timestamp = environment.clock()
        deadline = environment.timeLimit.map { ContinuousClock.now.advanced(by: $0) }
    }

    // MARK: dispatch

    func evaluate(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        depth += 1
        defer { depth -= 1 }
        try checkLimits()
        if depth == Self.largeStackDepth && !onLargeStack {
            onLargeStack = true
            defer { onLargeStack = false }
            return try LargeStack.run { () throws(JSONataError) -> Value? in try evaluateNode(expr, input, frame) }
        }
        return try evaluateNode(expr, input, frame)
    }

    private func evaluateNode(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        var result = try dispatch(expr, input, frame)
        if expr.predicate != nil || expr.group != nil {
            result = try applyPredicateAndGroup(expr, result, frame)
        }
        if case .array(let array)? = result, array.isSequence, !array.tupleStream {
            if expr.keepArray { array.keepSingleton = true }
            if array.items.isEmpty {
                result = nil
            } else if array.items.count == 1 && !array.keepSingleton {
                result = array.items[0]
            }
        }
        return result
    }

    /// Evaluates the node itself (kept apart from `evaluate` so the recursive frame stays small).
    @inline(never)
    private func dispatch(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        switch expr.kind {
        case .path: return try evaluatePath(expr, input, frame)
        case .binary: return try evaluateBinary(expr, input, frame)
        case .unary: return try evaluateUnary(expr, input, frame)
        case .name: return lookupField(input, expr.value)
        case .literal: return Self.literalValue(expr.literal)
        case .wildcard: return evaluateWildcard(input)
        case .descendant: return evaluateDescendants(input)
        case .parent: return frame.lookup(expr.slot!.label)
        case .condition: return try evaluateCondition(expr, input, frame)
        case .block: return try evaluateBlock(expr, input, frame)
        case .bind:
            let value = try evaluate(expr.rhs!, input, frame)
            frame.bind(expr.lhs!.value, value)
            return value
        case .regex: return .function(RegexMatcher.function(expr.regex!, position: expr.position))
        case .function: return try evaluateFunction(expr, input, frame, applyTo: nil)
        case .variable: return evaluateVariable(expr, input, frame)
        case .lambda: return evaluateLambda(expr, input, frame)
        case .partial: return try evaluatePartial(expr, input, frame)
        case .apply: return try evaluateApply(expr, input, frame)
        case .transform: return evaluateTransform(expr, frame)
        case .sort, .placeholder, .op, .end:
            throw JSONataError(code: "S0206", position: expr.position, token: expr.value)
        }
    }

    @inline(never)
    private func applyPredicateAndGroup(_ expr: Node, _ value: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        var result = value
        for stage in expr.predicate ?? [] {
            if case .filter(let filter) = stage.kind { result = try evaluateFilter(filter, result, frame) }
        }
        if expr.kind != .path, let group = expr.group {
            result = try evaluateGroup(group, result, frame)
        }
        return result
    }

    @inline(never)
    private func evaluateCondition(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        let condition = try evaluate(expr.condition!, input, frame)
        if try Casting.boolean(condition) == true {
            return try evaluate(expr.then!, input, frame)
        } else if let otherwise = expr.otherwise {
            return try evaluate(otherwise, input, frame)
        }
        return nil
    }

    @inline(never)
    private func evaluateBlock(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        let blockFrame = Frame(parent: frame)
        var result: Value?
        for item in expr.expressions { result = try evaluate(item, input, blockFrame) }
        return result
    }

    private func checkLimits() throws(JSONataError) {
        if depth > environment.maxDepth {
            throw JSONataError(
                code: "U1001",
                message: "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.")
        }
        guard let deadline else { return }
        steps &+= 1
        if steps & 0xFF == 0, ContinuousClock.now > deadline {
            throw JSONataError(code: "U1001", message: "Expression evaluation timeout: Check for infinite loop")
        }
    }

    static func literalValue(_ literal: Literal?) -> Value? {
        switch literal {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case nil: return nil
        }
    }

    // MARK: simple expressions

    private func evaluateVariable(_ expr: Node, _ input: Value?, _ frame: Frame) -> Value? {
        if expr.value.isEmpty {
            // `$` is the context value (unwrapping the wrapper around an array input).
            if case .array(let a)? = input, a.outerWrapper, let first = a.items.first { return first }
            return input
        }
        return frame.lookup(expr.value)
    }

    /// A field of an object, or of every object in an array (flattening one level).
    func lookupField(_ input: Value?, _ key: String) -> Value? {
        switch input {
        case .array(let array)?:
            let result = JArray.sequence()
            for item in array.items {
                guard let value = lookupField(item, key) else { continue }
                if case .array(let inner) = value {
                    result.items.append(contentsOf: inner.items)
                } else {
                    result.append(value)
                }
            }
            return .array(result)
        case .object(let object)?:
            return object.fields[key]
        default:
            return nil
        }
    }

    private func evaluateWildcard(_ input: Value?) -> Value? {
        var results = JArray.sequence()
        var input = input
        if case .array(let a)? = input, a.outerWrapper, let first = a.items.first { input = first }
        let values: [Value]
        switch input {
        case .object(let o)?: values = Array(o.fields.values)
        case .array(let a)?: values = a.items
        default: values = []
        }
        for value in values {
            if case .array = value {
                // Appending an array makes a plain (non-sequence) array, as in the reference.
                let merged = JArray(results.items)
                Self.flatten(value, into: &merged.items)
                results = merged
            } else {
                results.append(value)
            }
        }
        return .array(results)
    }

    static func flatten(_ value: Value, into out: inout [Value]) {
        if case .array(let a) = value {
            for item in a.items { flatten(item, into: &out) }
        } else {
            out.append(value)
        }
    }

    private func evaluateDescendants(_ input: Value?) -> Value? {
        guard let input else { return nil }
        var results: [Value] = []
        Self.collectDescendants(input, into: &results)
        if results.count == 1 { return results[0] }
        return .array(.sequence(results))
    }

    private static func collectDescendants(_ value: Value, into out: inout [Value]) {
        switch value {
        case .array(let a):
            for item in a.items { collectDescendants(item, into: &out) }
        case .object(let o):
            out.append(value)
            for item in o.fields.values { collectDescendants(item, into: &out) }
        default:
            out.append(value)
        }
    }
}
