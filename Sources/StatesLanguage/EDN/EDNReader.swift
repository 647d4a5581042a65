import Foundation
import OrderedCollections
import StepwiseJSON

/// A syntax error in EDN text: where it is and what was expected there.
public struct EDNSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

/// Where each value of an EDN text starts, in the same shape as the value: the children of a
/// list, vector or set are its elements' positions; a map has two children per entry (key,
/// then value); a tagged value has its element's position.
public struct EDNPositions: Sendable, Hashable {
    public var location: SourceLocation
    public var children: [EDNPositions]

    public init(location: SourceLocation, children: [EDNPositions] = []) {
        self.location = location
        self.children = children
    }

    /// The position of the `index`-th element (nil when absent).
    public func child(_ index: Int) -> EDNPositions? { children.indices.contains(index) ? children[index] : nil }

    /// The positions of the key and the value of a map's `index`-th entry.
    public func entry(_ index: Int) -> (key: EDNPositions?, value: EDNPositions?) {
        (child(2 * index), child(2 * index + 1))
    }
}

/// Reads EDN text (https://github.com/edn-format/edn): exactly one value, surrounded by any
/// whitespace, commas, `;` comments and `#_` discarded elements.
public enum EDNReader {
    /// Nesting deeper than this is rejected rather than risking the stack.
    public static let maxDepth = 512

    public static func read(_ text: String) throws(EDNSyntaxError) -> EDNValue {
        try readWithPositions(text).value
    }

    /// Reads the value and where each of its parts starts (for diagnostics naming lines).
    public static func readWithPositions(_ text: String) throws(EDNSyntaxError) -> (value: EDNValue, positions: EDNPositions) {
        var reader = Reader(text)
        return try reader.document()
    }
}

private struct Reader {
    let s: [Unicode.Scalar]
    var i = 0
    var line = 1
    var column = 1
    var depth = 0

    init(_ text: String) { s = Array(text.unicodeScalars) }

    var here: SourceLocation { SourceLocation(line: line, column: column) }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

    mutating func advance() {
        if s[i] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        i += 1
    }

    func error(_ message: String, at location: SourceLocation? = nil) -> EDNSyntaxError {
        EDNSyntaxError(message: message, location: location ?? here)
    }

    /// `'x'` for visible characters, `U+000B` for others, or "end of input".
    func describe(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "end of input" }
        if c.properties.isWhitespace || c.properties.generalCategory == .control || c.properties.generalCategory == .format {
            return "U+" + String(format: "%04X", c.value)
        }
        return "'\(c)'"
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        // ASCII first: the Unicode property lookup is slow and definitions are mostly ASCII.
        if c.isASCII { return c == "," || c == " " || (c.value >= 0x09 && c.value <= 0x0D) }
        return c.properties.isWhitespace
    }

    static func isClosing(_ c: Unicode.Scalar) -> Bool { c == ")" || c == "]" || c == "}" }

    /// Characters that end a symbol, keyword, number or character token.
    static func isDelimiter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "(", ")", "[", "]", "{", "}", "\"", ";", "\\": return true
        default: return isWhitespace(c)
        }
    }

    mutating func enter() throws(EDNSyntaxError) {
        depth += 1
        if depth > EDNReader.maxDepth { throw error("nesting deeper than \(EDNReader.maxDepth) levels") }
    }

    mutating func document() throws(EDNSyntaxError) -> (value: EDNValue, positions: EDNPositions) {
        try skipIgnorable()
        guard peek() != nil else { throw error("expected a value, found end of input") }
        let result = try element()
        try skipIgnorable()
        if let c = peek() {
            throw error("expected end of input after the value, found \(describe(c)) (the text must hold exactly one value)")
        }
        return result
    }

    /// Skips whitespace, commas, comments and `#_` discarded elements.
    mutating func skipIgnorable() throws(EDNSyntaxError) {
        while let c = peek() {
            if Reader.isWhitespace(c) {
                advance()
            } else if c == ";" {
                while let c = peek(), c != "\n" { advance() }
            } else if c == "#", peek(1) == "_" {
                let start = here
                advance()
                advance()
                try enter()
                try skipIgnorable()
                guard let next = peek(), !Reader.isClosing(next) else {
                    throw error("expected an element to discard after the #_ at \(start), found \(describe(peek()))")
                }
                _ = try element()
                depth -= 1
            } else {
                return
            }
        }
    }

    /// Reads one element; the caller has skipped what precedes it and checked it exists.
    mutating func element() throws(EDNSyntaxError) -> (value: EDNValue, positions: EDNPositions) {
        let start = here
        guard let c = peek() else { throw error("expected a value, found end of input") }
        switch c {
        case "(":
            let items = try sequence(close: ")", what: "list", start: start)
            return (.list(items.map(\.value)), EDNPositions(location: start, children: items.map(\.positions)))
        case "[":
            let items = try sequence(close: "]", what: "vector", start: start)
            return (.vector(items.map(\.value)), EDNPositions(location: start, children: items.map(\.positions)))
        case "{":
            return try map(start: start)
        case ")", "]", "}":
            throw error("unexpected '\(c)' with no matching opening bracket")
        case "\"":
            return (.string(try string()), EDNPositions(location: start))
        case "\\":
            return (.character(try character()), EDNPositions(location: start))
        case "#":
            return try dispatch(start: start)
        default:
            return (try token(start: start), EDNPositions(location: start))
        }
    }

    /// The elements up to `close`; the reader is at the opening bracket, `start` is where the
    /// collection's text begins (before `#` for sets).
    mutating func sequence(close: Unicode.Scalar, what: String, start: SourceLocation) throws(EDNSyntaxError) -> [(value: EDNValue, positions: EDNPositions)] {
        try enter()
        advance()
        var items: [(value: EDNValue, positions: EDNPositions)] = []
        while true {
            try skipIgnorable()
            guard let c = peek() else {
                throw error("expected '\(close)' to close the \(what) that starts at \(start), found end of input")
            }
            if c == close {
                advance()
                depth -= 1
                return items
            }
            if Reader.isClosing(c) {
                throw error("expected '\(close)' to close the \(what) that starts at \(start), found '\(c)'")
            }
            items.append(try element())
        }
    }

    mutating func map(start: SourceLocation) throws(EDNSyntaxError) -> (value: EDNValue, positions: EDNPositions) {
        let items = try sequence(close: "}", what: "map", start: start)
        if items.count % 2 == 1, let last = items.last {
            throw error("the map that starts at \(start) has a key without a value", at: last.positions.location)
        }
        var map = EDNMap(minimumCapacity: items.count / 2)
        for k in stride(from: 0, to: items.count, by: 2) {
            let key = items[k].value
            if map[key] != nil {
                throw error("duplicate key \(key) in the map that starts at \(start)", at: items[k].positions.location)
            }
            map[key] = items[k + 1].value
        }
        return (.map(map), EDNPositions(location: start, children: items.map(\.positions)))
    }

    /// `#{…}` sets, `#tag element`; `#_` never reaches here (see `skipIgnorable`).
    mutating func dispatch(start: SourceLocation) throws(EDNSyntaxError) -> (value: EDNValue, positions: EDNPositions) {
        advance()
        guard let c = peek() else {
            throw error("expected '{', '_' or a tag name after '#', found end of input")
        }
        if c == "{" {
            let items = try sequence(close: "}", what: "set", start: start)
            var set = EDNSet()
            for item in items where !set.append(item.value).inserted {
                throw error("duplicate element \(item.value) in the set that starts at \(start)", at: item.positions.location)
            }
            return (.set(set), EDNPositions(location: start, children: items.map(\.positions)))
        }
        guard c.properties.isAlphabetic else {
            throw error("unexpected \(describe(c)) after '#': expected '{' (a set), '_' (discard) or a tag name")
        }
        let tagStart = here
        let text = tokenText()
        let tag: EDNName
        do {
            tag = try EDNName.parse(text, keyword: false)
        } catch {
            throw self.error("invalid tag #\(text): \(error.reason)", at: tagStart)
        }
        try enter()
        try skipIgnorable()
        guard let next = peek(), !Reader.isClosing(next) else {
            throw error("expected an element after the tag #\(text), found \(describe(peek()))")
        }
        let (inner, innerPositions) = try element()
        depth -= 1
        switch text {
        case "inst":
            guard case .string(let s) = inner, let instant = EDNInstant(s) else {
                throw error("#inst expects an RFC 3339 timestamp string such as \"1985-04-12T23:20:50.52Z\", found \(inner)", at: innerPositions.location)
            }
            return (.instant(instant), EDNPositions(location: start))
        case "uuid":
            guard case .string(let s) = inner, s.utf8.count == 36, let uuid = UUID(uuidString: s) else {
                throw error("#uuid expects a UUID string such as \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\", found \(inner)", at: innerPositions.location)
            }
            return (.uuid(uuid), EDNPositions(location: start))
        default:
            return (.tagged(tag, inner), EDNPositions(location: start, children: [innerPositions]))
        }
    }

    /// The text of a symbol-like token from here up to the next delimiter.
    mutating func tokenText() -> String {
        var scalars = String.UnicodeScalarView()
        while let c = peek(), !Reader.isDelimiter(c) {
            scalars.append(c)
            advance()
        }
        return String(scalars)
    }

    mutating func token(start: SourceLocation) throws(EDNSyntaxError) -> EDNValue {
        let text = tokenText()
        let scalars = Array(text.unicodeScalars)
        let startsNumber = scalars[0].isASCIIDigit
            || ((scalars[0] == "+" || scalars[0] == "-") && scalars.count > 1 && scalars[1].isASCIIDigit)
        if startsNumber {
            do {
                switch try EDNNumberSyntax.classify(text) {
                case .integer: return .integer(EDNInteger(validated: text))
                case .float: return .float(EDNFloat(validated: text))
                }
            } catch {
                throw self.error("invalid number \(text): \(error.reason)", at: start)
            }
        }
        switch text {
        case "nil": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if scalars[0] == ":" {
            do {
                return .keyword(try EDNName.parse(String(text.dropFirst()), keyword: true))
            } catch {
                throw self.error("invalid keyword \(text): \(error.reason)", at: start)
            }
        }
        if text == "/" { return .symbol(EDNName(name: "/")) }
        do {
            return .symbol(try EDNName.parse(text, keyword: false))
        } catch {
            throw self.error("invalid symbol \(text): \(error.reason)", at: start)
        }
    }

    mutating func string() throws(EDNSyntaxError) -> String {
        let start = here
        advance()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw error("unterminated string: expected '\"' to close the string that starts at \(start), found end of input", at: start)
            }
            if c == "\"" {
                advance()
                return String(out)
            }
            guard c == "\\" else {
                out.append(c)
                advance()
                continue
            }
            let escapeStart = here
            advance()
            guard let e = peek() else {
                throw error("unterminated string: expected an escape character after '\\', found end of input")
            }
            advance()
            switch e {
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "n": out.append("\n")
            case "\\": out.append("\\")
            case "\"": out.append("\"")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "u": out.append(try unicodeEscape(start: escapeStart))
            default:
                throw error("invalid escape '\\\(e)' in string; expected one of \\t \\r \\n \\\\ \\\" \\b \\f \\uXXXX", at: escapeStart)
            }
        }
    }

    /// The scalar of `\uXXXX` (the reader is after the `u`), joining a surrogate pair.
    mutating func unicodeEscape(start: SourceLocation) throws(EDNSyntaxError) -> Unicode.Scalar {
        let high = try hex4(start: start)
        if (0xDC00...0xDFFF).contains(high) { throw error("lone low surrogate \\u\(String(high, radix: 16)) in string", at: start) }
        guard (0xD800...0xDBFF).contains(high) else {
            guard let scalar = Unicode.Scalar(high) else { throw error("invalid \\u escape", at: start) }
            return scalar
        }
        guard peek() == "\\", peek(1) == "u" else {
            throw error("high surrogate \\u\(String(high, radix: 16)) must be followed by a \\u low surrogate", at: start)
        }
        advance()
        advance()
        let low = try hex4(start: start)
        guard (0xDC00...0xDFFF).contains(low),
            let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        else { throw error("invalid surrogate pair in \\u escape", at: start) }
        return scalar
    }

    mutating func hex4(start: SourceLocation) throws(EDNSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek(), let digit = c.hexDigitValue else {
                throw error("expected 4 hexadecimal digits after \\u, found \(describe(peek()))")
            }
            value = value * 16 + UInt32(digit)
            advance()
        }
        return value
    }

    /// `\c`, `\newline`, `\space`, `\tab`, `\return`, `\formfeed`, `\backspace`, `\uXXXX`.
    mutating func character() throws(EDNSyntaxError) -> Character {
        let start = here
        advance()
        guard let first = peek(), !first.properties.isWhitespace else {
            throw error("a backslash must be followed by a character, found \(describe(peek()))")
        }
        // The first character is taken even if it is a delimiter: `\(` is the character '('.
        var scalars = String.UnicodeScalarView([first])
        advance()
        while let c = peek(), !Reader.isDelimiter(c) {
            scalars.append(c)
            advance()
        }
        let text = String(scalars)
        if text.count == 1, let only = text.first { return only }
        switch text {
        case "newline": return "\n"
        case "space": return " "
        case "tab": return "\t"
        case "return": return "\r"
        case "formfeed": return "\u{0C}"
        case "backspace": return "\u{08}"
        default: break
        }
        if text.hasPrefix("u"), text.unicodeScalars.count == 5 {
            let hex = text.dropFirst()
            if let code = UInt32(hex, radix: 16), hex.allSatisfy(\.isHexDigit) {
                guard let scalar = Unicode.Scalar(code) else {
                    throw error("\\\(text) is a surrogate code point, not a character", at: start)
                }
                return Character(scalar)
            }
        }
        throw error("unknown character \\\(text); expected a single character or one of \\newline \\space \\tab \\return \\formfeed \\backspace \\uXXXX", at: start)
    }
}

fileprivate extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 48 && value <= 57 }

    var hexDigitValue: Int? {
        switch value {
        case 48...57: return Int(value - 48)
        case 65...70: return Int(value - 55)
        case 97...102: return Int(value - 87)
        default: return nil
        }
    }
}
