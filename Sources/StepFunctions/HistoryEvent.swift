import Foundation
import StepwiseJSON

/// The event types of an execution history, named exactly as AWS names them.
public enum HistoryEventType: String, Codable, Sendable, Hashable, CaseIterable {
    case activityFailed = "ActivityFailed", activityScheduled = "ActivityScheduled"
    case activityScheduleFailed = "ActivityScheduleFailed", activityStarted = "ActivityStarted"
    case activitySucceeded = "ActivitySucceeded", activityTimedOut = "ActivityTimedOut"
    case choiceStateEntered = "ChoiceStateEntered", choiceStateExited = "ChoiceStateExited"
    case executionAborted = "ExecutionAborted", executionFailed = "ExecutionFailed"
    case executionStarted = "ExecutionStarted", executionSucceeded = "ExecutionSucceeded"
    case executionTimedOut = "ExecutionTimedOut", executionRedriven = "ExecutionRedriven"
    case failStateEntered = "FailStateEntered"
    case lambdaFunctionFailed = "LambdaFunctionFailed", lambdaFunctionScheduled = "LambdaFunctionScheduled"
    case lambdaFunctionScheduleFailed = "LambdaFunctionScheduleFailed", lambdaFunctionStarted = "LambdaFunctionStarted"
    case lambdaFunctionStartFailed = "LambdaFunctionStartFailed", lambdaFunctionSucceeded = "LambdaFunctionSucceeded"
    case lambdaFunctionTimedOut = "LambdaFunctionTimedOut"
    case mapIterationAborted = "MapIterationAborted", mapIterationFailed = "MapIterationFailed"
    case mapIterationStarted = "MapIterationStarted", mapIterationSucceeded = "MapIterationSucceeded"
    case mapStateAborted = "MapStateAborted", mapStateEntered = "MapStateEntered", mapStateExited = "MapStateExited"
    case mapStateFailed = "MapStateFailed", mapStateStarted = "MapStateStarted", mapStateSucceeded = "MapStateSucceeded"
    case parallelStateAborted = "ParallelStateAborted", parallelStateEntered = "ParallelStateEntered"
    case parallelStateExited = "ParallelStateExited", parallelStateFailed = "ParallelStateFailed"
    case parallelStateStarted = "ParallelStateStarted", parallelStateSucceeded = "ParallelStateSucceeded"
    case passStateEntered = "PassStateEntered", passStateExited = "PassStateExited"
    case succeedStateEntered = "SucceedStateEntered", succeedStateExited = "SucceedStateExited"
    case taskFailed = "TaskFailed", taskScheduled = "TaskScheduled", taskStarted = "TaskStarted"
    case taskStartFailed = "TaskStartFailed", taskStateAborted = "TaskStateAborted"
    case taskStateEntered = "TaskStateEntered", taskStateExited = "TaskStateExited"
    case taskSubmitFailed = "TaskSubmitFailed", taskSubmitted = "TaskSubmitted"
    case taskSucceeded = "TaskSucceeded", taskTimedOut = "TaskTimedOut"
    case waitStateAborted = "WaitStateAborted", waitStateEntered = "WaitStateEntered", waitStateExited = "WaitStateExited"
    case mapRunAborted = "MapRunAborted", mapRunFailed = "MapRunFailed", mapRunStarted = "MapRunStarted"
    case mapRunSucceeded = "MapRunSucceeded", mapRunRedriven = "MapRunRedriven"
    case evaluationFailed = "EvaluationFailed"

    /// The member of `HistoryEvent` that carries this type's details, if it has any.
    public var detailsKey: String? {
        let name = rawValue
        if name.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if name.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        switch self {
        case .mapStateStarted: return "mapStateStartedEventDetails"
        case .mapStateAborted, .mapStateFailed, .mapStateSucceeded, .parallelStateAborted, .parallelStateFailed,
            .parallelStateStarted, .parallelStateSucceeded, .taskStateAborted, .waitStateAborted, .mapRunSucceeded:
            return nil
        default:
            return name.prefix(1).lowercased() + name.dropFirst() + "EventDetails"
        }
    }
}

/// One event of an execution history, in the wire shape of `GetExecutionHistory`.
public struct HistoryEvent: Sendable, Hashable {
    public var timestamp: Date
    public var type: HistoryEventType
    public var id: Int
    public var previousEventId: Int
    /// The members of the type's `…EventDetails` object (payloads as JSON strings).
    public var details: JSONObject?

    public init(timestamp: Date, type: HistoryEventType, id: Int, previousEventId: Int, details: JSONObject? = nil) {
        self.timestamp = timestamp
        self.type = type
        self.id = id
        self.previousEventId = previousEventId
        self.details = details
    }
}

extension HistoryEvent: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        timestamp = try c.decode(Date.self, forKey: Key("timestamp"))
        type = try c.decode(HistoryEventType.self, forKey: Key("type"))
        id = try c.decode(Int.self, forKey: Key("id"))
        previousEventId = try c.decodeIfPresent(Int.self, forKey: Key("previousEventId")) ?? 0
        // Any `…EventDetails` member is taken, so events newer than this list still decode.
        if let key = c.allKeys.first(where: { $0.stringValue.hasSuffix("EventDetails") }) {
            details = try c.decode(JSONValue.self, forKey: key).objectValue
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(timestamp, forKey: Key("timestamp"))
        try c.encode(type, forKey: Key("type"))
        try c.encode(id, forKey: Key("id"))
        try c.encode(previousEventId, forKey: Key("previousEventId"))
        if let details, let key = type.detailsKey {
            try c.encode(JSONValue.object(details), forKey: Key(key))
        }
    }
}
