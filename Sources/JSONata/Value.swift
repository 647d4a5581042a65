import OrderedCollections
import StepwiseJSON

/// A value during evaluation. `nil` (`Value?`) is JSONata's *undefined* (an empty sequence).
///
/// Arrays and objects are reference types, like the JavaScript values the language was defined
/// on: sequences are built by appending in place (no quadratic copying), and the transform
/// operator updates the matched objects of its cloned input through shared references.
enum Value {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array(JArray)
    case object(JObject)
    case function(JFunction)
}

/// An array, with the flags JSONata's evaluator attaches to JavaScript arrays.
final class JArray {
    var items: [Value]
    /// A sequence (the result of navigation) rather than an array the data or expression built.
    var isSequence: Bool
    /// A singleton sequence that must stay an array (`[]` after a step, or `keepArray`).
    var keepSingleton = false
    /// The wrapper the evaluator puts around an array input document.
    var outerWrapper = false
    /// A stream of tuples (objects binding `@`, focus, index and ancestor variables).
    var tupleStream = false
    /// An array built by an array constructor (not flattened by path steps).
    var cons = false

    init(_ items: [Value] = [], sequence: Bool = false) {
        self.items = items
        self.isSequence = sequence
    }

    deinit {
        // Scalars cannot cascade: only arrays holding objects go through the queue.
        if items.contains(where: { $0.holdsObjects }) { Teardown.release(&items, leaving: []) }
    }

    static func sequence(_ items: [Value] = []) -> JArray { JArray(items, sequence: true) }

    var count: Int { items.count }
    func append(_ value: Value) { items.append(value) }
}

/// An object: keys keep insertion order.
final class JObject {
    var fields: OrderedDictionary<String, Value>

    init(_ fields: OrderedDictionary<String, Value> = [:]) { self.fields = fields }

    deinit {
        if fields.values.contains(where: { $0.holdsObjects }) { Teardown.release(&fields, leaving: [:]) }
    }

    subscript(key: String) -> Value? {
        get { fields[key] }
        set { fields[key] = newValue }
    }
}

extension Value {
    static func sequence(_ items: [Value]) -> Value { .array(.sequence(items)) }

    var isArray: Bool { if case .array = self { return true } else { return false } }
    /// Arrays, objects and functions: what releasing this value may cascade through.
    var holdsObjects: Bool {
        switch self {
        case .array, .object, .function: return true
        case .null, .bool, .number, .string: return false
        }
    }
    var isFunction: Bool { if case .function = self { return true } else { return false } }

    var arrayValue: JArray? { if case .array(let a) = self { return a } else { return nil } }
    var objectValue: JObject? { if case .object(let o) = self { return o } else { return nil } }
    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    var functionValue: JFunction? { if case .function(let f) = self { return f } else { return nil } }

    var numberValue: Double? { if case .number(let n) = self { return n } else { return nil } }

    /// The sequence flag of an array value.
    var isSequence: Bool { arrayValue?.isSequence ?? false }

    /// The items when this is an array, or the value itself as a one-item list.
    var asList: [Value] {
        if case .array(let a) = self { return a.items }
        return [self]
    }
}

/// Numeric checks shared by operators and functions.
extension Value {
    /// JSONata's `isNumeric`: a number that is not NaN; infinite numbers are an error (D1001).
    func isNumeric() throws(JSONataError) -> Bool {
        guard case .number(let n) = self else { return false }
        if n.isNaN { return false }
        if !n.isFinite { throw JSONataError(code: "D1001", value: JSNumber.string(n)) }
        return true
    }

    var isArrayOfStrings: Bool {
        guard case .array(let a) = self else { return false }
        return a.items.allSatisfy { if case .string = $0 { return true } else { return false } }
    }

    var isArrayOfNumbers: Bool {
        guard case .array(let a) = self else { return false }
        return a.items.allSatisfy { if case .number(let n) = $0 { return !n.isNaN } else { return false } }
    }
}

/// How deep values may nest: JSON's limit (`JSONParser.maxDepth`), enforced by every walk over
/// values, so that what an evaluation produces can be stored and read back like any JSON.
extension Value {
    static let maxDepth = JSONParser.maxDepth

    /// Enters a container in a walk over a value (walks run within an evaluation, on its large
    /// stack): `depth` counts the containers entered so far, this one included. Fails with
    /// `U1003` beyond `maxDepth`.
    @inline(__always)
    static func enter(_ depth: Int) throws(JSONataError) {
        if depth > maxDepth { throw .valueTooDeep }
    }
}

/// Structural equality (`=`), as JSONata's `isDeepEqual`.
func deepEqual(_ lhs: Value, _ rhs: Value, _ meter: BudgetMeter, depth: Int = 0) throws(JSONataError) -> Bool {
    try meter.charge()
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return try stringsEqual(a, b, meter)
    case (.array(let a), .array(let b)):
        guard a.count == b.count else { return false }
        try Value.enter(depth + 1)
        for (x, y) in zip(a.items, b.items) {
            if !(try deepEqual(x, y, meter, depth: depth + 1)) { return false }
        }
        return true
    case (.object(let a), .object(let b)):
        guard a.fields.count == b.fields.count else { return false }
        try Value.enter(depth + 1)
        for (key, value) in a.fields {
            guard let other = b.fields[key], try deepEqual(value, other, meter, depth: depth + 1) else { return false }
        }
        return true
    case (.function(let a), .function(let b)): return a === b
    default: return false
    }
}

/// Identity/primitive equality, as JavaScript's `===` (used by `in` and `$distinct` of objects).
func strictEqual(_ lhs: Value, _ rhs: Value, _ meter: BudgetMeter) throws(JSONataError) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return try stringsEqual(a, b, meter)
    case (.array(let a), .array(let b)): return a === b
    case (.object(let a), .object(let b)): return a === b
    case (.function(let a), .function(let b)): return a === b
    default: return false
    }
}

/// String comparisons cost their length: comparing two long strings many times is a loop over
/// user-sized data like any other.
private func stringsEqual(_ a: String, _ b: String, _ meter: BudgetMeter) throws(JSONataError) -> Bool {
    try meter.charge(min(a.utf8.count, b.utf8.count))
    return a == b
}

/// UTF-16 ordering of strings, as JavaScript compares them.
func jsLess(_ a: String, _ b: String, _ meter: BudgetMeter) throws(JSONataError) -> Bool {
    try meter.charge(min(a.utf8.count, b.utf8.count))
    return a.utf16.lexicographicallyPrecedes(b.utf16)
}
