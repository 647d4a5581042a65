import Foundation

/// Evaluates an expression tree against an input. One evaluator serves one evaluation: it holds
/// the limits, the clock reading `$now()` reports, and the random source.
final class Evaluator {
    let environment: JSONataEnvironment
    /// The instant of this evaluation (`$now()` and `$millis()` are stable within it).
    let timestamp: Date
    let meter: BudgetMeter
    // Unchecked: counted at every level by the evaluation's one thread.
    @exclusivity(unchecked) private var depth = 0

    init(environment: JSONataEnvironment) {
        self.environment = environment
        timestamp = environment.clock()
        meter = BudgetMeter(environment.budget)
    }

    // MARK: dispatch

    func evaluate(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        depth += 1
        defer { depth -= 1 }
        try enteredLevel()
        return try evaluateNode(expr, input, frame)
    }

    /// A level of evaluation for native functions that call functions they captured
    /// (compositions, partial applications), so that a chain of them cannot recurse unbounded.
    func nested<T>(_ body: () throws(JSONataError) -> T) throws(JSONataError) -> T {
        depth += 1
        defer { depth -= 1 }
        try enteredLevel()
        return try body()
    }

    /// Draws a step and holds the level to `maxDepth` (the evaluation runs on a large stack,
    /// which holds that many).
    @inline(__always)
    private func enteredLevel() throws(JSONataError) {
        if depth > environment.maxDepth {
            throw JSONataError(
                code: JSONataError.Code.recursionLimit,
                message: "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.")
        }
        try meter.charge()
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
        case .name: return try lookupField(input, expr.value)
        case .literal: return Self.literalValue(expr.literal)
        case .wildcard: return try evaluateWildcard(input)
        case .descendant: return try evaluateDescendants(input)
        case .parent: return try frame.lookup(expr.slot!.label, meter)
        case .condition: return try evaluateCondition(expr, input, frame)
        case .block: return try evaluateBlock(expr, input, frame)
        case .bind:
            let value = try evaluate(expr.rhs!, input, frame)
            frame.bind(expr.lhs!.value, value)
            return value
        case .regex: return .function(RegexMatcher.function(expr.regex!, position: expr.position))
        case .function: return try evaluateFunction(expr, input, frame, applyTo: nil)
        case .variable: return try evaluateVariable(expr, input, frame)
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
        if try Casting.boolean(condition, meter) == true {
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

    private func evaluateVariable(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        if expr.value.isEmpty {
            // `$` is the context value (unwrapping the wrapper around an array input).
            if case .array(let a)? = input, a.outerWrapper, let first = a.items.first { return first }
            return input
        }
        return try frame.lookup(expr.value, meter)
    }

    /// A field of an object, or of every object in an array (flattening one level).
    func lookupField(_ input: Value?, _ key: String, depth: Int = 0) throws(JSONataError) -> Value? {
        switch input {
        case .array(let array)?:
            try Value.enter(depth + 1)
            try meter.charge(array.count)
            let result = JArray.sequence()
            for item in array.items {
                guard let value = try lookupField(item, key, depth: depth + 1) else { continue }
                if case .array(let inner) = value {
                    try meter.charge(inner.count)
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

    private func evaluateWildcard(_ input: Value?) throws(JSONataError) -> Value? {
        let results = JArray.sequence()
        var input = input
        if case .array(let a)? = input, a.outerWrapper, let first = a.items.first { input = first }
        let values: [Value]
        switch input {
        case .object(let o)?: values = Array(o.fields.values)
        case .array(let a)?: values = a.items
        default: values = []
        }
        try meter.charge(values.count)
        for value in values {
            if case .array = value {
                // Appending an array makes a plain (non-sequence) array, as in the reference.
                results.isSequence = false
                try flatten(value, into: &results.items)
            } else {
                results.append(value)
            }
        }
        return .array(results)
    }

    func flatten(_ value: Value, into out: inout [Value], depth: Int = 0) throws(JSONataError) {
        if case .array(let a) = value {
            try Value.enter(depth + 1)
            try meter.charge(a.count)
            for item in a.items { try flatten(item, into: &out, depth: depth + 1) }
        } else {
            out.append(value)
        }
    }

    private func evaluateDescendants(_ input: Value?) throws(JSONataError) -> Value? {
        guard let input else { return nil }
        var results: [Value] = []
        try collectDescendants(input, into: &results)
        if results.count == 1 { return results[0] }
        return .array(.sequence(results))
    }

    private func collectDescendants(_ value: Value, into out: inout [Value], depth: Int = 0) throws(JSONataError) {
        try meter.charge()
        switch value {
        case .array(let a):
            try Value.enter(depth + 1)
            for item in a.items { try collectDescendants(item, into: &out, depth: depth + 1) }
        case .object(let o):
            try Value.enter(depth + 1)
            out.append(value)
            for item in o.fields.values { try collectDescendants(item, into: &out, depth: depth + 1) }
        default:
            out.append(value)
        }
    }
}
