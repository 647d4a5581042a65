/// A node of the expression tree.
///
/// The parser builds these nodes and the post-parse stage (`ASTProcessor`) rewrites them in
/// place, the way JSONata's reference parser annotates its tree (steps, stages, tuple flags,
/// ancestor slots). Once `JSONataExpression.init` returns, no node is mutated again, which is
/// why sharing the tree between threads is safe.
final class Node: @unchecked Sendable {
    enum Kind {
        // Tokens, before and after processing.
        case name, variable, literal, regex, op, end
        // Parser products.
        case binary, unary, wildcard, descendant, parent, function, partial, lambda, condition,
             transform, block
        // Post-parse products.
        case path, bind, apply, sort, placeholder
    }

    var kind: Kind
    /// The parser's symbol id: the operator text, or `(name)`, `(literal)`, `(regex)`, `(end)`.
    var id: String
    /// Operator, name or variable name, or the literal's text.
    var value: String
    var literal: Literal?
    var regex: RegexLiteral?
    var position: Int
    /// Levels of the parsed tree from this node down (set by the parser, which bounds it).
    var height = 1

    var lhs: Node?
    var rhs: Node?
    /// Operand of unary minus.
    var expression: Node?
    /// Items of an array constructor, or the expressions of a block.
    var expressions: [Node] = []
    /// Key/value pairs of an object constructor.
    var pairs: [(Node, Node)] = []

    // Paths and steps.
    var steps: [Node] = []
    var predicate: [Stage]?
    var stages: [Stage]?
    var group: GroupBy?
    var keepArray = false
    var keepSingletonArray = false
    var consarray = false
    var tuple = false
    var focus: String?
    var index: String?
    var ancestor: Slot?
    var slot: Slot?
    var seekingParent: [Slot]?

    // Function calls and lambdas.
    var procedure: Node?
    var arguments: [Node] = []
    var params: [String] = []
    var signature: Signature?
    var body: Node?
    var thunk = false

    // Conditions and transforms.
    var condition: Node?
    var then: Node?
    var otherwise: Node?
    var pattern: Node?
    var update: Node?
    var delete: Node?

    // Order-by.
    var terms: [SortTerm] = []

    init(kind: Kind, id: String, value: String, position: Int) {
        self.kind = kind
        self.id = id
        self.value = value
        self.position = position
    }

    convenience init(kind: Kind, value: String = "", position: Int) {
        self.init(kind: kind, id: value, value: value, position: position)
    }
}

/// A predicate or positional binding applied to a step's results.
struct Stage {
    enum Kind {
        case filter(Node)
        case index(String)
    }
    var kind: Kind
    var position: Int
}

/// The key/value pairs of a grouping (object constructor) and where it was written.
struct GroupBy {
    var pairs: [(Node, Node)]
    var position: Int
}

struct SortTerm {
    var descending: Bool
    var expression: Node
}

/// A parent-operator (`%`) reference being resolved to an ancestor step.
final class Slot {
    var label: String
    var level: Int
    let index: Int

    init(label: String, level: Int, index: Int) {
        self.label = label
        self.level = level
        self.index = index
    }
}
