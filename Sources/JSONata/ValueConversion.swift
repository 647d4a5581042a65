import OrderedCollections
import StepwiseJSON

/// Conversion between `JSONValue` and the evaluator's values at the API boundary. Both ways draw
/// on the evaluation's budget and enforce the JSON depth limit, so that deeper input (built in
/// code rather than parsed) fails cleanly and no deeper result is ever built.
enum ValueConversion {
    static func value(from json: JSONValue, _ meter: BudgetMeter, depth: Int = 0) throws(JSONataError) -> Value {
        try meter.charge()
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n.doubleValue)
        case .string(let s): return .string(s)
        case .array(let items):
            try Value.enter(depth + 1)
            var converted: [Value] = []
            converted.reserveCapacity(items.count)
            for item in items { converted.append(try value(from: item, meter, depth: depth + 1)) }
            return .array(JArray(converted))
        case .object(let fields):
            try Value.enter(depth + 1)
            var converted = OrderedDictionary<String, Value>()
            converted.reserveCapacity(fields.count)
            for (key, item) in fields { converted[key] = try value(from: item, meter, depth: depth + 1) }
            return .object(JObject(converted))
        }
    }

    /// JSON for a result. Infinite numbers fail with `D1001`; NaN becomes null (as JSON.stringify
    /// does); functions cannot be represented and fail with `T1011`.
    static func json(from value: Value?, _ meter: BudgetMeter, depth: Int = 0) throws(JSONataError) -> JSONValue? {
        guard let value else { return nil }
        try meter.charge()
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n):
            if n.isNaN { return .null }
            if !n.isFinite { throw JSONataError(code: "D1001", value: JSNumber.string(n)) }
            return .number(JSONNumber(n))
        case .string(let s): return .string(s)
        case .array(let a):
            try Value.enter(depth + 1)
            var items: [JSONValue] = []
            items.reserveCapacity(a.items.count)
            for item in a.items { items.append(try json(from: item, meter, depth: depth + 1) ?? .null) }
            return .array(items)
        case .object(let o):
            try Value.enter(depth + 1)
            var fields = JSONObject()
            fields.reserveCapacity(o.fields.count)
            for (key, item) in o.fields {
                if let converted = try json(from: item, meter, depth: depth + 1) { fields[key] = converted }
            }
            return .object(fields)
        case .function:
            throw JSONataError(code: "T1011")
        }
    }
}
