/// Top-down operator-precedence (Pratt) parser producing the raw tree, then handing it to the
/// post-parse stage.
struct Parser {
    /// Left binding powers of the symbols that can continue an expression.
    private static let bindingPowers: [String: Int] = [
        ".": 75, "[": 80, "{": 70, "(": 80, "@": 80, "#": 80, "?": 20, "+": 50, "-": 50, "*": 60,
        "/": 60, "%": 60, "=": 40, "<": 40, ">": 40, "^": 40, ":=": 10, "!=": 40, "<=": 40,
        ">=": 40, "~>": 40, "and": 30, "or": 25, "in": 40, "&": 50,
    ]
    /// Operators the parser knows (the tokenizer also recognises `!` and `~`, which are errors).
    private static let knownOperators: Set<String> = [
        ":", ";", ",", ")", "]", "}", "..", ".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=",
        ">=", "&", "and", "or", "in", "~>", "**", "(", "[", "^", "{", ":=", "@", "#", "?", "|",
    ]
    private static let plainBinary: Set<String> = [
        ".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=", ">=", "&", "and", "or", "in", "~>",
    ]

    private var lexer: Tokenizer
    private var node: Node
    private let length: Int
    /// How many `expression` calls are under way.
    private var depth = 0

    static func parse(_ text: String) throws(JSONataError) -> Node {
        var parser = Parser(text)
        _ = try parser.advance()
        let expr = try parser.expression(0)
        if parser.node.id != "(end)" {
            throw JSONataError(code: "S0201", position: parser.node.position, token: parser.node.value)
        }
        var processor = ASTProcessor()
        let result = try processor.process(expr)
        if result.kind == .parent || result.seekingParent != nil {
            throw JSONataError(code: "S0217", position: result.position, token: result.kind == .parent ? "parent" : "path")
        }
        return result
    }

    private init(_ text: String) {
        lexer = Tokenizer(text)
        length = text.utf16.count
        node = Node(kind: .end, id: "(end)", value: "(end)", position: 0)
    }

    private func bindingPower(_ n: Node) -> Int {
        Self.bindingPowers[n.id] ?? 0
    }

    /// Moves to the next token, first checking that the current one is `id` when given.
    @discardableResult
    private mutating func advance(_ id: String? = nil, infix: Bool = false) throws(JSONataError) -> Node {
        if let id, node.id != id {
            let code = node.id == "(end)" ? "S0203" : "S0202"
            throw JSONataError(code: code, position: node.position, token: node.value, value: quoted(id))
        }
        guard let token = try lexer.next(infix: infix) else {
            node = Node(kind: .end, id: "(end)", value: "(end)", position: length)
            return node
        }
        switch token.kind {
        case .name:
            node = Node(kind: .name, id: "(name)", value: token.text, position: token.position)
        case .variable:
            node = Node(kind: .variable, id: "(name)", value: token.text, position: token.position)
        case .op:
            guard Self.knownOperators.contains(token.text) else {
                throw JSONataError(code: "S0204", position: token.position, token: token.text)
            }
            node = Node(kind: .op, id: token.text, value: token.text, position: token.position)
        case .string, .number, .value:
            node = Node(kind: .literal, id: "(literal)", value: token.text, position: token.position)
            node.literal = token.literal
        case .regex:
            node = Node(kind: .regex, id: "(regex)", value: token.text, position: token.position)
            node.regex = token.regex
        }
        return node
    }

    private func quoted(_ s: String) -> String { "\"\(s)\"" }

    /// Both the recursion (`((((1))))`, `----1`) and the trees it builds (`1+1+…+1` nests to
    /// the left without recursing) are held to `JSONataExpression.maxNesting`: every later
    /// stage walks the tree recursively.
    private mutating func expression(_ rbp: Int) throws(JSONataError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > JSONataExpression.maxNesting { throw .expressionTooDeep(at: node.position) }
        return try LargeStack.descend(depth) { () throws(JSONataError) -> Node in
            var t = node
            try advance(infix: true)
            var left = try sealed(try nud(t))
            while rbp < bindingPower(node) {
                t = node
                try advance()
                left = try sealed(try led(t, left))
            }
            return left
        }
    }

    /// Records the height of a node whose operands are parsed, failing beyond the limit.
    private func sealed(_ t: Node) throws(JSONataError) -> Node {
        var height = 0
        func include(_ child: Node?) {
            if let child { height = max(height, child.height) }
        }
        include(t.lhs)
        include(t.rhs)
        include(t.expression)
        include(t.procedure)
        include(t.body)
        include(t.condition)
        include(t.then)
        include(t.otherwise)
        include(t.pattern)
        include(t.update)
        include(t.delete)
        t.expressions.forEach(include)
        t.arguments.forEach(include)
        t.terms.forEach { include($0.expression) }
        for (key, value) in t.pairs {
            include(key)
            include(value)
        }
        t.height = height + 1
        if t.height > JSONataExpression.maxNesting { throw .expressionTooDeep(at: t.position) }
        return t
    }

    // MARK: prefix positions

    private mutating func nud(_ t: Node) throws(JSONataError) -> Node {
        switch t.kind {
        case .name, .variable, .literal, .regex, .end: return t
        default: break
        }
        switch t.id {
        case "and", "or", "in":
            return t
        case "-":
            t.kind = .unary
            t.expression = try expression(70)
            return t
        case "*":
            t.kind = .wildcard
            return t
        case "**":
            t.kind = .descendant
            return t
        case "%":
            t.kind = .parent
            return t
        case "(":
            var expressions: [Node] = []
            while node.id != ")" {
                expressions.append(try expression(0))
                if node.id != ";" { break }
                try advance(";")
            }
            try advance(")", infix: true)
            t.kind = .block
            t.expressions = expressions
            return t
        case "[":
            var items: [Node] = []
            if node.id != "]" {
                while true {
                    var item = try expression(0)
                    if node.id == ".." {
                        let range = Node(kind: .binary, value: "..", position: node.position)
                        range.lhs = item
                        try advance("..")
                        range.rhs = try expression(0)
                        item = try sealed(range)
                    }
                    items.append(item)
                    if node.id != "," { break }
                    try advance(",")
                }
            }
            try advance("]", infix: true)
            t.kind = .unary
            t.expressions = items
            return t
        case "{":
            t.pairs = try objectPairs()
            t.kind = .unary
            return t
        case "|":
            t.kind = .transform
            t.pattern = try expression(0)
            try advance("|")
            t.update = try expression(0)
            if node.id == "," {
                try advance(",")
                t.delete = try expression(0)
            }
            try advance("|")
            return t
        default:
            throw JSONataError(code: "S0211", position: t.position, token: t.value)
        }
    }

    private mutating func objectPairs() throws(JSONataError) -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if node.id != "}" {
            while true {
                let key = try expression(0)
                try advance(":")
                let value = try expression(0)
                pairs.append((key, value))
                if node.id != "," { break }
                try advance(",")
            }
        }
        try advance("}", infix: true)
        return pairs
    }

    // MARK: infix positions

    private mutating func led(_ t: Node, _ left: Node) throws(JSONataError) -> Node {
        if Self.plainBinary.contains(t.id) {
            t.kind = .binary
            t.lhs = left
            t.rhs = try expression(bindingPower(t))
            return t
        }
        switch t.id {
        case "(": return try call(t, left)
        case "[":
            if node.id == "]" {
                // `[]` keeps singleton arrays: flag the step under any predicates.
                var step: Node = left
                while step.kind == .binary && step.value == "[", let inner = step.lhs { step = inner }
                step.keepArray = true
                try advance("]")
                return left
            }
            t.kind = .binary
            t.lhs = left
            t.rhs = try expression(0)
            try advance("]", infix: true)
            return t
        case "^":
            try advance("(")
            var terms: [SortTerm] = []
            while true {
                var descending = false
                if node.id == "<" {
                    try advance("<")
                } else if node.id == ">" {
                    descending = true
                    try advance(">")
                }
                terms.append(SortTerm(descending: descending, expression: try expression(0)))
                if node.id != "," { break }
                try advance(",")
            }
            try advance(")")
            t.kind = .binary
            t.lhs = left
            t.terms = terms
            return t
        case "{":
            t.kind = .binary
            t.lhs = left
            t.pairs = try objectPairs()
            return t
        case ":=":
            guard left.kind == .variable else {
                throw JSONataError(code: "S0212", position: left.position, token: left.value)
            }
            t.kind = .binary
            t.lhs = left
            t.rhs = try expression(Self.bindingPowers[":="]! - 1)
            return t
        case "@", "#":
            t.kind = .binary
            t.lhs = left
            let rhs = try expression(80)
            guard rhs.kind == .variable else {
                throw JSONataError(code: "S0214", position: rhs.position, token: t.id)
            }
            t.rhs = rhs
            return t
        case "?":
            t.kind = .condition
            t.condition = left
            t.then = try expression(0)
            if node.id == ":" {
                try advance(":")
                t.otherwise = try expression(0)
            }
            return t
        default:
            throw JSONataError(code: "S0201", position: t.position, token: t.value)
        }
    }

    /// A function call, partial application, or (for `function`/`λ`) a lambda definition.
    private mutating func call(_ t: Node, _ left: Node) throws(JSONataError) -> Node {
        t.procedure = left
        t.kind = .function
        if node.id != ")" {
            while true {
                if node.kind == .op && node.id == "?" {
                    t.kind = .partial
                    node.kind = .placeholder
                    t.arguments.append(node)
                    try advance("?")
                } else {
                    t.arguments.append(try expression(0))
                }
                if node.id != "," { break }
                try advance(",")
            }
        }
        try advance(")", infix: true)
        guard left.kind == .name && (left.value == "function" || left.value == "\u{03BB}") else { return t }
        for (index, arg) in t.arguments.enumerated() where arg.kind != .variable {
            throw JSONataError(code: "S0208", position: arg.position, token: arg.value, value: String(index + 1))
        }
        t.kind = .lambda
        t.params = t.arguments.map(\.value)
        if node.id == "<" {
            let signaturePosition = node.position
            var depth = 1
            var text = "<"
            while depth > 0 && node.id != "{" && node.id != "(end)" {
                let token = try advance()
                if token.id == ">" { depth -= 1 } else if token.id == "<" { depth += 1 }
                text += token.value
            }
            try advance(">")
            do {
                t.signature = try Signature(text)
            } catch {
                var located = error
                located.position = signaturePosition + (error.position ?? 0)
                throw located
            }
        }
        try advance("{")
        t.body = try expression(0)
        try advance("}")
        return t
    }
}
