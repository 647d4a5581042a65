import StepwiseJSON

/// JSON text of internal values, as JavaScript's `JSON.stringify` with JSONata's replacer:
/// numbers to 15 significant digits, functions as `""`, undefined members left out.
enum JSONText {
    /// The text costs its length in steps of `meter`; values nested deeper than JSON allows fail.
    static func stringify(_ value: Value?, _ meter: BudgetMeter, pretty: Bool = false) throws(JSONataError) -> String? {
        guard let value else { return nil }
        var out = ""
        try write(value, into: &out, indent: pretty ? "" : nil, meter: meter, depth: 0)
        return out
    }

    /// Best-effort rendering for error messages (never throws; an error is reported once, so
    /// its text is not metered).
    static func render(_ value: Value?) -> String? {
        guard let value else { return nil }
        if case .number(let n) = value, !n.isFinite { return JSNumber.string(n) }
        var out = ""
        guard (try? write(value, into: &out, indent: nil, meter: nil, depth: 0)) != nil else { return nil }
        return out
    }

    private static func write(_ value: Value, into out: inout String, indent: String?, meter: BudgetMeter?, depth: Int) throws(JSONataError) {
        try meter?.charge()
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n.isNaN { out += "null"; return }
            if !n.isFinite { throw JSONataError(code: "D1001", value: JSNumber.string(n)) }
            out += JSNumber.jsonText(n)
        case .string(let s):
            try meter?.charge(s.utf8.count)
            writeString(s, into: &out)
        case .function: out += "\"\""
        case .array(let array):
            if array.items.isEmpty { out += "[]"; return }
            try Value.enter(depth + 1)
            out += "["
            let inner = indent.map { $0 + "  " }
            for (i, item) in array.items.enumerated() {
                if i > 0 { out += "," }
                if let inner { out += "\n" + inner }
                try write(item, into: &out, indent: inner, meter: meter, depth: depth + 1)
            }
            if let indent { out += "\n" + indent }
            out += "]"
        case .object(let object):
            if object.fields.isEmpty { out += "{}"; return }
            try Value.enter(depth + 1)
            out += "{"
            let inner = indent.map { $0 + "  " }
            var first = true
            for (key, item) in object.fields {
                if !first { out += "," }
                first = false
                if let inner { out += "\n" + inner }
                try meter?.charge(key.utf8.count)
                writeString(key, into: &out)
                out += inner == nil ? ":" : ": "
                try write(item, into: &out, indent: inner, meter: meter, depth: depth + 1)
            }
            if first { out += "}"; return }
            if let indent { out += "\n" + indent }
            out += "}"
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += JSONSerializer.quoted(s, alsoEscaping: { _ in false })
    }
}
