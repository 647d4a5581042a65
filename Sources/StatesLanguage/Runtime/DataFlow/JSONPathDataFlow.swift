import StepwiseJSON

/// A parsed `InputPath`/`OutputPath`/`ResultPath`: a path, or an explicit `null`.
public enum JSONPathOrNull: Sendable, Hashable {
    case path(JSONPath)
    case null

    public init(_ value: PathOrNull) throws(JSONPathSyntaxError) {
        switch value {
        case .null: self = .null
        case .path(let text): self = .path(try JSONPath.parse(text))
        }
    }
}

/// The JSONPath data-flow steps of a state, in the order the engine applies them:
/// `InputPath` → `Parameters` (or `ItemSelector`) → the work → `ResultSelector` → `ResultPath`
/// → `OutputPath`. Each takes parsed fields (nil when the state does not set the field) and
/// fails with `States.Runtime` and AWS's cause. The engine prefixes causes with
/// "An error occurred while executing the state '…' (entered at the event id #…). ".
public enum JSONPathDataFlow {
    /// `InputPath`: absent keeps the input, `null` gives `{}`, a path selects (`$$` and
    /// variables allowed). Nothing found: "Invalid path '$.x' : No results for path: $['x']".
    public static func inputPath(
        _ field: JSONPathOrNull?, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        try select(field, in: input, context: context, variables: variables, budget: budget)
    }

    /// `Parameters` / `ItemSelector`: absent keeps the effective input.
    public static func parameters(
        _ template: PayloadTemplate?, effectiveInput: JSONValue, context: JSONValue, variables: [String: JSONValue],
        runtime: IntrinsicRuntime = .system, budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        guard let template else { return effectiveInput }
        return try template.evaluate(input: effectiveInput, context: context, variables: variables, runtime: runtime, budget: budget)
    }

    /// `ResultSelector`: the template reads the raw result as `$`; absent keeps the result.
    public static func resultSelector(
        _ template: PayloadTemplate?, result: JSONValue, context: JSONValue, variables: [String: JSONValue],
        runtime: IntrinsicRuntime = .system, budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        guard let template else { return result }
        return try template.evaluate(input: result, context: context, variables: variables, runtime: runtime, budget: budget)
    }

    /// `ResultPath`: absent (or `$`) makes the result the output, `null` keeps the state's raw
    /// input, a reference path places the result inside the raw input.
    public static func resultPath(
        _ field: JSONPathOrNull?, result: JSONValue, input: JSONValue, budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        switch field {
        case nil: return result
        case .null: return input
        case .path(let path): return try path.assigning(result, into: input, budget: budget)
        }
    }

    /// `OutputPath`: absent keeps the output, `null` gives `{}`, a path selects in the output.
    public static func outputPath(
        _ field: JSONPathOrNull?, output: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        try select(field, in: output, context: context, variables: variables, budget: budget)
    }

    static func select(
        _ field: JSONPathOrNull?, in document: JSONValue, context: JSONValue, variables: [String: JSONValue], budget: EvaluationBudget
    ) throws(StatesError) -> JSONValue {
        switch field {
        case nil: return document
        case .null: return .object([:])
        case .path(let path):
            guard let root = path.document(input: document, context: context, variables: variables) else {
                throw StatesError.runtime("Invalid path '\(path.text)' : No results for path: \(path.normalized)")
            }
            switch try path.lookup(in: root, budget: budget) {
            case .found(let value): return value
            case .notFound(let reason): throw StatesError.runtime("Invalid path '\(path.text)' : \(reason)")
            }
        }
    }

    /// AWS's cause when a `…Path` field or a `.$` value finds nothing.
    static func notFound(_ expression: String, field: String, input: JSONValue) -> StatesError {
        StatesError.runtime("The JSONPath '\(expression)' specified for the field '\(field)' could not be found in the input '\(input)'")
    }

    /// A value as AWS quotes it after `==`: strings bare, anything else as JSON.
    static func quoted(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.description
    }
}
