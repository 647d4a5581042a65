/// A lexical token. `position` is the offset (in UTF-16 units) just past the token, as JSONata reports.
struct Token {
    enum Kind { case name, variable, op, string, number, value, regex }
    var kind: Kind
    /// Name, variable name (without `$`), operator or string content.
    var text: String
    var literal: Literal?
    var regex: RegexLiteral?
    var position: Int
}

/// A literal constant in an expression.
enum Literal: Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
}

/// Splits expression text into tokens on demand; the parser says whether a `/` may start a regex.
struct Tokenizer {
    /// Operator characters and their binding powers (0 for punctuation).
    static let operators: [String: Int] = [
        ".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80,
        ";": 80, ":": 80, "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 20, "=": 40,
        "<": 40, ">": 40, "^": 40, "**": 60, "..": 20, ":=": 10, "!=": 40, "<=": 40, ">=": 40,
        "~>": 40, "and": 30, "or": 25, "in": 40, "&": 50, "!": 0, "~": 0,
    ]

    private static let singleCharOperators: Set<UInt16> = Set(
        operators.keys.filter { $0.utf16.count == 1 }.map { $0.utf16.first! })
    private static let whitespace: Set<UInt16> = [0x20, 0x09, 0x0A, 0x0D, 0x0B]

    let source: [UInt16]
    private(set) var position = 0

    init(_ text: String) { source = Array(text.utf16) }

    private func char(_ index: Int) -> UInt16? { index < source.count ? source[index] : nil }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: source[from..<to], as: UTF16.self)
    }

    /// The next token, or nil at the end. `prefix` false means a `/` here may begin a regex.
    mutating func next(infix: Bool) throws(JSONataError) -> Token? {
        try skipWhitespaceAndComments()
        guard let c = char(position) else { return nil }
        if !infix && c == 0x2F {
            position += 1
            return try scanRegex()
        }
        if let two = twoCharOperator(c) {
            position += 2
            return Token(kind: .op, text: two, position: position)
        }
        if Self.singleCharOperators.contains(c) {
            position += 1
            return Token(kind: .op, text: String(UnicodeScalar(UInt8(c))), position: position)
        }
        if c == 0x22 || c == 0x27 { return try scanString(quote: c) }
        if let number = try scanNumber() { return number }
        if c == 0x60 {  // backquoted name
            position += 1
            guard let end = source[position...].firstIndex(of: 0x60) else {
                position = source.count
                throw JSONataError(code: "S0105", position: position)
            }
            let name = text(position, end)
            position = end + 1
            return Token(kind: .name, text: name, position: position)
        }
        return scanName()
    }

    /// Whitespace and `/* … */` comments, in a loop: a run of them cannot deepen the stack.
    private mutating func skipWhitespaceAndComments() throws(JSONataError) {
        while true {
            while let c = char(position), Self.whitespace.contains(c) { position += 1 }
            guard char(position) == 0x2F, char(position + 1) == 0x2A else { return }
            let start = position
            position += 2
            while !(char(position) == 0x2A && char(position + 1) == 0x2F) {
                position += 1
                if position >= source.count { throw JSONataError(code: "S0106", position: start) }
            }
            position += 2
        }
    }

    private func twoCharOperator(_ c: UInt16) -> String? {
        guard let d = char(position + 1) else { return nil }
        switch (UnicodeScalar(c), UnicodeScalar(d)) {
        case (".", "."): return ".."
        case (":", "="): return ":="
        case ("!", "="): return "!="
        case (">", "="): return ">="
        case ("<", "="): return "<="
        case ("*", "*"): return "**"
        case ("~", ">"): return "~>"
        default: return nil
        }
    }

    private mutating func scanString(quote: UInt16) throws(JSONataError) -> Token {
        position += 1
        var units: [UInt16] = []
        while let c = char(position) {
            if c == 0x5C {  // backslash
                position += 1
                guard let e = char(position) else { break }
                switch UnicodeScalar(e) {
                case "\"": units.append(0x22)
                case "\\": units.append(0x5C)
                case "/": units.append(0x2F)
                case "b": units.append(0x08)
                case "f": units.append(0x0C)
                case "n": units.append(0x0A)
                case "r": units.append(0x0D)
                case "t": units.append(0x09)
                case "u":
                    let end = min(position + 5, source.count)
                    let hex = text(position + 1, end)
                    guard hex.utf16.count == 4, let code = UInt16(hex, radix: 16) else {
                        throw JSONataError(code: "S0104", position: position)
                    }
                    units.append(code)
                    position += 4
                default:
                    throw JSONataError(code: "S0103", position: position, token: text(position, position + 1))
                }
            } else if c == quote {
                position += 1
                let value = String(decoding: units, as: UTF16.self)
                return Token(kind: .string, text: value, literal: .string(value), position: position)
            } else {
                units.append(c)
            }
            position += 1
        }
        throw JSONataError(code: "S0101", position: position)
    }

    /// Numbers: `0|[1-9][0-9]*` then optional fraction and exponent (no sign: `-` is an operator).
    private mutating func scanNumber() throws(JSONataError) -> Token? {
        var i = position
        func isDigit(_ c: UInt16?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        guard isDigit(char(i)) else { return nil }
        if char(i) == 0x30 { i += 1 } else { while isDigit(char(i)) { i += 1 } }
        if char(i) == 0x2E, isDigit(char(i + 1)) {
            i += 1
            while isDigit(char(i)) { i += 1 }
        }
        if let e = char(i), e == 0x65 || e == 0x45 {
            var j = i + 1
            if let s = char(j), s == 0x2B || s == 0x2D { j += 1 }
            if isDigit(char(j)) {
                while isDigit(char(j)) { j += 1 }
                i = j
            }
        }
        let literal = text(position, i)
        guard let value = Double(literal), value.isFinite else {
            throw JSONataError(code: "S0102", position: position, token: literal)
        }
        position = i
        return Token(kind: .number, text: literal, literal: .number(value), position: position)
    }

    private mutating func scanName() -> Token? {
        let start = position
        var end = position
        while let c = char(end), !Self.whitespace.contains(c), !Self.singleCharOperators.contains(c) {
            end += 1
        }
        position = end
        if char(start) == 0x24 {  // $
            return Token(kind: .variable, text: text(start + 1, end), position: position)
        }
        let name = text(start, end)
        switch name {
        case "or", "in", "and": return Token(kind: .op, text: name, position: position)
        case "true": return Token(kind: .value, text: name, literal: .bool(true), position: position)
        case "false": return Token(kind: .value, text: name, literal: .bool(false), position: position)
        case "null": return Token(kind: .value, text: name, literal: .null, position: position)
        default:
            if end == source.count && name.isEmpty { return nil }
            return Token(kind: .name, text: name, position: position)
        }
    }

    /// A regex literal after its opening `/`: ends at an unescaped `/` outside brackets and groups.
    private mutating func scanRegex() throws(JSONataError) -> Token {
        let start = position
        var depth = 0
        while let c = char(position) {
            let escaped = position > 0 && source[position - 1] == 0x5C
            if c == 0x2F && !escaped && depth == 0 {
                let pattern = text(start, position)
                if pattern.isEmpty { throw JSONataError(code: "S0301", position: position) }
                position += 1
                var flags = ""
                while let f = char(position), f == 0x69 || f == 0x6D {
                    flags.append(Character(UnicodeScalar(UInt8(f))))
                    position += 1
                }
                let regex = try RegexLiteral(pattern: pattern, flags: flags, position: position)
                return Token(kind: .regex, text: pattern, regex: regex, position: position)
            }
            if (c == 0x28 || c == 0x5B || c == 0x7B) && !escaped { depth += 1 }
            if (c == 0x29 || c == 0x5D || c == 0x7D) && !escaped { depth -= 1 }
            position += 1
        }
        throw JSONataError(code: "S0302", position: position)
    }
}
