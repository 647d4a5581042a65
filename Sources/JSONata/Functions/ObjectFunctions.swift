import OrderedCollections

/// `$keys`, `$lookup`, `$spread`, `$merge`, `$type`, `$error`, `$assert`, `$clone`.
enum ObjectFunctions {
    static let all: [Builtin] = [
        Builtin("keys", "<x-:a<s>>", arity: 1) { (call) throws(JSONataError) -> Value? in
            .array(JArray(try keys(call[0], call.meter).map { .string($0) }, sequence: true))
        },
        Builtin("lookup", "<x-s:x>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let key = call.string(1) else { return nil }
            return try call.evaluator.lookupField(call[0], key)
        },
        Builtin("spread", "<x-:a<o>>", arity: 1) { (call) throws(JSONataError) -> Value? in
            try spread(call[0], call.meter)
        },
        Builtin("merge", "<a<o>:o>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let objects = call.array(0) else { return nil }
            let result = JObject()
            for case .object(let object) in objects.items {
                try call.meter.charge(object.fields.count)
                for (key, value) in object.fields { result.fields[key] = value }
            }
            return .object(result)
        },
        Builtin("type", "<x:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let value = call[0] else { return nil }
            switch value {
            case .null: return .string("null")
            case .number(let n): return .string(n.isNaN ? "object" : "number")
            case .string: return .string("string")
            case .bool: return .string("boolean")
            case .array: return .string("array")
            case .function: return .string("function")
            case .object: return .string("object")
            }
        },
        Builtin("error", "<s?:x>", arity: 1) { (call) throws(JSONataError) -> Value? in
            throw JSONataError(code: "D3137", message: call.string(0) ?? "$error() function evaluated")
        },
        Builtin("assert", "<bs?:x>", arity: 2) { (call) throws(JSONataError) -> Value? in
            if case .bool(true)? = call[0] { return nil }
            throw JSONataError(code: "D3141", message: call.string(1) ?? "$assert() statement failed")
        },
        Builtin("clone", "<(oa)-:o>", arity: 1) { (call) throws(JSONataError) -> Value? in
            try call[0].map { (value) throws(JSONataError) -> Value in try clone(value, call.meter) }
        },
    ]

    static func keys(_ value: Value?, _ meter: BudgetMeter, depth: Int = 0) throws(JSONataError) -> [String] {
        switch value {
        case .array(let array)?:
            try Value.enter(depth + 1)
            var merged = OrderedSet<String>()
            for item in array.items { merged.append(contentsOf: try keys(item, meter, depth: depth + 1)) }
            return Array(merged)
        case .object(let object)?:
            try meter.charge(object.fields.count)
            return Array(object.fields.keys)
        default:
            return []
        }
    }

    /// The reference appends each item's spread to the result, copying it every time; this
    /// collects the same items in one pass (a non-sequence array once anything was appended).
    static func spread(_ value: Value?, _ meter: BudgetMeter, depth: Int = 0) throws(JSONataError) -> Value? {
        switch value {
        case .array(let array)?:
            try Value.enter(depth + 1)
            var items: [Value] = []
            var appended = false
            for item in array.items {
                guard let spread = try spread(item, meter, depth: depth + 1) else { continue }
                let list = spread.asList
                try meter.charge(list.count)
                items.append(contentsOf: list)
                appended = true
            }
            return .array(appended ? JArray(items) : JArray.sequence())
        case .object(let object)?:
            try meter.charge(object.fields.count)
            let result = JArray.sequence()
            for (key, item) in object.fields { result.append(.object(JObject([key: item]))) }
            return .array(result)
        default:
            return value
        }
    }

    /// A deep copy through JSON, as the reference clones (numbers to 15 digits, functions as "").
    static func clone(_ value: Value, _ meter: BudgetMeter, depth: Int = 0) throws(JSONataError) -> Value {
        try meter.charge()
        switch value {
        case .null, .bool, .string: return value
        case .number(let n):
            if n.isNaN { return .null }
            if !n.isFinite { throw JSONataError(code: "D1001", value: JSNumber.string(n)) }
            return .number(JSNumber.roundedTo15(n))
        case .function: return .string("")
        case .array(let array):
            try Value.enter(depth + 1)
            var items: [Value] = []
            items.reserveCapacity(array.count)
            for item in array.items { items.append(try clone(item, meter, depth: depth + 1)) }
            return .array(JArray(items))
        case .object(let object):
            try Value.enter(depth + 1)
            var fields = OrderedDictionary<String, Value>()
            for (key, item) in object.fields { fields[key] = try clone(item, meter, depth: depth + 1) }
            return .object(JObject(fields))
        }
    }
}
