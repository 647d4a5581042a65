import StepwiseJSON

/// Writes JSON as block-style YAML: two-space indentation, sequences indented under their
/// key, strings plain when no YAML reader (1.2 or 1.1) could take them for anything else,
/// double-quoted with escapes otherwise. Numbers keep their JSON text.
struct YAMLRenderer {
    var out = ""

    mutating func document(_ value: JSONValue) {
        switch value {
        case .object(let object) where !object.isEmpty: mapping(object, indent: 0, continuingLine: false)
        case .array(let items) where !items.isEmpty: sequence(items, indent: 0, continuingLine: false)
        default: out += YAMLRenderer.scalar(value) + "\n"
        }
    }

    /// The entries at `indent`; with `continuingLine` the first one follows a `- ` already written.
    private mutating func mapping(_ object: JSONObject, indent: Int, continuingLine: Bool) {
        for (i, (key, value)) in object.enumerated() {
            if i > 0 || !continuingLine { out += String(repeating: " ", count: indent) }
            out += YAMLRenderer.string(key) + ":"
            switch value {
            case .object(let nested) where !nested.isEmpty:
                out += "\n"
                mapping(nested, indent: indent + 2, continuingLine: false)
            case .array(let items) where !items.isEmpty:
                out += "\n"
                sequence(items, indent: indent + 2, continuingLine: false)
            default:
                out += " " + YAMLRenderer.scalar(value) + "\n"
            }
        }
    }

    private mutating func sequence(_ items: [JSONValue], indent: Int, continuingLine: Bool) {
        for (i, item) in items.enumerated() {
            if i > 0 || !continuingLine { out += String(repeating: " ", count: indent) }
            out += "- "
            switch item {
            case .object(let object) where !object.isEmpty: mapping(object, indent: indent + 2, continuingLine: true)
            case .array(let nested) where !nested.isEmpty: sequence(nested, indent: indent + 2, continuingLine: true)
            default: out += YAMLRenderer.scalar(item) + "\n"
            }
        }
    }

    /// A scalar, or an empty collection in flow style.
    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.description
        case .string(let s): return string(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    static func string(_ s: String) -> String {
        isPlainSafe(s) ? s : doubleQuoted(s)
    }

    /// Words YAML 1.1 readers (PyYAML, hence SAM) take for booleans.
    private static let yaml11Booleans: Set<String> = ["y", "n", "yes", "no", "on", "off"]

    /// Plain when it starts with a letter, `$`, `_` or `/`, holds only printable characters,
    /// has no `: ` or ` #` and no trailing `:` or space, and reads back as a string.
    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        let firstAllowed = first == "$" || first == "_" || first == "/" || (first.properties.isAlphabetic && first.value > 0x20)
        guard firstAllowed, last != " ", last != ":" else { return false }
        guard s.unicodeScalars.allSatisfy({ ($0.value >= 0x20 && $0.value < 0x7F) || ($0.value >= 0xA0 && !needsEscape($0)) }) else { return false }
        guard !s.contains(": "), !s.contains(" #") else { return false }
        return YAMLCoreSchema.resolve(s) == .string && !yaml11Booleans.contains(s.lowercased())
    }

    /// Characters written as escapes in a double-quoted scalar: controls, and those YAML
    /// readers treat as line breaks or byte-order marks.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    static func doubleQuoted(_ s: String) -> String {
        JSONSerializer.quoted(s, alsoEscaping: needsEscape)
    }
}
