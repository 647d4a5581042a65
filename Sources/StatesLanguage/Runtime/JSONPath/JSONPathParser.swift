extension JSONPath {
    /// Parses a path such as `$.a['b c'][0]`, `$$.Execution.Id`, `$items[*].id` or
    /// `$..book[?(@.price < 10 && !@.sold)]`.
    public static func parse(_ text: String) throws(JSONPathSyntaxError) -> JSONPath {
        var parser = JSONPathParser(text)
        return try parser.path()
    }
}

/// Recursive-descent parser over the path's Unicode scalars; offsets count scalars.
struct JSONPathParser {
    /// Filters nest (parentheses, `!`); deeper than this is refused rather than risking the stack.
    static let maxFilterDepth = 64

    let scalars: [Unicode.Scalar]
    let text: String
    var position = 0
    var filterDepth = 0
    var unquotedFilterWords: [String] = []

    init(_ text: String) {
        self.text = text
        // Trailing blanks are ignored, as Jayway trims paths (AWS accepts "$$.Execution.Id ").
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        self.scalars = scalars
    }

    var atEnd: Bool { position >= scalars.count }
    var current: Unicode.Scalar? { atEnd ? nil : scalars[position] }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = position + offset
        return i < scalars.count ? scalars[i] : nil
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONPathSyntaxError {
        JSONPathSyntaxError(message: message, offset: offset ?? position)
    }

    mutating func path() throws(JSONPathSyntaxError) -> JSONPath {
        guard current == "$" else { throw fail("a path must start with '$'", at: 0) }
        position += 1
        let root: JSONPath.Root
        if current == "$" {
            position += 1
            root = .context
        } else if let c = current, Self.isIdentifierStart(c) {
            let start = position
            while let c = current, Self.isIdentifierPart(c) { position += 1 }
            root = .variable(String(String.UnicodeScalarView(scalars[start..<position])))
        } else {
            root = .input
        }
        let steps = try self.steps(inFilter: false)
        if !atEnd { throw fail("unexpected '\(current!)'") }
        return JSONPath(root: root, steps: steps, text: text, unquotedFilterWords: unquotedFilterWords)
    }

    /// Steps until the end of the text, or (inside a filter) until something that is not a step.
    mutating func steps(inFilter: Bool) throws(JSONPathSyntaxError) -> [Step] {
        var steps: [Step] = []
        while let c = current {
            if c == "." {
                let descendant = peek(1) == "."
                position += descendant ? 2 : 1
                if current == "[" {
                    // `$.abc.['def ghi']` appears in AWS's own documentation.
                    steps.append(Step(descendant: descendant, selector: try bracket()))
                } else if current == "*" {
                    position += 1
                    steps.append(Step(descendant: descendant, selector: .wildcard))
                } else {
                    steps.append(Step(descendant: descendant, selector: .name(try dotName(inFilter: inFilter))))
                }
            } else if c == "[" {
                steps.append(Step(descendant: false, selector: try bracket()))
            } else if inFilter {
                break
            } else {
                throw fail("expected '.' or '[' but found '\(c)'")
            }
        }
        return steps
    }

    /// A member name in dot notation. Like Jayway it runs to the next `.` or `[` (a stray `]`
    /// is refused); a name such as
    /// `length()` is just a name, which AWS reports as not found (it supports no path functions).
    mutating func dotName(inFilter: Bool) throws(JSONPathSyntaxError) -> String {
        let start = position
        while let c = current, c != ".", c != "[", c != "]" {
            if c == " " || c == "\t" || c == "\n" {
                if inFilter { break }
                throw fail("use bracket notation ['my name'] for a name that contains blanks")
            }
            if inFilter, "()=!<>&|,".unicodeScalars.contains(c) { break }
            position += 1
        }
        guard position > start else { throw fail("expected a name after '.'") }
        return String(String.UnicodeScalarView(scalars[start..<position]))
    }

    mutating func bracket() throws(JSONPathSyntaxError) -> Selector {
        let open = position
        position += 1  // [
        skipBlanks()
        let selector: Selector
        switch current {
        case "'", "\"":
            var names = [try quoted()]
            skipBlanks()
            while current == "," {
                position += 1
                skipBlanks()
                guard current == "'" || current == "\"" else { throw fail("expected a quoted name after ','") }
                names.append(try quoted())
                skipBlanks()
            }
            selector = names.count == 1 ? .name(names[0]) : .names(names)
        case "*":
            position += 1
            selector = .wildcard
        case "?":
            position += 1
            guard current == "(" else { throw fail("expected '(' after '?'") }
            position += 1
            let expression = try filterOr()
            skipBlanks()
            guard current == ")" else { throw fail("expected ')' to close the filter") }
            position += 1
            selector = .filter(expression)
        case nil:
            throw fail("unclosed '['", at: open)
        default:
            selector = try indexSelector()
        }
        skipBlanks()
        guard current == "]" else {
            throw atEnd ? fail("unclosed '['", at: open) : fail("expected ']' but found '\(current!)'")
        }
        position += 1
        return selector
    }

    /// `[0]`, `[-1]`, `[0,2]`, `[1:3]`, `[::2]`.
    mutating func indexSelector() throws(JSONPathSyntaxError) -> Selector {
        let first = try optionalInteger()
        skipBlanks()
        if current == ":" {
            position += 1
            skipBlanks()
            let end = try optionalInteger()
            skipBlanks()
            var step: Int?
            if current == ":" {
                position += 1
                skipBlanks()
                step = try optionalInteger()
                if step == 0 { throw fail("a slice step cannot be 0") }
            }
            return .slice(start: first, end: end, step: step)
        }
        guard let first else { throw fail("expected an index, a slice, '*', a quoted name or a filter") }
        var list = [first]
        while current == "," {
            position += 1
            skipBlanks()
            guard let next = try optionalInteger() else { throw fail("expected an index after ','") }
            list.append(next)
            skipBlanks()
        }
        return list.count == 1 ? .index(first) : .indexes(list)
    }

    mutating func optionalInteger() throws(JSONPathSyntaxError) -> Int? {
        let start = position
        if current == "-" { position += 1 }
        let digitsStart = position
        while let c = current, ("0"..."9").contains(c) { position += 1 }
        if position == digitsStart {
            if position > start { throw fail("expected digits after '-'") }
            return nil
        }
        let literal = String(String.UnicodeScalarView(scalars[start..<position]))
        guard let value = Int(literal) else { throw fail("index \(literal) is out of range", at: start) }
        return value
    }

    /// A quoted name or string: `'…'` or `"…"`. Only the delimiter can be escaped (`\'`); every
    /// other backslash is kept as written — AWS matches `$['a\"b']` against a key holding the
    /// backslash.
    mutating func quoted() throws(JSONPathSyntaxError) -> String {
        let open = position
        let quote = current!
        position += 1
        var out = String.UnicodeScalarView()
        while let c = current {
            position += 1
            if c == quote { return String(out) }
            if c == "\\", let next = current {
                position += 1
                if next != quote { out.append(c) }
                out.append(next)
            } else {
                out.append(c)
            }
        }
        throw fail("unterminated quoted string", at: open)
    }

    mutating func skipBlanks() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }
}
