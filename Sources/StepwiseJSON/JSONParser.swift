public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    public var description: String { "\(location): \(message)" }
}

/// A strict RFC 8259 JSON parser that keeps number literals and key order.
public enum JSONParser {
    /// How deeply user data may nest (objects and arrays): deeper documents are refused rather
    /// than risking the stack, and no evaluation may build a deeper value, so that whatever is
    /// accepted can be stored and read back.
    public static let maxDepth = 512

    /// Parses a document. `maxDepth` is for internal envelopes that wrap user data a few levels
    /// deeper (stored history events, say): they pass `JSONParser.maxDepth` plus their own depth.
    public static func parse(_ text: String, maxDepth: Int = JSONParser.maxDepth) throws(JSONParseError) -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8), record: false, maxDepth: maxDepth)
        return try parser.document()
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = JSONParser.maxDepth) throws(JSONParseError) -> JSONValue {
        var parser = Parser(bytes: bytes, record: false, maxDepth: maxDepth)
        return try parser.document()
    }

    /// Parses and records where every value starts.
    public static func parse(_ text: String, recordingLocations: Bool) throws(JSONParseError) -> (value: JSONValue, sourceMap: SourceMap) {
        var parser = Parser(bytes: Array(text.utf8), record: recordingLocations, maxDepth: maxDepth)
        let value = try parser.document()
        return (value, parser.sourceMap)
    }
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    let record: Bool
    let maxDepth: Int
    var sourceMap = SourceMap()
    /// The entry of the value being parsed.
    var entry = SourceMap.root
    var depth = 0

    /// Offsets at which lines start, so that positions resolve in O(log n).
    let lineStarts: [Int]

    init(bytes: [UInt8], record: Bool, maxDepth: Int) {
        self.bytes = bytes
        self.record = record
        self.maxDepth = maxDepth
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    mutating func document() throws(JSONParseError) -> JSONValue {
        // A UTF-8 byte order mark is tolerated, as most JSON tooling does.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describe(bytes[index])) after the JSON value") }
        return value
    }

    /// Where recording last stood: values are recorded in document order, so walking forward
    /// from the previous one keeps the source map linear in the document's size.
    var recorded = (offset: 0, location: SourceLocation(line: 1, column: 1))

    mutating func advanceLocation(to offset: Int) -> SourceLocation {
        var (i, location) = recorded
        while i < offset {
            if bytes[i] == UInt8(ascii: "\n") {
                location.line += 1
                location.column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                location.column += 1
            }
            i += 1
        }
        recorded = (i, location)
        return location
    }

    /// The position of any offset (for errors).
    func location(at offset: Int) -> SourceLocation {
        let offset = min(offset, bytes.count)
        // The last line start at or before `offset`.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        var column = 1
        for i in lineStarts[low]..<offset where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return SourceLocation(line: low + 1, column: column)
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(message: message, location: location(at: offset ?? index))
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        if record { sourceMap.record(advanceLocation(to: index), at: entry) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(describe(bytes[index])), expected a value")
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let start = index
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("invalid literal, expected \(word)", at: start) }
        let ptr = word.utf8Start
        for k in 0..<count where bytes[index + k] != ptr[k] {
            throw error("invalid literal, expected \(word)", at: start)
        }
        index += count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object, expected '}'") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(describe(bytes[index]))")
            }
            let keyStart = index
            let key = try parseString()
            if object[key] != nil { throw error("duplicate key \"\(key)\"", at: keyStart) }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let parent = entry
            if record { entry = sourceMap.entry(key, in: parent) }
            object[key] = try parseValue()
            entry = parent
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object, expected '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            throw error("expected ',' or '}' in object, found \(describe(bytes[index]))")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            let parent = entry
            if record { entry = sourceMap.entry(array.count, in: parent) }
            array.append(try parseValue())
            entry = parent
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array, expected ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(array)
            }
            throw error("expected ',' or ']' in array, found \(describe(bytes[index]))")
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected a digit", at: index) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("invalid number: leading zero", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected an exponent digit") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        // Fast path for short integers avoids allocating the literal.
        if isInteger, index - start <= 18 {
            var value = 0
            var k = start
            let negative = bytes[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            while k < index {
                value = value * 10 + Int(bytes[k] &- 48)
                k += 1
            }
            return JSONNumber(negative ? -value : value)
        }
        return JSONNumber(literal: String(decoding: bytes[start..<index], as: UTF8.self))
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        // Fast path: no escapes.
        var k = index
        while k < bytes.count {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") {
                guard let s = String(validating: bytes[index..<k], as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: start)
                }
                index = k + 1
                return s
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            k += 1
        }
        var scalars = [UInt8]()
        scalars.reserveCapacity(k - index + 16)
        scalars.append(contentsOf: bytes[index..<k])
        index = k
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                guard let s = String(validating: scalars, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: start)
                }
                return s
            }
            if b < 0x20 { throw error("control character \(describe(b)) in string must be escaped") }
            if b != UInt8(ascii: "\\") {
                scalars.append(b)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw error("unterminated escape in string") }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        throw error("lone surrogate in \\u escape")
                    }
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw error("lone surrogate in \\u escape")
                }
                let scalar = UnicodeScalar(code)!
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape '\\\(Character(UnicodeScalar(e)))' in string", at: index - 2)
            }
        }
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case 48...57: digit = UInt32(b - 48)
            case 65...70: digit = UInt32(b - 55)
            case 97...102: digit = UInt32(b - 87)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
