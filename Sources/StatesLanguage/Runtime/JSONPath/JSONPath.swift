/// A parsed JSONPath in the dialect Step Functions accepts (Jayway's, which AWS runs).
///
/// Parse once with `JSONPath.parse` and keep the value: selection and assignment walk the
/// parsed steps without looking at the text again.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// What the path starts from.
    public enum Root: Sendable, Hashable {
        /// `$` — the state input (or whatever document the caller selects in).
        case input
        /// `$$` — the context object.
        case context
        /// `$name` — a workflow variable.
        case variable(String)
    }

    public let root: Root
    let steps: [Step]
    /// The path exactly as written (used in AWS's error messages).
    public let text: String

    /// True when the path names at most one node, so selecting gives that node rather than a
    /// list of matches (Jayway's notion: no `..`, `*`, slices, filters or index unions).
    /// Computed once: selection branches on it every time.
    public let isDefinite: Bool

    /// Unquoted words compared with in filters (`es` in `[?(@.lang == es)]`). AWS accepts them
    /// (its own samples have them) without saying what they mean; they compare as strings.
    public let unquotedFilterWords: [String]

    init(root: Root, steps: [Step], text: String, unquotedFilterWords: [String] = []) {
        self.root = root
        self.steps = steps
        self.text = text
        self.unquotedFilterWords = unquotedFilterWords
        self.isDefinite = steps.indices.allSatisfy { steps[$0].isDefinite(isLast: $0 == steps.count - 1) }
    }

    public var description: String { text }

    /// An ASL "Reference Path": only single names and non-negative indexes, as `ResultPath`,
    /// `Variable`, `ItemsPath` and the other `…Path` fields require.
    public var isReferencePath: Bool {
        steps.allSatisfy { step in
            guard !step.descendant else { return false }
            switch step.selector {
            case .name: return true
            case .index(let i): return i >= 0
            default: return false
            }
        }
    }

    /// The path as Jayway prints it in its messages: `$['a']['b'][0]`.
    public var normalized: String {
        var out = rootText
        for step in steps { out += step.normalized }
        return out
    }

    var rootText: String {
        switch root {
        case .input: return "$"
        case .context: return "$$"
        case .variable(let name): return "$" + name
        }
    }
}

/// One step of a path: a selector applied to the current node (`.x`, `[0]`) or to it and every
/// node below it (`..x`).
struct Step: Sendable, Hashable {
    var descendant: Bool
    var selector: Selector

    func isDefinite(isLast: Bool) -> Bool {
        if descendant { return false }
        switch selector {
        case .name, .index: return true
        // Jayway merges `['a','b']` into one object when it ends the path.
        case .names: return isLast
        case .indexes, .wildcard, .slice, .filter: return false
        }
    }

    var normalized: String {
        let prefix = descendant ? ".." : ""
        switch selector {
        case .name(let name): return prefix + "['\(name)']"
        case .names(let names): return prefix + "[" + names.map { "'\($0)'" }.joined(separator: ",") + "]"
        case .index(let i): return prefix + "[\(i)]"
        case .indexes(let list): return prefix + "[" + list.map(String.init).joined(separator: ",") + "]"
        case .wildcard: return prefix + "[*]"
        case .slice(let start, let end, let step):
            var text = "[" + (start.map(String.init) ?? "") + ":" + (end.map(String.init) ?? "")
            if let step { text += ":\(step)" }
            return prefix + text + "]"
        case .filter: return prefix + "[?]"
        }
    }
}

indirect enum Selector: Sendable, Hashable {
    case name(String)
    case names([String])
    case index(Int)
    case indexes([Int])
    case wildcard
    case slice(start: Int?, end: Int?, step: Int?)
    case filter(FilterExpression)
}

/// A malformed path: what is wrong and the character offset (0-based) where it was noticed.
public struct JSONPathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at character \(offset))" }
}
