import Foundation
import StepwiseJSON

/// The `…Path` fields that read a setting from the state input (or `$$`, or a variable), with
/// AWS's type and range checks.
extension JSONPathDataFlow {
    /// Wait `SecondsPath`: a non-negative integer.
    public static func waitSeconds(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Int {
        try seconds(path, field: "SecondsPath", minimum: 0, input: input, context: context, variables: variables, budget: budget)
    }

    /// Task `TimeoutSecondsPath`: a positive integer. (AWS's wording for this field is not
    /// recorded; the causes follow `SecondsPath`'s.)
    public static func timeoutSeconds(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Int {
        try seconds(path, field: "TimeoutSecondsPath", minimum: 1, input: input, context: context, variables: variables, budget: budget)
    }

    /// Task `HeartbeatSecondsPath`: a positive integer (causes as for `TimeoutSecondsPath`).
    public static func heartbeatSeconds(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Int {
        try seconds(path, field: "HeartbeatSecondsPath", minimum: 1, input: input, context: context, variables: variables, budget: budget)
    }

    static func seconds(
        _ path: JSONPath, field: String, minimum: Int, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget
    ) throws(StatesError) -> Int {
        guard let value = try path.select(input: input, context: context, variables: variables, budget: budget) else {
            throw StatesError.runtime("The \(field) parameter does not reference an input value: \(path.text)")
        }
        guard let seconds = integer(value, acceptingText: false) else {
            throw StatesError.runtime("The \(field) parameter cannot be parsed as a long value: \(path.text) == \(quoted(value))")
        }
        guard seconds >= minimum else {
            let problem = seconds < 0 ? "references a negative value" : "references a value that is not positive"
            throw StatesError.runtime("The \(field) parameter \(problem): \(path.text) == \(quoted(value))")
        }
        return seconds
    }

    /// Wait `TimestampPath`: an ISO-8601 date-time with an offset (`2016-03-14T01:59:00Z`,
    /// up to nanoseconds).
    public static func waitTimestamp(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Date {
        guard let value = try path.select(input: input, context: context, variables: variables, budget: budget) else {
            throw StatesError.runtime("The TimestampPath parameter does not reference an input value: \(path.text)")
        }
        guard case .string(let text) = value, let timestamp = Timestamp(rfc3339: text) else {
            throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path.text) == \(quoted(value))")
        }
        return timestamp.date
    }

    /// Map `ItemsPath`: the array to iterate.
    public static func items(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> [JSONValue] {
        guard let value = try path.select(input: input, context: context, variables: variables, budget: budget) else {
            throw notFound(path.text, field: "ItemsPath", input: input)
        }
        guard case .array(let items) = value else {
            throw StatesError.runtime("Map state input must be an array but was: \(value)")
        }
        return items
    }

    /// Map `MaxConcurrencyPath`: a non-negative integer (0 means no limit).
    public static func maxConcurrency(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Int {
        try count(path, field: "MaxConcurrency", input: input, context: context, variables: variables, budget: budget)
    }

    /// Map `ToleratedFailureCountPath`: a non-negative integer.
    public static func toleratedFailureCount(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Int {
        try count(path, field: "ToleratedFailureCount", input: input, context: context, variables: variables, budget: budget)
    }

    static func count(
        _ path: JSONPath, field: String, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget
    ) throws(StatesError) -> Int {
        guard let value = try path.select(input: input, context: context, variables: variables, budget: budget) else {
            throw notFound(path.text, field: field + "Path", input: input)
        }
        guard let count = integer(value, acceptingText: true) else {
            throw StatesError.runtime("The \(field)Path field refers to value \"\(quoted(value))\" which is not a valid integer: \(path.text)")
        }
        guard count >= 0 else { throw StatesError.runtime("\(field) cannot be negative.") }
        return count
    }

    /// Map `ToleratedFailurePercentagePath`: a number from 0 to 100.
    public static func toleratedFailurePercentage(
        _ path: JSONPath, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Double {
        guard let value = try path.select(input: input, context: context, variables: variables, budget: budget) else {
            throw notFound(path.text, field: "ToleratedFailurePercentagePath", input: input)
        }
        let number: Double?
        switch value {
        case .number(let n): number = n.doubleValue
        case .string(let s): number = Double(s)
        default: number = nil
        }
        guard let percentage = number else {
            throw StatesError.runtime("The ToleratedFailurePercentagePath field refers to value \"\(quoted(value))\" which is not a valid float: \(path.text)")
        }
        guard (0...100).contains(percentage) else {
            throw StatesError.runtime("ToleratedFailurePercentage must be between 0 and 100.")
        }
        return percentage
    }

    /// Fail `ErrorPath`: a path or intrinsic call giving the error name (a string).
    public static func failError(
        _ value: DynamicValue, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        runtime: IntrinsicRuntime = .system, budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> String {
        try failText(value, field: "ErrorPath", input: input, context: context, variables: variables, runtime: runtime, budget: budget)
    }

    /// Fail `CausePath`: a path or intrinsic call giving the cause (a string).
    public static func failCause(
        _ value: DynamicValue, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        runtime: IntrinsicRuntime = .system, budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> String {
        try failText(value, field: "CausePath", input: input, context: context, variables: variables, runtime: runtime, budget: budget)
    }

    static func failText(
        _ value: DynamicValue, field: String, input: JSONValue, context: JSONValue, variables: [String: JSONValue],
        runtime: IntrinsicRuntime, budget: EvaluationBudget
    ) throws(StatesError) -> String {
        guard let resolved = try value.resolve(input: input, context: context, variables: variables, runtime: runtime, budget: budget) else {
            throw notFound(value.description, field: field, input: input)
        }
        guard case .string(let text) = resolved else {
            throw StatesError.runtime("The JSONPath '\(value)' specified for the field '\(field)' must select a string, but selected \(resolved.typeName) \(resolved)")
        }
        return text
    }

    /// An exact integer: a JSON number written without fraction or exponent (`1.0` is not a
    /// long to AWS), or — where AWS reads the value as text — a string holding one.
    static func integer(_ value: JSONValue, acceptingText: Bool) -> Int? {
        switch value {
        case .number(let n): return Int(n.description)
        case .string(let s) where acceptingText: return Int(s)
        default: return nil
        }
    }
}
