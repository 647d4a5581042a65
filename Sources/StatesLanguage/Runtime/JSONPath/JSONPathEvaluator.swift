import StepwiseJSON

extension JSONPath {
    /// The outcome of a selection: the value found, or Jayway's reason for finding nothing.
    public enum Lookup: Sendable, Hashable {
        case found(JSONValue)
        /// Jayway's wording (`No results for path: $['a']`), which AWS quotes in some causes.
        case notFound(reason: String)

        public var value: JSONValue? { if case .found(let v) = self { return v } else { return nil } }
    }

    /// Selects in `value` (whatever the root says: the caller passes the matching document).
    ///
    /// A definite path gives the node, or nil when there is none. An indefinite path gives the
    /// array of its matches — empty when nothing matches — as Jayway does. Like AWS's Jayway
    /// configuration, an index past the end of an array that ends a definite path gives `null`.
    /// Fails only on a limit: the budget, or an array of matches nested too deep.
    public func select(in value: JSONValue, budget: EvaluationBudget = EvaluationBudget()) throws(StatesError) -> JSONValue? {
        try lookup(in: value, budget: budget).value
    }

    /// Selects in the document the root names: the input, the context object, or a variable
    /// (nil when the variable does not exist).
    public func select(
        input: JSONValue, context: JSONValue, variables: [String: JSONValue], budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue? {
        guard let document = document(input: input, context: context, variables: variables) else { return nil }
        return try select(in: document, budget: budget)
    }

    /// The document this path's root stands for.
    public func document(input: JSONValue, context: JSONValue, variables: [String: JSONValue]) -> JSONValue? {
        switch root {
        case .input: return input
        case .context: return context
        case .variable(let name): return variables[name]
        }
    }

    /// `select`, with the reason when nothing is found.
    public func lookup(in value: JSONValue, budget: EvaluationBudget = EvaluationBudget()) throws(StatesError) -> Lookup {
        try JSONPathEvaluator.lookup(self, in: value, budget: budget)
    }
}

/// Walks parsed steps over a document, paying a step of the budget for each value it visits.
enum JSONPathEvaluator {
    static func lookup(_ path: JSONPath, in document: JSONValue, budget: EvaluationBudget) throws(StatesError) -> JSONPath.Lookup {
        if path.isDefinite {
            return try definite(path.steps, in: document, root: document, rootText: path.rootText, budget: budget)
        }
        return .found(try matches(path.steps, in: document, root: document, budget: budget))
    }

    /// For filter operands: the value a (usually definite) relative path selects, or nil.
    static func definiteValue(_ steps: [Step], in element: JSONValue, root: JSONValue, budget: EvaluationBudget) throws(StatesError) -> JSONValue? {
        if steps.indices.allSatisfy({ steps[$0].isDefinite(isLast: $0 == steps.count - 1) }) {
            return try definite(steps, in: element, root: root, rootText: "@", budget: budget).value
        }
        return try matches(steps, in: element, root: root, budget: budget)
    }

    /// The array of matches of an indefinite path. Wrapping adds a level: only a match as deep
    /// as its whole document (a filter accepting the document itself) can overflow, so the
    /// matches are measured only when the document is that deep.
    static func matches(_ steps: [Step], in document: JSONValue, root: JSONValue, budget: EvaluationBudget) throws(StatesError) -> JSONValue {
        let found = JSONValue.array(try all(steps, in: document, root: root, budget: budget))
        let limit = JSONParser.maxDepth
        if try document.isNested(deeperThan: limit - 1, visiting: { (count: Int) throws(StatesError) in try budget.spend(count + 1) }) {
            try budget.checkDepth(found, at: 0)
        }
        return found
    }

    /// The single-node walk of a definite path, explaining a miss the way Jayway does.
    static func definite(
        _ steps: [Step], in document: JSONValue, root: JSONValue, rootText: String, budget: EvaluationBudget
    ) throws(StatesError) -> JSONPath.Lookup {
        var node = document
        for (i, step) in steps.enumerated() {
            try budget.spend()
            let isLast = i == steps.count - 1
            switch step.selector {
            case .name(let name):
                guard case .object(let object) = node else {
                    return .notFound(reason: "Expected to find an object with property ['\(name)'] in path \(prefix(steps, i, rootText)) but found '\(node.typeName)'")
                }
                guard let child = object[name] else {
                    return .notFound(reason: isLast
                        ? "No results for path: \(prefix(steps, steps.count, rootText))"
                        : "Missing property in path \(prefix(steps, i + 1, rootText))")
                }
                node = child
            case .index(let index):
                guard case .array(let array) = node else {
                    return .notFound(reason: "Filter: [\(index)] can only be applied to arrays. Current context is: \(node)")
                }
                let effective = index < 0 ? array.count + index : index
                node = array.indices.contains(effective) ? array[effective] : .null
            case .names(let names):
                guard case .object(let object) = node else {
                    return .notFound(reason: "Expected to find an object with property \(step.normalized) in path \(prefix(steps, i, rootText)) but found '\(node.typeName)'")
                }
                var merged = JSONObject()
                for name in names { if let v = object[name] { merged[name] = v } }
                node = .object(merged)
            case .indexes, .wildcard, .slice, .filter:
                // Not definite: callers never route such steps here.
                return .found(try matches(Array(steps[i...]), in: node, root: root, budget: budget))
            }
        }
        return .found(node)
    }

    static func prefix(_ steps: [Step], _ count: Int, _ rootText: String) -> String {
        steps.prefix(count).reduce(rootText) { $0 + $1.normalized }
    }

    /// Every match of a path that may fan out; order is document order, as in Jayway.
    static func all(_ steps: [Step], in document: JSONValue, root: JSONValue, budget: EvaluationBudget) throws(StatesError) -> [JSONValue] {
        var nodes = [document]
        for step in steps {
            var next: [JSONValue] = []
            for node in nodes {
                if step.descendant {
                    try forEachContainer(under: node, budget: budget) { (container: JSONValue) throws(StatesError) in
                        try apply(step.selector, to: container, root: root, scanning: true, into: &next, budget: budget)
                    }
                } else {
                    try apply(step.selector, to: node, root: root, scanning: false, into: &next, budget: budget)
                }
            }
            nodes = next
            if nodes.isEmpty { break }
        }
        return nodes
    }

    /// Applies one selector to one node. `scanning` (under `..`) follows Jayway's scan rules:
    /// a filter tests each object itself rather than the elements of arrays.
    static func apply(
        _ selector: Selector, to node: JSONValue, root: JSONValue, scanning: Bool, into out: inout [JSONValue], budget: EvaluationBudget
    ) throws(StatesError) {
        let before = out.count
        switch (selector, node) {
        case (.name(let name), .object(let object)):
            if let v = object[name] { out.append(v) }
        case (.names(let names), .object(let object)):
            for name in names { if let v = object[name] { out.append(v) } }
        case (.index(let index), .array(let array)):
            let effective = index < 0 ? array.count + index : index
            if array.indices.contains(effective) { out.append(array[effective]) }
        case (.indexes(let list), .array(let array)):
            for index in list {
                let effective = index < 0 ? array.count + index : index
                if array.indices.contains(effective) { out.append(array[effective]) }
            }
        case (.slice(let start, let end, let step), .array(let array)):
            for i in sliceIndices(count: array.count, start: start, end: end, step: step ?? 1) { out.append(array[i]) }
        case (.wildcard, .object(let object)):
            out.append(contentsOf: object.values)
        case (.wildcard, .array(let array)):
            out.append(contentsOf: array)
        case (.filter(let filter), .object):
            if try filter.accepts(node, root: root, budget: budget) { out.append(node) }
        case (.filter(let filter), .array(let array)) where !scanning:
            for element in array where element.objectValue != nil {
                if try filter.accepts(element, root: root, budget: budget) { out.append(element) }
            }
        default:
            break
        }
        // Matches are paid for once found (a filter has paid for each element it tested).
        try budget.spend(out.count - before)
    }

    /// Python-style slice bounds (negative counts from the end; out-of-range is clamped).
    static func sliceIndices(count: Int, start: Int?, end: Int?, step: Int) -> [Int] {
        func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), high) }
        if step > 0 {
            let from = clamp(start.map { $0 < 0 ? $0 + count : $0 } ?? 0, 0, count)
            let to = clamp(end.map { $0 < 0 ? $0 + count : $0 } ?? count, 0, count)
            return from < to ? Array(stride(from: from, to: to, by: step)) : []
        }
        let from = clamp(start.map { $0 < 0 ? $0 + count : $0 } ?? count - 1, -1, count - 1)
        let to = clamp(end.map { $0 < 0 ? $0 + count : $0 } ?? -1, -1, count - 1)
        return from > to ? Array(stride(from: from, to: to, by: step)) : []
    }

    /// Visits `node` and every object or array below it, parents before children, without
    /// recursion (documents built in code need not respect the parser's depth limit).
    static func forEachContainer(
        under node: JSONValue, budget: EvaluationBudget, _ body: (JSONValue) throws(StatesError) -> Void
    ) throws(StatesError) {
        var stack = [node]
        while let current = stack.popLast() {
            try budget.spend()
            switch current {
            case .object(let object):
                try body(current)
                stack.append(contentsOf: object.values.reversed())
            case .array(let array):
                try body(current)
                stack.append(contentsOf: array.reversed())
            default:
                break
            }
        }
    }
}
