import OrderedCollections
import StepwiseJSON

/// Conversion between `JSONValue` and the evaluator's values at the API boundary.
enum ValueConversion {
    static func value(from json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n.doubleValue)
        case .string(let s): return .string(s)
        case .array(let items): return .array(JArray(items.map(value(from:))))
        case .object(let fields):
            var converted = OrderedDictionary<String, Value>()
            converted.reserveCapacity(fields.count)
            for (key, item) in fields { converted[key] = value(from: item) }
            return .object(JObject(converted))
        }
    }

    /// JSON for a result. Infinite numbers fail with `D1001`; NaN becomes null (as JSON.stringify
    /// does); functions cannot be represented and fail with `T1011`.
    static func json(from value: Value?) throws(JSONataError) -> JSONValue? {
        guard let value else { return nil }
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n):
            if n.isNaN { return .null }
            if !n.isFinite { throw JSONataError(code: "D1001", value: JSNumber.string(n)) }
            return .number(JSONNumber(n))
        case .string(let s): return .string(s)
        case .array(let a):
            var items: [JSONValue] = []
            items.reserveCapacity(a.items.count)
            for item in a.items { items.append(try json(from: item) ?? .null) }
            return .array(items)
        case .object(let o):
            var fields = JSONObject()
            fields.reserveCapacity(o.fields.count)
            for (key, item) in o.fields {
                if let converted = try json(from: item) { fields[key] = converted }
            }
            return .object(fields)
        case .function:
            throw JSONataError(code: "T1011")
        }
    }
}
