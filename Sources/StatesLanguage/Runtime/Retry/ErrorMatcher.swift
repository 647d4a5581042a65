import StepwiseJSON

/// Which `Retry`/`Catch` entries an error matches, by the rules AWS documents.
public enum ErrorMatcher {
    /// Errors no retrier or catcher can handle, whatever it names: a `States.Runtime` error
    /// "isn't retriable, and will always cause the execution to fail".
    public static let uncatchable: Set<String> = [ErrorName.runtime]

    /// Errors `States.ALL` does not match (they can still be named explicitly):
    /// `States.DataLimitExceeded` is terminal for the wildcard, and so is `States.Runtime`.
    public static let notMatchedByAll: Set<String> = [ErrorName.runtime, ErrorName.dataLimitExceeded]

    /// Errors `States.TaskFailed` does not match: it is a wildcard for "any known error name
    /// except for States.Timeout" (a heartbeat timeout is a timeout too).
    public static let notMatchedByTaskFailed: Set<String> = notMatchedByAll.union([ErrorName.timeout, ErrorName.heartbeatTimeout])

    /// Whether an `ErrorEquals` list matches `error`.
    public static func matches(_ errorEquals: [String], error: String) -> Bool {
        guard isCatchable(error) else { return false }
        return errorEquals.contains { name in
            switch name {
            case error: return true
            case ErrorName.all: return !notMatchedByAll.contains(error)
            case ErrorName.taskFailed: return !notMatchedByTaskFailed.contains(error)
            // `States.Timeout` covers both ways a task times out.
            case ErrorName.timeout: return error == ErrorName.heartbeatTimeout
            default: return false
            }
        }
    }

    /// Whether any catcher could handle `error`.
    public static func isCatchable(_ error: String) -> Bool { !uncatchable.contains(error) }

    /// Whether any retrier could retry `error` (the same errors: States.Runtime is neither).
    public static func isRetriable(_ error: String) -> Bool { isCatchable(error) }
}

extension StatesError {
    /// The error output a catcher passes on: `{"Error": …, "Cause": …}`.
    public var errorOutput: JSONValue {
        .object(["Error": .string(error), "Cause": .string(cause)])
    }

    /// The cause as AWS reports a runtime failure of a state: prefixed with where it happened.
    public func inState(_ name: String, enteredAtEventId eventId: Int) -> StatesError {
        StatesError(error, "An error occurred while executing the state '\(name)' (entered at the event id #\(eventId)). \(cause)")
    }
}
