import StepwiseJSON

/// The array and JSON-object intrinsics, with the argument rules AWS applies.
enum IntrinsicArrays {
    /// AWS refuses a `States.ArrayRange` result of more than 1,000 elements.
    static let maxRangeCount = 1000

    /// `States.ArrayPartition(array, size)`: chunks of `size`, the last one shorter. A
    /// fractional size is truncated, as on AWS; it must end up positive.
    static func partition(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let array = try args.array(0)
        let size = try args.truncatedInt32(1)
        guard size > 0 else { throw args.invalid }
        // The chunks add a level below the outer array.
        for item in array { try args.budget.checkDepth(item, at: 2) }
        return .array(stride(from: 0, to: array.count, by: size).map { .array(Array(array[$0..<min($0 + size, array.count)])) })
    }

    /// `States.ArrayContains(array, value)`: structural equality (numbers by value).
    static func contains(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let array = try args.array(0)
        try args.budget.spend(array.count)
        return .bool(array.contains(args.values[1]))
    }

    /// `States.ArrayRange(first, last, step)`: from `first` towards `last` inclusive. Fractions
    /// are truncated; the step cannot be 0; at most 1,000 elements.
    static func range(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let first = try args.truncatedInt32(0)
        let last = try args.truncatedInt32(1)
        let step = try args.truncatedInt32(2)
        guard step != 0 else { throw args.invalid }
        guard step > 0 ? first <= last : first >= last else { return .array([]) }
        let count = (last - first) / step + 1
        guard count <= maxRangeCount else { throw args.invalid }
        try args.budget.spend(count)
        return .array((0..<count).map { .number(JSONNumber(first + $0 * step)) })
    }

    /// `States.ArrayGetItem(array, index)`: a fractional index is truncated; a negative one is
    /// refused. Past the end fails — except on an empty array, where AWS answers `null`.
    static func item(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let array = try args.array(0)
        let index = try args.truncatedInt32(1)
        guard index >= 0 else { throw args.invalid }
        if array.isEmpty { return .null }
        guard index < array.count else { throw args.invalid }
        return array[index]
    }

    /// `States.ArrayUnique(array)`: first occurrences, in order.
    static func unique(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let array = try args.array(0)
        try args.budget.spend(array.count)
        var seen = Set<JSONValue>()
        return .array(array.filter { seen.insert($0).inserted })
    }

    /// `States.JsonMerge(a, b, false)`: a shallow merge where `b`'s members win. AWS supports
    /// only the shallow mode, so the flag must be the boolean `false`.
    static func merge(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        var merged = try args.object(0)
        let other = try args.object(1)
        guard case .bool(false) = args.values[2] else { throw args.invalid }
        try args.budget.spend(merged.count + other.count)
        for (key, value) in other { merged[key] = value }
        return .object(merged)
    }
}
