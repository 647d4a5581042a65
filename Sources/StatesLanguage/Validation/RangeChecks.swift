/// The largest number of seconds AWS accepts in timeout and interval fields.
let maxSeconds = 99_999_999

extension ValidationRun {
    /// Reports `value` outside `range`, naming the field as `what` ("TimeoutSeconds of Task state \"T\"").
    mutating func checkRange(_ value: Int, _ range: ClosedRange<Int>, at path: String, what: String) {
        guard !range.contains(value) else { return }
        report(.outOfRange, path, "\(what) is \(value); it must be an integer from \(range.lowerBound) to \(range.upperBound)")
    }

    mutating func checkMinimum(_ value: Int, _ minimum: Int, at path: String, what: String) {
        guard value < minimum else { return }
        report(.outOfRange, path, "\(what) is \(value); it must be at least \(minimum)")
    }

    /// Checks a field that is a literal integer or, in JSONata states, an expression (checked at run time).
    mutating func checkRange(_ value: Computed<Int>?, _ range: ClosedRange<Int>, at path: String, what: String) {
        if case .value(let v)? = value { checkRange(v, range, at: path, what: what) }
    }

    mutating func checkMinimum(_ value: Computed<Int>?, _ minimum: Int, at path: String, what: String) {
        if case .value(let v)? = value { checkMinimum(v, minimum, at: path, what: what) }
    }
}
