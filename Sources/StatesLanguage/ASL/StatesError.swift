/// A Step Functions runtime error: the error name ASL matches in `Retry`/`Catch`
/// (`States.Runtime`, `States.IntrinsicFailure`, a worker's own name …) and its cause text,
/// worded as AWS words it.
public struct StatesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var error: String
    public var cause: String
    /// Set when an evaluation ran into a limit (its work budget, or the depth of JSON data)
    /// rather than finding the input wrong: callers name the state and field in the cause.
    public var limit: EvaluationLimit?

    public init(_ error: String, _ cause: String) {
        self.error = error
        self.cause = cause
    }

    public var description: String { "\(error): \(cause)" }

    public static func runtime(_ cause: String) -> StatesError { StatesError(ErrorName.runtime, cause) }
    public static func intrinsicFailure(_ cause: String) -> StatesError { StatesError(ErrorName.intrinsicFailure, cause) }
}

/// The predefined error names of the States Language.
public enum ErrorName {
    public static let all = "States.ALL"
    public static let runtime = "States.Runtime"
    public static let timeout = "States.Timeout"
    public static let heartbeatTimeout = "States.HeartbeatTimeout"
    public static let taskFailed = "States.TaskFailed"
    public static let permissions = "States.Permissions"
    public static let dataLimitExceeded = "States.DataLimitExceeded"
    public static let branchFailed = "States.BranchFailed"
    public static let noChoiceMatched = "States.NoChoiceMatched"
    public static let intrinsicFailure = "States.IntrinsicFailure"
    public static let exceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
    public static let itemReaderFailed = "States.ItemReaderFailed"
    public static let resultWriterFailed = "States.ResultWriterFailed"
    public static let queryEvaluationError = "States.QueryEvaluationError"
}
