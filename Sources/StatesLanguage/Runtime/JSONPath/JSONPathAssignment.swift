import StepwiseJSON

extension JSONPath {
    /// `ResultPath` semantics: `document` with `newValue` placed where this reference path
    /// points. `$` replaces the whole document; missing objects along the way are created;
    /// an existing array element can be replaced, but arrays are never grown.
    ///
    /// Fails with `States.Runtime` and AWS's cause — `Unable to apply ReferencePath $.x to input
    /// "text"` — when a step meets something that is not an object (or, for an index, not an
    /// array long enough), or when the path is not a reference path on `$`; and with
    /// `EvaluationLimit.depth` when the value would end up nested too deep.
    public func assigning(_ newValue: JSONValue, into document: JSONValue, budget: EvaluationBudget = EvaluationBudget()) throws(StatesError) -> JSONValue {
        guard root == .input, isReferencePath else {
            throw StatesError.runtime("Unable to apply ReferencePath \(text) to input \(document)")
        }
        guard !steps.isEmpty else { return newValue }
        try budget.checkDepth(newValue, at: steps.count)
        var result = document
        guard JSONPathAssignment.place(newValue, at: steps[...], in: &result) else {
            throw StatesError.runtime("Unable to apply ReferencePath \(text) to input \(document)")
        }
        return result
    }
}

enum JSONPathAssignment {
    /// Places `value` in `node` in place (copy-on-write keeps the untouched parts shared).
    /// Returns false when a step cannot be applied.
    static func place(_ value: JSONValue, at steps: ArraySlice<Step>, in node: inout JSONValue) -> Bool {
        guard let step = steps.first else {
            node = value
            return true
        }
        let rest = steps.dropFirst()
        switch (step.selector, node) {
        case (.name(let name), .object(var object)):
            // Release the enum's reference first so the writes below do not copy the storage.
            node = .null
            let placed: Bool
            if let i = object.index(forKey: name) {
                var child = object.values[i]
                object.values[i] = .null
                placed = place(value, at: rest, in: &child)
                object.values[i] = child
            } else {
                var child: JSONValue = rest.isEmpty ? .null : .object([:])
                placed = place(value, at: rest, in: &child)
                object[name] = child
            }
            node = .object(object)
            return placed
        case (.index(let index), .array(var array)) where array.indices.contains(index):
            node = .null
            var child = array[index]
            array[index] = .null
            let placed = place(value, at: rest, in: &child)
            array[index] = child
            node = .array(array)
            return placed
        default:
            return false
        }
    }
}
