/// `$count`, `$append`, `$sort`, `$reverse`, `$shuffle`, `$distinct`, `$zip`.
enum ArrayFunctions {
    static let all: [Builtin] = [
        Builtin("count", "<a:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            .number(Double(call.array(0)?.count ?? 0))
        },
        Builtin("append", "<xx:a>", arity: 2) { (call) throws(JSONataError) -> Value? in
            try append(call[0], call[1], call.meter)
        },
        Builtin("reverse", "<a:a>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0) else { return nil }
            if array.count <= 1 { return .array(array) }
            try call.meter.charge(array.count)
            return .array(JArray(array.items.reversed()))
        },
        Builtin("shuffle", "<a:a>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0) else { return nil }
            if array.count <= 1 { return .array(array) }
            try call.meter.charge(array.count)
            // Inside-out Fisher–Yates, drawing from the environment's random source.
            var result: [Value] = []
            result.reserveCapacity(array.count)
            for (i, item) in array.items.enumerated() {
                let j = min(max((call.evaluator.environment.random() * Double(i + 1)).rounded(.down).clampedInt, 0), i)
                if j == i {
                    result.append(item)
                } else {
                    result.append(result[j])
                    result[j] = item
                }
            }
            return .array(JArray(result))
        },
        Builtin("distinct", "<x:x>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let value = call[0] else { return nil }
            guard case .array(let array) = value, array.count > 1 else { return value }
            return .array(try distinct(array, call.meter))
        },
        Builtin("sort", "<af?:a>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0) else { return nil }
            if array.count <= 1 { return .array(array) }
            if let comparator = call[1] {
                let sorted = try MergeSort.sort(array.items, call.meter) { (a, b) throws(JSONataError) -> Bool in
                    jsTruthy(try call.evaluator.apply(comparator, [a, b], nil, call.frame))
                }
                return .array(JArray(sorted))
            }
            let value = Value.array(array)
            if value.isArrayOfNumbers {
                return .array(JArray(try MergeSort.sort(array.items, call.meter) { (a, b) throws(JSONataError) -> Bool in
                    (a.numberValue ?? 0) > (b.numberValue ?? 0)
                }))
            }
            if value.isArrayOfStrings {
                return .array(JArray(try MergeSort.sort(array.items, call.meter) { (a, b) throws(JSONataError) -> Bool in
                    try jsLess(b.stringValue ?? "", a.stringValue ?? "", call.meter)
                }))
            }
            throw JSONataError(code: "D3070", index: 1)
        },
        Builtin("zip", "<a+>", arity: 0, parameters: 0) { (call) throws(JSONataError) -> Value? in
            let arrays = call.args.map { $0?.arrayValue?.items ?? [] }
            let length = arrays.map(\.count).min() ?? 0
            try call.meter.charge(length * arrays.count)
            let result = JArray()
            for i in 0..<length { result.append(.array(JArray(arrays.map { $0[i] }))) }
            return .array(result)
        },
    ]

    /// `$append`: undefined arguments are ignored; otherwise the items of both, as one array.
    static func append(_ first: Value?, _ second: Value?, _ meter: BudgetMeter) throws(JSONataError) -> Value? {
        guard let first else { return second }
        guard let second else { return first }
        let result = JArray(first.asList)
        let more = second.asList
        try meter.charge(result.count + more.count)
        result.items.append(contentsOf: more)
        return .array(result)
    }

    /// JavaScript truthiness (what `$sort` tests a comparator's result with).
    static func jsTruthy(_ value: Value?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case .number(let n)?: return n != 0 && !n.isNaN
        case .string(let s)?: return !s.isEmpty
        case .array?, .object?, .function?: return true
        }
    }

    /// Distinct items by deep equality, keeping first occurrences in order.
    private static func distinct(_ array: JArray, _ meter: BudgetMeter) throws(JSONataError) -> JArray {
        let result = JArray(sequence: array.isSequence)
        var seenScalars = Set<ScalarKey>()
        var structured: [Value] = []
        for item in array.items {
            if let key = ScalarKey(item) {
                if case .string(let s) = item { try meter.charge(s.utf8.count) }
                if seenScalars.insert(key).inserted { result.append(item) }
            } else if try !contains(structured, item, meter) {
                structured.append(item)
                result.append(item)
            }
        }
        return result
    }

    private static func contains(_ values: [Value], _ item: Value, _ meter: BudgetMeter) throws(JSONataError) -> Bool {
        for value in values {
            if try deepEqual(value, item, meter) { return true }
        }
        return false
    }

    /// Hashable identity of scalar values (so `$distinct` is linear for them).
    private enum ScalarKey: Hashable {
        case null, bool(Bool), number(Double), string(String)

        init?(_ value: Value) {
            switch value {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .number(let n): self = .number(n)
            case .string(let s): self = .string(s)
            default: return nil
            }
        }
    }
}
