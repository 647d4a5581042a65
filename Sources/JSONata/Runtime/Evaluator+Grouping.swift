/// Object constructors (grouping) and order-by.
extension Evaluator {
    /// `{key: value, ...}` applied to a sequence: items are grouped by key, then each value
    /// expression is evaluated once per group with the group's items as context.
    func evaluateGroup(_ group: GroupBy, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        var isTuples = false
        var items: [Value?]
        switch input {
        case .array(let a)?:
            items = a.items
            isTuples = a.tupleStream
        case let value?: items = [value]
        case nil: items = []
        }
        // An empty input still produces the object (for literal keys and values).
        if items.isEmpty { items = [nil] }

        var groups: [String: (items: [Value], pairIndex: Int)] = [:]
        var order: [String] = []
        for item in items {
            let tuple = isTuples ? item?.objectValue : nil
            let env = tuple.map { Frame.fromTuple($0, parent: frame) } ?? frame
            let context = tuple.map { $0.fields["@"] } ?? item
            for (pairIndex, pair) in group.pairs.enumerated() {
                let key = try evaluate(pair.0, context, env)
                guard let key else { continue }
                guard case .string(let name) = key else {
                    throw JSONataError(code: "T1003", position: group.position, value: JSONText.render(key))
                }
                if let existing = groups[name] {
                    if existing.pairIndex != pairIndex {
                        throw JSONataError(code: "D1009", position: group.position, value: JSONText.render(key))
                    }
                    if let item { groups[name]!.items.append(item) }
                } else {
                    groups[name] = (item.map { [$0] } ?? [], pairIndex)
                    order.append(name)
                }
            }
        }

        let result = JObject()
        for name in order {
            guard let entry = groups[name] else { continue }
            var context = try appended(entry.items)
            var env = frame
            if isTuples {
                let tuple = try reduceTuples(entry.items)
                context = tuple.fields.removeValue(forKey: "@")
                env = Frame.fromTuple(tuple, parent: frame)
            }
            if let value = try evaluate(group.pairs[entry.pairIndex].1, context, env) {
                result.fields[name] = value
            }
        }
        return .object(result)
    }

    /// The result of folding `$append` over values: one value stays itself, several become a
    /// plain array of their items.
    func appended(_ values: [Value]) throws(JSONataError) -> Value? {
        if values.count <= 1 { return values.first }
        let result = JArray()
        for value in values {
            let items = value.asList
            try meter.charge(items.count)
            result.items.append(contentsOf: items)
        }
        return .array(result)
    }

    /// Merges a group's tuples: each binding collects the values of every tuple.
    private func reduceTuples(_ tuples: [Value]) throws(JSONataError) -> JObject {
        var collected: [String: [Value]] = [:]
        var keys: [String] = []
        for case .object(let tuple) in tuples {
            try meter.charge(tuple.fields.count)
            for (key, value) in tuple.fields {
                if collected[key] == nil { keys.append(key) }
                collected[key, default: []].append(value)
            }
        }
        let result = JObject()
        for key in keys { result.fields[key] = try appended(collected[key] ?? []) }
        return result
    }

    // MARK: order-by

    func evaluateSort(_ step: Node, _ input: JArray, _ frame: Frame) throws(JSONataError) -> JArray {
        if input.items.count <= 1 { return input }
        let isTuples = input.tupleStream
        // Sort keys are evaluated at most once per item and term.
        var keys: [[Value??]] = Array(repeating: Array(repeating: nil, count: step.terms.count), count: input.items.count)
        func key(_ item: Int, _ term: Int) throws(JSONataError) -> Value? {
            if let cached = keys[item][term] { return cached }
            var context: Value? = input.items[item]
            var env = frame
            if isTuples, let tuple = input.items[item].objectValue {
                context = tuple.fields["@"]
                env = Frame.fromTuple(tuple, parent: frame)
            }
            let value = try evaluate(step.terms[term].expression, context, env)
            keys[item][term] = .some(value)
            return value
        }
        let sorted = try MergeSort.sort(Array(input.items.indices), meter) { (a, b) throws(JSONataError) -> Bool in
            var comparison = 0
            for (index, term) in step.terms.enumerated() where comparison == 0 {
                let aa = try key(a, index)
                let bb = try key(b, index)
                guard let aa else {
                    comparison = bb == nil ? 0 : 1
                    continue
                }
                guard let bb else {
                    comparison = -1
                    continue
                }
                switch (aa, bb) {
                case (.number(let x), .number(let y)):
                    comparison = x == y ? 0 : (x < y ? -1 : 1)
                case (.string(let x), .string(let y)):
                    comparison = x == y ? 0 : (try jsLess(x, y, meter) ? -1 : 1)
                case (.number, .string), (.string, .number):
                    throw JSONataError(code: "T2007", position: step.position, value: JSONText.render(aa), value2: JSONText.render(bb))
                default:
                    let bad: Value
                    switch aa {
                    case .number, .string: bad = bb
                    default: bad = aa
                    }
                    throw JSONataError(code: "T2008", position: step.position, value: JSONText.render(bad))
                }
                if term.descending { comparison = -comparison }
            }
            return comparison == 1
        }
        return JArray(sorted.map { input.items[$0] })
    }
}

/// The stable top-down merge sort JSONata uses; `swap(a, b)` true means `b` goes first. Each
/// comparison draws a step.
enum MergeSort {
    static func sort<T>(_ items: [T], _ meter: BudgetMeter, swap: (T, T) throws(JSONataError) -> Bool) throws(JSONataError) -> [T] {
        if items.count <= 1 { return items }
        let middle = items.count / 2
        let left = try sort(Array(items[..<middle]), meter, swap: swap)
        let right = try sort(Array(items[middle...]), meter, swap: swap)
        var merged: [T] = []
        merged.reserveCapacity(items.count)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            try meter.charge()
            if try swap(left[i], right[j]) {
                merged.append(right[j])
                j += 1
            } else {
                merged.append(left[i])
                i += 1
            }
        }
        merged.append(contentsOf: left[i...])
        merged.append(contentsOf: right[j...])
        return merged
    }
}
