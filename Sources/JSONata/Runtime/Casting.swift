/// JSONata's casts to boolean and string, used by operators and by `$boolean` / `$string`.
enum Casting {
    /// Effective boolean value; undefined stays undefined.
    static func boolean(_ value: Value?) throws(JSONataError) -> Bool? {
        guard let value else { return nil }
        switch value {
        case .array(let a):
            if a.items.count == 1 { return try boolean(a.items[0]) }
            for item in a.items where try boolean(item) == true { return true }
            return false
        case .string(let s): return !s.isEmpty
        case .number:
            guard try value.isNumeric(), case .number(let n) = value else { return false }
            return n != 0
        case .object(let o): return !o.fields.isEmpty
        case .bool(let b): return b
        case .null, .function: return false
        }
    }

    /// String cast: strings unchanged, functions empty, everything else as JSON.
    static func string(_ value: Value) throws(JSONataError) -> String {
        try string(value, pretty: false)
    }

    static func string(_ value: Value, pretty: Bool) throws(JSONataError) -> String {
        switch value {
        case .string(let s): return s
        case .function: return ""
        case .number(let n) where !n.isFinite:
            throw JSONataError(code: "D3001", value: JSNumber.string(n))
        case .array(let a) where a.outerWrapper && !a.items.isEmpty:
            return try JSONText.stringify(a.items[0], pretty: pretty) ?? ""
        default:
            return try JSONText.stringify(value, pretty: pretty) ?? ""
        }
    }
}
