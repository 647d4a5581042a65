import StepwiseJSON

/// Writes EDN text that `EDNReader` reads back to an equal value: compact (one line) or
/// pretty (idiomatic Clojure layout: a collection that does not fit in the width gets one
/// element or map entry per line, aligned under the first; map values are aligned in a
/// column when the keys are short and the values fit on their lines).
public enum EDNPrinter {
    public static func compact(_ value: EDNValue) -> String {
        var out = ""
        writeCompact(value, into: &out)
        return out
    }

    public static func pretty(_ value: EDNValue, width: Int = 80) -> String {
        var printer = PrettyPrinter(width: width)
        printer.write(value, column: 0)
        return printer.out
    }

    static func writeCompact(_ value: EDNValue, into out: inout String) {
        switch value {
        case .null: out += "nil"
        case .bool(let b): out += b ? "true" : "false"
        case .string(let s): writeString(s, into: &out)
        case .character(let c): out += characterLiteral(c)
        case .integer(let i): out += i.literal
        case .float(let f): out += f.literal
        case .keyword(let name): out += ":" + name.description
        case .symbol(let name): out += name.description
        case .list(let items): writeItems(items, open: "(", close: ")", into: &out)
        case .vector(let items): writeItems(items, open: "[", close: "]", into: &out)
        case .set(let set): writeItems(Array(set), open: "#{", close: "}", into: &out)
        case .map(let map):
            out += "{"
            var first = true
            for (key, item) in map {
                if !first { out += " " }
                first = false
                writeCompact(key, into: &out)
                out += " "
                writeCompact(item, into: &out)
            }
            out += "}"
        case .instant(let instant):
            out += "#inst "
            writeString(instant.text, into: &out)
        case .uuid(let uuid):
            out += "#uuid "
            writeString(uuid.uuidString.lowercased(), into: &out)
        case .tagged(let tag, let inner):
            out += "#" + tag.description + " "
            writeCompact(inner, into: &out)
        }
    }

    private static func writeItems(_ items: [EDNValue], open: String, close: String, into out: inout String) {
        out += open
        for (i, item) in items.enumerated() {
            if i > 0 { out += " " }
            writeCompact(item, into: &out)
        }
        out += close
    }

    static func writeString(_ s: String, into out: inout String) {
        out += JSONSerializer.quoted(s, alsoEscaping: isInvisible)
    }

    /// Control and invisible formatting characters are written as `\uXXXX` so the text stays readable.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    static func characterLiteral(_ c: Character) -> String {
        switch c {
        case "\n": return "\\newline"
        case " ": return "\\space"
        case "\t": return "\\tab"
        case "\r": return "\\return"
        case "\u{0C}": return "\\formfeed"
        case "\u{08}": return "\\backspace"
        default: break
        }
        let scalars = c.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, scalar.value <= 0xFFFF, scalar.properties.isWhitespace || isInvisible(scalar) {
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return "\\" + String(c)
    }
}

private struct PrettyPrinter {
    let width: Int
    var out = ""

    /// Map values are aligned in a column only when the longest key is at most this wide.
    static let maxAlignedKeyWidth = 24

    init(width: Int) { self.width = width }

    /// The column the next character will be written at.
    var currentColumn: Int {
        var count = 0
        for c in out.reversed() {
            if c == "\n" { break }
            count += 1
        }
        return count
    }

    mutating func newline(indent: Int) {
        out += "\n" + String(repeating: " ", count: indent)
    }

    /// A value is written on one line when it fits, and also when it is a short vector or
    /// list of scalars: stacking `[:= "$.x" 1]` one element per line reads worse than
    /// running a little long.
    func staysFlat(_ value: EDNValue, _ flat: String, column: Int) -> Bool {
        if column + flat.count <= width || !isCollection(value) { return true }
        guard let items = value.sequenceValue else { return false }
        return flat.count <= width / 2 && !items.contains(where: isCollection)
    }

    mutating func write(_ value: EDNValue, column: Int) {
        let flat = EDNPrinter.compact(value)
        guard !staysFlat(value, flat, column: column) else {
            out += flat
            return
        }
        switch value {
        case .map(let map): writeMap(map, column: column)
        case .vector(let items):
            // Operator forms such as `[:and [...] [...]]` or `[:= "$.x" …]` keep the operator
            // and first operand on the first line, like a Clojure call; data vectors of
            // keywords do not.
            let operatorForm = items.count > 1 && items.first.map(isKeyword) == true && !items.allSatisfy(isKeyword)
            writeSequence(items, open: "[", close: "]", column: column, headFirst: operatorForm)
        case .list(let items):
            writeSequence(items, open: "(", close: ")", column: column, headFirst: items.count > 1 && isKeywordOrSymbol(items[0]))
        case .set(let set):
            writeSequence(Array(set), open: "#{", close: "}", column: column, headFirst: false)
        case .tagged(let tag, let inner):
            out += "#" + tag.description + " "
            write(inner, column: currentColumn)
        default:
            out += flat
        }
    }

    mutating func writeMap(_ map: EDNMap, column: Int) {
        out += "{"
        let inner = column + 1
        let keyWidth = map.keys.map { EDNPrinter.compact($0).count }.max() ?? 0
        // Values line up in a column when the keys are short and every value stays on one
        // line there; a map holding nested multi-line maps keeps each value after its key.
        let valueColumn = inner + keyWidth + 1
        let align = !map.keys.contains(where: isCollection) && keyWidth <= PrettyPrinter.maxAlignedKeyWidth
            && map.values.allSatisfy { staysFlat($0, EDNPrinter.compact($0), column: valueColumn) }
        for (i, (key, value)) in map.enumerated() {
            if i > 0 { newline(indent: inner) }
            write(key, column: inner)
            let padding = align ? inner + keyWidth - currentColumn : 0
            out += String(repeating: " ", count: max(padding, 0) + 1)
            write(value, column: currentColumn)
        }
        out += "}"
    }

    mutating func writeSequence(_ items: [EDNValue], open: String, close: String, column: Int, headFirst: Bool) {
        out += open
        var itemColumn = column + open.count
        var rest = items[...]
        if headFirst, let head = rest.popFirst() {
            write(head, column: itemColumn)
            out += " "
            itemColumn = currentColumn
        }
        for (i, item) in rest.enumerated() {
            if i > 0 { newline(indent: itemColumn) }
            write(item, column: itemColumn)
        }
        out += close
    }

    func isCollection(_ value: EDNValue) -> Bool {
        switch value {
        case .list, .vector, .map, .set, .tagged: return true
        default: return false
        }
    }

    func isKeyword(_ value: EDNValue) -> Bool {
        if case .keyword = value { return true } else { return false }
    }

    func isKeywordOrSymbol(_ value: EDNValue) -> Bool {
        switch value {
        case .keyword, .symbol: return true
        default: return false
        }
    }
}
