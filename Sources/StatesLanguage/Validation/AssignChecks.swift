import StepwiseJSON

/// `Assign` (states, choice rules, catchers): an object whose keys are variable names; in
/// JSONPath states a key may end in `.$` to assign the value of a path.
extension ValidationRun {
    mutating func checkAssign(_ assign: JSONValue?, at path: String, in s: StateScope) {
        guard let assign else { return }
        guard case .object(let members) = assign else {
            report(.wrongType, path, "Assign of \(s.title) must be an object mapping variable names to values, found \(assign.typeName)")
            return
        }
        for (key, value) in members {
            let memberPath = path + "/" + jsonPointerEscape(key)
            let dynamic = !s.isJSONata && key.hasSuffix(".$")
            let name = dynamic ? String(key.dropLast(2)) : key
            if let problem = VariableName.problem(with: name) {
                report(.invalidVariableName, memberPath, "\"\(name)\" in Assign of \(s.title) is not a usable variable name: \(problem)")
            }
            if !s.isJSONata {
                checkTemplateMember(key, value, at: .start(memberPath), field: "Assign", in: s, depth: 1)
            }
        }
    }
}

/// The rules for workflow variable names.
enum VariableName {
    static let maxLength = 80
    /// `$states` is the variable Step Functions binds itself in JSONata states.
    static let reserved: Set<String> = ["states"]

    /// Why `name` cannot be a variable name, or nil when it can.
    static func problem(with name: String) -> String? {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first else { return "a variable name must not be empty" }
        if reserved.contains(name) { return "\"$\(name)\" is reserved by Step Functions" }
        if scalars.count > maxLength { return "it is \(scalars.count) characters long; at most \(maxLength) are allowed" }
        guard first == "_" || first.properties.isIDStart else {
            return "a variable name must start with a letter or an underscore"
        }
        if let bad = scalars.dropFirst().first(where: { !($0 == "_" || $0.properties.isIDContinue) }) {
            return "\"\(bad)\" cannot appear in a variable name; use letters, digits and underscores"
        }
        return nil
    }
}
