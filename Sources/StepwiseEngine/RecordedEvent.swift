import Foundation
import StepFunctions
import StepwiseJSON

/// A history event as the engine keeps it: payloads stay `JSONValue`s (serialised only when a
/// client reads the history), so recording a transition costs no JSON printing.
public struct RecordedEvent: Sendable, Hashable {
    public var id: Int
    public var previousEventId: Int
    public var timestamp: Date
    public var type: HistoryEventType
    public var details: Details

    public enum Details: Sendable, Hashable {
        case none
        case stateEntered(name: String, input: JSONValue)
        case stateExited(name: String, output: JSONValue, assigned: JSONObject?)
        case executionStarted(input: JSONValue, roleArn: String)
        case executionSucceeded(output: JSONValue)
        case failure(error: String?, cause: String?)
        case activityScheduled(resource: String, input: JSONValue, timeout: Int?, heartbeat: Int?)
        case activityStarted(workerName: String?)
        case taskSucceeded(output: JSONValue)
        case iteration(name: String, index: Int)
        case mapStarted(length: Int)
        case evaluationFailed(error: String, cause: String, location: String?, state: String)
        /// Any other details, already in wire shape.
        case other(JSONObject)
    }

    public init(id: Int, previousEventId: Int, timestamp: Date, type: HistoryEventType, details: Details) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.details = details
    }

    /// The wire form. Without `includeData`, inputs and outputs are left out, as AWS does for
    /// `includeExecutionData: false`.
    public func wire(includeData: Bool = true) -> HistoryEvent {
        HistoryEvent(timestamp: timestamp, type: type, id: id, previousEventId: previousEventId, details: wireDetails(includeData))
    }

    /// The members of wire-shaped details that carry execution data (task parameters and results).
    static let payloadKeys: Set<String> = ["input", "inputDetails", "output", "outputDetails", "parameters"]

    private func payload(_ o: inout JSONObject, _ key: String, _ value: JSONValue, _ includeData: Bool) {
        guard includeData else { return }
        o[key] = .string(JSONSerializer.string(value))
        o[key + "Details"] = ["truncated": false]
    }

    private func wireDetails(_ includeData: Bool) -> JSONObject? {
        var o = JSONObject()
        switch details {
        case .none: return nil
        case .stateEntered(let name, let input):
            o["name"] = .string(name)
            payload(&o, "input", input, includeData)
        case .stateExited(let name, let output, let assigned):
            o["name"] = .string(name)
            payload(&o, "output", output, includeData)
            if let assigned, includeData {
                o["assignedVariables"] = .object(assigned.mapValues { .string(JSONSerializer.string($0)) })
                o["assignedVariablesDetails"] = ["truncated": false]
            }
        case .executionStarted(let input, let roleArn):
            payload(&o, "input", input, includeData)
            o["roleArn"] = .string(roleArn)
        case .executionSucceeded(let output), .taskSucceeded(let output):
            payload(&o, "output", output, includeData)
        case .failure(let error, let cause):
            if let error { o["error"] = .string(error) }
            if let cause { o["cause"] = .string(cause) }
        case .activityScheduled(let resource, let input, let timeout, let heartbeat):
            o["resource"] = .string(resource)
            payload(&o, "input", input, includeData)
            if let timeout { o["timeoutInSeconds"] = .number(timeout) }
            if let heartbeat { o["heartbeatInSeconds"] = .number(heartbeat) }
        case .activityStarted(let worker):
            if let worker { o["workerName"] = .string(worker) }
        case .iteration(let name, let index):
            o["name"] = .string(name)
            o["index"] = .number(index)
        case .mapStarted(let length):
            o["length"] = .number(length)
        case .evaluationFailed(let error, let cause, let location, let state):
            o["error"] = .string(error)
            o["cause"] = .string(cause)
            if let location { o["location"] = .string(location) }
            o["state"] = .string(state)
        case .other(let object):
            return includeData ? object : object.filter { !Self.payloadKeys.contains($0.key) }
        }
        return o
    }
}
