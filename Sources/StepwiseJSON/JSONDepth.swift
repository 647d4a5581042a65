extension JSONValue {
    /// Whether arrays and objects nest more than `limit` levels (a scalar nests 0 levels, `[]`
    /// one, `[[1]]` two). The walk is iterative, so a value built in code of any depth is
    /// measured without risking the stack, and it stops as soon as the answer is known.
    public func isNested(deeperThan limit: Int) -> Bool {
        isNested(deeperThan: limit) { (_: Int) throws(Never) in }
    }

    /// `isNested(deeperThan:)`, calling `visit` with the member count of each array and object
    /// it walks, so that a caller can pay for the walk (and stop it by throwing).
    public func isNested<E: Error>(deeperThan limit: Int, visiting visit: (Int) throws(E) -> Void) throws(E) -> Bool {
        var stack: [(value: JSONValue, level: Int)] = [(self, 0)]
        while let (value, level) = stack.popLast() {
            switch value {
            case .array(let items):
                try visit(items.count)
                guard level < limit else { return true }
                for item in items where item.isContainer { stack.append((item, level + 1)) }
            case .object(let object):
                try visit(object.count)
                guard level < limit else { return true }
                for member in object.values where member.isContainer { stack.append((member, level + 1)) }
            case .null, .bool, .number, .string:
                break
            }
        }
        return false
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: return true
        case .null, .bool, .number, .string: return false
        }
    }
}
