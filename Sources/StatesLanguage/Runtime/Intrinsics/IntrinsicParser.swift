import StepwiseJSON

extension IntrinsicFunction {
    /// AWS allows up to 10 intrinsic functions nested within one field.
    public static let maxNesting = 10

    /// Parses a call: `States.Name(arg, …)` where an argument is a quoted string (escapes
    /// `\'`, `\{`, `\}`, `\\`), a number, `true`, `false`, `null`, a path or another call.
    public static func parse(_ text: String) throws(IntrinsicSyntaxError) -> IntrinsicFunction {
        var parser = IntrinsicParser(text)
        parser.skipBlanks()
        let call = try parser.call(depth: 1)
        parser.skipBlanks()
        if !parser.atEnd { throw parser.fail("unexpected text after the closing ')'") }
        return call
    }
}

struct IntrinsicParser {
    let scalars: [Unicode.Scalar]
    var position = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var atEnd: Bool { position >= scalars.count }
    var current: Unicode.Scalar? { atEnd ? nil : scalars[position] }

    func fail(_ message: String, at offset: Int? = nil) -> IntrinsicSyntaxError {
        IntrinsicSyntaxError(message: message, offset: offset ?? position)
    }

    func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }

    mutating func skipBlanks() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    mutating func call(depth: Int) throws(IntrinsicSyntaxError) -> IntrinsicFunction {
        let start = position
        guard depth <= IntrinsicFunction.maxNesting else {
            throw fail("intrinsic functions can be nested at most \(IntrinsicFunction.maxNesting) deep")
        }
        while let c = current, c == "." || JSONPathParser.isIdentifierPart(c) { position += 1 }
        let name = text(start..<position)
        guard let known = IntrinsicName(rawValue: name) else {
            let choices = IntrinsicName.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(name.isEmpty ? "expected an intrinsic function such as States.Format" : "unknown intrinsic function '\(name)'; expected one of \(choices)", at: start)
        }
        skipBlanks()
        guard current == "(" else { throw fail("expected '(' after \(name)") }
        position += 1
        var arguments: [IntrinsicArgument] = []
        skipBlanks()
        if current == ")" {
            position += 1
        } else {
            while true {
                skipBlanks()
                arguments.append(try argument(depth: depth))
                skipBlanks()
                if current == "," {
                    position += 1
                } else if current == ")" {
                    position += 1
                    break
                } else {
                    throw atEnd ? fail("missing ')' to close \(name)") : fail("expected ',' or ')' but found '\(current!)'")
                }
            }
        }
        return IntrinsicFunction(name: known, arguments: arguments, text: text(start..<position))
    }

    mutating func argument(depth: Int) throws(IntrinsicSyntaxError) -> IntrinsicArgument {
        let start = position
        switch current {
        case "'":
            return try stringLiteral()
        case "$":
            return .path(try path())
        case let c? where c == "-" || ("0"..."9").contains(c):
            while let c = current, c == "-" || c == "+" || c == "." || c == "e" || c == "E" || ("0"..."9").contains(c) { position += 1 }
            let literal = text(start..<position)
            guard case .number(let n)? = try? JSONParser.parse(literal) else { throw fail("'\(literal)' is not a number", at: start) }
            return .number(n)
        case nil:
            throw fail("expected an argument")
        default:
            while let c = current, c == "." || JSONPathParser.isIdentifierPart(c) { position += 1 }
            switch text(start..<position) {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "null": return .null
            case let word where word.hasPrefix("States."):
                position = start
                return .call(try call(depth: depth + 1))
            case "":
                throw fail("unexpected '\(current!)' where an argument was expected")
            case let word:
                throw fail("unexpected '\(word)'; string arguments are written in single quotes", at: start)
            }
        }
    }

    /// `'…'` with AWS's escapes. Any other backslash is an error ("open escape").
    mutating func stringLiteral() throws(IntrinsicSyntaxError) -> IntrinsicArgument {
        let open = position
        position += 1
        var value = String.UnicodeScalarView()
        let rawStart = position
        while let c = current {
            if c == "'" {
                let raw = text(rawStart..<position)
                position += 1
                return .string(value: String(value), raw: raw)
            }
            position += 1
            if c == "\\" {
                guard let escaped = current, "'{}\\".unicodeScalars.contains(escaped) else {
                    throw fail("a backslash in a string argument must escape ', {, } or \\", at: position - 1)
                }
                position += 1
                value.append(escaped)
            } else {
                value.append(c)
            }
        }
        throw fail("unterminated string argument", at: open)
    }

    /// A path argument runs to the next `,` or `)` outside brackets, quotes and filter parentheses.
    mutating func path() throws(IntrinsicSyntaxError) -> JSONPath {
        let start = position
        var brackets = 0, parentheses = 0
        var quote: Unicode.Scalar?
        scan: while let c = current {
            if let q = quote {
                if c == "\\" { position += 1 } else if c == q { quote = nil }
            } else {
                switch c {
                case "'", "\"": quote = c
                case "[": brackets += 1
                case "]": brackets -= 1
                case "(": parentheses += 1
                case ")" where brackets == 0 && parentheses == 0: break scan
                case ")": parentheses -= 1
                case "," where brackets == 0 && parentheses == 0: break scan
                default: break
                }
            }
            position += 1
        }
        var end = min(position, scalars.count)
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        do {
            return try JSONPath.parse(text(start..<end))
        } catch {
            throw fail("invalid path: \(error.message)", at: start + error.offset)
        }
    }
}
