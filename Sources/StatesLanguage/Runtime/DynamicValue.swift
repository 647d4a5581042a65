import StepwiseJSON

/// The value of a `.$` field, of `ErrorPath`/`CausePath`: a path or an intrinsic call.
public enum DynamicValue: Sendable, Hashable, CustomStringConvertible {
    case path(JSONPath)
    case intrinsic(IntrinsicFunction)

    /// Parses `$…`, `$$…`, `$name…` or `States.…(…)`; the message says what is wrong.
    public static func parse(_ text: String) throws(DynamicValueSyntaxError) -> DynamicValue {
        if IntrinsicFunction.isCall(text) {
            do {
                return .intrinsic(try IntrinsicFunction.parse(text))
            } catch {
                throw DynamicValueSyntaxError(message: "invalid intrinsic function call '\(text)': \(error.message)", offset: error.offset)
            }
        }
        do {
            return .path(try JSONPath.parse(text))
        } catch {
            throw DynamicValueSyntaxError(message: "invalid JSONPath '\(text)': \(error.message)", offset: error.offset)
        }
    }

    public var description: String {
        switch self {
        case .path(let path): return path.text
        case .intrinsic(let call): return call.text
        }
    }

    /// The value, or nil when a path finds nothing (the caller words that failure, which
    /// differs per field). Intrinsic failures throw.
    public func resolve(
        input: JSONValue, context: JSONValue, variables: [String: JSONValue], runtime: IntrinsicRuntime = .system,
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue? {
        switch self {
        case .path(let path): return try path.select(input: input, context: context, variables: variables, budget: budget)
        case .intrinsic(let call): return try call.evaluate(input: input, context: context, variables: variables, runtime: runtime, budget: budget)
        }
    }
}

public struct DynamicValueSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Character offset in the value's text.
    public var offset: Int
    public var description: String { message }
}
