import StepwiseJSON

/// A payload template (`Parameters`, `ItemSelector`, `ResultSelector`, JSONPath `Assign`):
/// JSON in which a key ending in `.$` takes the value of a path or an intrinsic call, written
/// under the key without the suffix. Compile once, evaluate per state run; parts without any
/// `.$` key are kept as ready-made values.
public struct PayloadTemplate: Sendable, Hashable {
    indirect enum Node: Sendable, Hashable {
        case literal(JSONValue)
        case object([(key: String, node: Node)])
        case array([Node])
        /// `field` is the key as written (`name.$`), which AWS quotes in its causes.
        case dynamic(DynamicValue, field: String)

        static func == (lhs: Node, rhs: Node) -> Bool {
            switch (lhs, rhs) {
            case (.literal(let a), .literal(let b)): return a == b
            case (.array(let a), .array(let b)): return a == b
            case (.dynamic(let a, let f), .dynamic(let b, let g)): return a == b && f == g
            case (.object(let a), .object(let b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.node == $1.node }
            default: return false
            }
        }

        func hash(into hasher: inout Hasher) {
            switch self {
            case .literal(let v): hasher.combine(v)
            case .array(let a): hasher.combine(a)
            case .dynamic(let v, let f): hasher.combine(v); hasher.combine(f)
            case .object(let members):
                for member in members { hasher.combine(member.key); hasher.combine(member.node) }
            }
        }
    }

    let root: Node

    /// Templates nest; deeper than this is refused rather than risking the stack.
    public static let maxDepth = 512

    /// Compiles a template. A `.$` key whose value is not a string holding a path or an
    /// intrinsic call is a definition error, reported with AWS's wording.
    public static func compile(_ template: JSONValue) throws(StatesError) -> PayloadTemplate {
        PayloadTemplate(root: try compile(template, depth: 0))
    }

    static func compile(_ value: JSONValue, depth: Int) throws(StatesError) -> Node {
        guard depth < maxDepth else { throw StatesError.runtime("The payload template nests more than \(maxDepth) levels deep") }
        switch value {
        case .object(let object):
            var members: [(key: String, node: Node)] = []
            var dynamic = false
            for (key, member) in object {
                if key.hasSuffix(".$") {
                    dynamic = true
                    guard case .string(let text) = member else {
                        throw StatesError.runtime("The value for the field '\(key)' must be a STRING that contains a JSONPath but was an \(member.typeName.uppercased())")
                    }
                    let parsed: DynamicValue
                    do {
                        parsed = try DynamicValue.parse(text)
                    } catch {
                        throw StatesError.runtime("The value for the field '\(key)' must be a valid JSONPath or a valid intrinsic function call (\(error.message))")
                    }
                    members.append((String(key.dropLast(2)), .dynamic(parsed, field: key)))
                } else {
                    let node = try compile(member, depth: depth + 1)
                    if case .literal = node {} else { dynamic = true }
                    members.append((key, node))
                }
            }
            return dynamic ? .object(members) : .literal(value)
        case .array(let items):
            var nodes: [Node] = []
            var dynamic = false
            for item in items {
                let node = try compile(item, depth: depth + 1)
                if case .literal = node {} else { dynamic = true }
                nodes.append(node)
            }
            return dynamic ? .array(nodes) : .literal(value)
        default:
            return .literal(value)
        }
    }

    /// Evaluates against the effective input (`$`), the context object (`$$`) and variables.
    /// A path that finds nothing fails with `States.Runtime`: "The JSONPath '$.x' specified
    /// for the field 'x.$' could not be found in the input '…'". Work is paid from `budget`, and
    /// a value placed so deep that the result would nest more than `JSONParser.maxDepth` levels
    /// fails with `EvaluationLimit.depth`.
    public func evaluate(
        input: JSONValue, context: JSONValue, variables: [String: JSONValue], runtime: IntrinsicRuntime = .system,
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        let scope = Scope(input: input, context: context, variables: variables, runtime: runtime, budget: budget)
        return try scope.evaluate(root, level: 0)
    }

    /// Compiles and evaluates in one go (callers that run a template repeatedly should
    /// `compile` once instead).
    public static func evaluate(
        _ template: JSONValue, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        runtime: IntrinsicRuntime = .system, budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        try compile(template).evaluate(input: input, context: context, variables: variables, runtime: runtime, budget: budget)
    }

    /// What a template is evaluated against.
    private struct Scope {
        let input: JSONValue
        let context: JSONValue
        let variables: [String: JSONValue]
        let runtime: IntrinsicRuntime
        let budget: EvaluationBudget

        /// `node`'s value, which stands `level` levels deep in the result. Literals come from
        /// the definition, which nests no deeper than the parser allows; values found at run
        /// time are measured where they land.
        func evaluate(_ node: Node, level: Int) throws(StatesError) -> JSONValue {
            try budget.spend()
            switch node {
            case .literal(let value):
                return value
            case .array(let nodes):
                var out: [JSONValue] = []
                out.reserveCapacity(nodes.count)
                for node in nodes { out.append(try evaluate(node, level: level + 1)) }
                return .array(out)
            case .object(let members):
                var out = JSONObject(minimumCapacity: members.count)
                for member in members { out[member.key] = try evaluate(member.node, level: level + 1) }
                return .object(out)
            case .dynamic(let value, let field):
                guard let resolved = try value.resolve(input: input, context: context, variables: variables, runtime: runtime, budget: budget) else {
                    throw StatesError.runtime("The JSONPath '\(value)' specified for the field '\(field)' could not be found in the input '\(input)'")
                }
                try budget.checkDepth(resolved, at: level)
                return resolved
            }
        }
    }
}
