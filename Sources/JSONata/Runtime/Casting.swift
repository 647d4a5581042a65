/// JSONata's casts to boolean and string, used by operators and by `$boolean` / `$string`.
enum Casting {
    /// Effective boolean value; undefined stays undefined.
    static func boolean(_ value: Value?, _ meter: BudgetMeter, depth: Int = 0) throws(JSONataError) -> Bool? {
        guard let value else { return nil }
        switch value {
        case .array(let a):
            try Value.enter(depth + 1)
            if a.items.count == 1 { return try boolean(a.items[0], meter, depth: depth + 1) }
            for item in a.items {
                try meter.charge()
                if try boolean(item, meter, depth: depth + 1) == true { return true }
            }
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
    static func string(_ value: Value, _ meter: BudgetMeter, pretty: Bool = false) throws(JSONataError) -> String {
        switch value {
        case .string(let s): return s
        case .function: return ""
        case .number(let n) where !n.isFinite:
            throw JSONataError(code: "D3001", value: JSNumber.string(n))
        case .array(let a) where a.outerWrapper && !a.items.isEmpty:
            return try JSONText.stringify(a.items[0], meter, pretty: pretty) ?? ""
        default:
            return try JSONText.stringify(value, meter, pretty: pretty) ?? ""
        }
    }
}
