import StepwiseJSON

/// A JSONPath Choice condition with its paths parsed and patterns prepared.
public struct CompiledCondition: Sendable, Hashable {
    indirect enum Node: Sendable, Hashable {
        case and([Node])
        case or([Node])
        case not(Node)
        case comparison(variable: JSONPath, op: ComparisonOperator, operand: Operand)
    }

    enum Operand: Sendable, Hashable {
        case literal(JSONValue)
        case path(JSONPath)
        case pattern(StringPattern)
    }

    let root: Node

    /// Fails (with `States.Runtime`) on a malformed path or on a JSONata condition, which
    /// belongs to the JSONata evaluator.
    public init(_ condition: Condition) throws(StatesError) {
        root = try Self.compile(condition, depth: 0)
    }

    static let maxDepth = 256

    static func compile(_ condition: Condition, depth: Int) throws(StatesError) -> Node {
        guard depth < maxDepth else { throw StatesError.runtime("The choice rule nests more than \(maxDepth) levels deep") }
        switch condition {
        case .and(let rules):
            var nodes: [Node] = []
            for rule in rules { nodes.append(try compile(rule.condition, depth: depth + 1)) }
            return .and(nodes)
        case .or(let rules):
            var nodes: [Node] = []
            for rule in rules { nodes.append(try compile(rule.condition, depth: depth + 1)) }
            return .or(nodes)
        case .not(let rule):
            return .not(try compile(rule.condition, depth: depth + 1))
        case .jsonata:
            throw StatesError.runtime("A JSONata Condition cannot be evaluated as a JSONPath choice rule")
        case .comparison(let comparison):
            let variable = try path(comparison.variable)
            let operand: Operand
            if comparison.op.isPath {
                guard case .string(let text) = comparison.operand else {
                    throw StatesError.runtime("The value of \(comparison.op.rawValue) must be a path, found \(comparison.operand.typeName)")
                }
                operand = .path(try path(text))
            } else if comparison.op == .stringMatches, case .string(let text) = comparison.operand {
                operand = .pattern(StringPattern(text))
            } else {
                operand = .literal(comparison.operand)
            }
            return .comparison(variable: variable, op: comparison.op, operand: operand)
        }
    }

    static func path(_ text: String) throws(StatesError) -> JSONPath {
        do {
            return try JSONPath.parse(text)
        } catch {
            throw StatesError.runtime("Invalid path '\(text)': \(error.message)")
        }
    }
}

/// Evaluates JSONPath Choice rules the way AWS does.
public enum ChoiceEvaluator {
    /// Whether `condition` holds. Typed comparisons are false when the value has another type.
    /// A `Variable` (or, for `…Path` operators, the operand path) that finds nothing fails with
    /// `States.Runtime` — "Invalid path '$.x': The choice state's condition path references an
    /// invalid value." — except under `IsPresent`, which is what it tests.
    public static func evaluate(
        _ condition: Condition, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Bool {
        try evaluate(CompiledCondition(condition), input: input, context: context, variables: variables, budget: budget)
    }

    public static func evaluate(
        _ condition: CompiledCondition, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Bool {
        try evaluate(condition.root, input: input, context: context, variables: variables, budget: budget)
    }

    static func evaluate(
        _ node: CompiledCondition.Node, input: JSONValue, context: JSONValue, variables: [String: JSONValue], budget: EvaluationBudget
    ) throws(StatesError) -> Bool {
        try budget.spend()
        switch node {
        case .and(let nodes):
            for node in nodes where !(try evaluate(node, input: input, context: context, variables: variables, budget: budget)) { return false }
            return true
        case .or(let nodes):
            for node in nodes where try evaluate(node, input: input, context: context, variables: variables, budget: budget) { return true }
            return false
        case .not(let inner):
            return !(try evaluate(inner, input: input, context: context, variables: variables, budget: budget))
        case .comparison(let variable, let op, let operand):
            let value = try variable.select(input: input, context: context, variables: variables, budget: budget)
            if op == .isPresent { return (value != nil) == (operand.literal == .bool(true)) }
            guard let value else { throw invalidPath(variable) }
            let other: JSONValue?
            switch operand {
            case .pattern(let pattern):
                guard case .string(let text) = value else { return false }
                return try pattern.matches(text, budget: budget)
            case .literal(let literal): other = literal
            case .path(let path):
                guard let found = try path.select(input: input, context: context, variables: variables, budget: budget) else { throw invalidPath(path) }
                other = found
            }
            return compare(value, op, other ?? .null)
        }
    }

    static func invalidPath(_ path: JSONPath) -> StatesError {
        StatesError.runtime("Invalid path '\(path.text)': The choice state's condition path references an invalid value.")
    }

    /// One typed test or comparison; a type mismatch is simply false.
    static func compare(_ value: JSONValue, _ op: ComparisonOperator, _ operand: JSONValue) -> Bool {
        switch op.kind {
        case .test:
            guard case .bool(let expected) = operand else { return false }
            let actual: Bool
            switch op {
            case .isNull: actual = value.isNull
            case .isNumeric: actual = value.numberValue != nil
            case .isString: actual = value.stringValue != nil
            case .isBoolean: actual = value.boolValue != nil
            case .isTimestamp: actual = value.stringValue.flatMap(Timestamp.init(rfc3339:)) != nil
            default: actual = true
            }
            return actual == expected
        case .boolean:
            guard case .bool(let a) = value, case .bool(let b) = operand else { return false }
            return a == b
        case .numeric:
            guard case .number(let a) = value, case .number(let b) = operand else { return false }
            return holds(op.relation, a < b ? -1 : (a == b ? 0 : 1))
        case .string:
            guard case .string(let a) = value, case .string(let b) = operand else { return false }
            return holds(op.relation, String.javaOrder(a, b))
        case .timestamp:
            guard case .string(let a) = value, case .string(let b) = operand,
                  let x = Timestamp(rfc3339: a), let y = Timestamp(rfc3339: b)
            else { return false }
            return holds(op.relation, x < y ? -1 : (x == y ? 0 : 1))
        }
    }

    static func holds(_ relation: ComparisonOperator.Relation, _ order: Int) -> Bool {
        switch relation {
        case .equals: return order == 0
        case .lessThan: return order < 0
        case .greaterThan: return order > 0
        case .lessThanEquals: return order <= 0
        case .greaterThanEquals: return order >= 0
        case .matches, .test: return false
        }
    }
}

extension CompiledCondition.Operand {
    var literal: JSONValue? { if case .literal(let v) = self { return v } else { return nil } }
}
