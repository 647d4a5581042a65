import Foundation
import StepFunctions
import StepwiseJSON

/// One input an execution received, with the time it was handled. An execution's journal is
/// the complete list of them: replaying it through a fresh `ExecutionRun` rebuilds the run
/// exactly (the interpreter is deterministic), which is how executions survive a restart.
public struct JournalEntry: Sendable, Hashable {
    public var date: Date
    /// The input, as JSON text (opaque to stores).
    public var payload: String

    public init(date: Date, payload: String) {
        self.date = date
        self.payload = payload
    }
}

/// What one step of an execution changes, to be stored in one transaction: the input that
/// caused it, the history events it recorded, and the execution's record when it changed.
public struct ExecutionStep: Sendable {
    public var executionArn: String
    public var journal: JournalEntry?
    public var events: [RecordedEvent]
    public var record: ExecutionRecord?
}

/// How deep stored envelopes may nest: user data may nest `JSONParser.maxDepth` levels, and a
/// journal entry or history event wraps it a few levels deeper; what the engine accepted it
/// must read back.
let storedEnvelopeDepth = JSONParser.maxDepth + 8

extension RunEvent {
    var json: JSONValue {
        switch self {
        case .start: return ["type": "start"]
        case .taskStarted(let token, let worker):
            return ["type": "taskStarted", "token": .string(token), "worker": worker.map(JSONValue.string) ?? .null]
        case .taskSucceeded(let token, let output): return ["type": "taskSucceeded", "token": .string(token), "output": output]
        case .taskFailed(let token, let error, let cause):
            return ["type": "taskFailed", "token": .string(token), "error": error.map(JSONValue.string) ?? .null, "cause": cause.map(JSONValue.string) ?? .null]
        case .taskHeartbeat(let token): return ["type": "taskHeartbeat", "token": .string(token)]
        case .taskSubmitted(let token, let output): return ["type": "taskSubmitted", "token": .string(token), "output": output]
        case .timerFired(let id): return ["type": "timerFired", "id": .number(id)]
        case .stop(let error, let cause):
            return ["type": "stop", "error": error.map(JSONValue.string) ?? .null, "cause": cause.map(JSONValue.string) ?? .null]
        case .updateMapRun(let update):
            return [
                "type": "updateMapRun", "mapRunArn": .string(update.mapRunArn),
                "maxConcurrency": update.maxConcurrency.map { .number($0) } ?? .null,
                "toleratedFailureCount": update.toleratedFailureCount.map { .number($0) } ?? .null,
                "toleratedFailurePercentage": update.toleratedFailurePercentage.map { .number($0) } ?? .null,
            ]
        case .redrive: return ["type": "redrive"]
        case .resume: return ["type": "resume"]
        }
    }

    init?(json: JSONValue) {
        let token = json["token"]?.stringValue ?? ""
        switch json["type"]?.stringValue {
        case "start": self = .start
        case "taskStarted": self = .taskStarted(token: token, workerName: json["worker"]?.stringValue)
        case "taskSucceeded": self = .taskSucceeded(token: token, output: json["output"] ?? .null)
        case "taskFailed": self = .taskFailed(token: token, error: json["error"]?.stringValue, cause: json["cause"]?.stringValue)
        case "taskHeartbeat": self = .taskHeartbeat(token: token)
        case "taskSubmitted": self = .taskSubmitted(token: token, output: json["output"] ?? .null)
        case "timerFired":
            guard let id = json["id"]?.intValue else { return nil }
            self = .timerFired(id)
        case "stop": self = .stop(error: json["error"]?.stringValue, cause: json["cause"]?.stringValue)
        case "updateMapRun":
            guard let arn = json["mapRunArn"]?.stringValue else { return nil }
            self = .updateMapRun(MapRunUpdate(
                mapRunArn: arn, maxConcurrency: json["maxConcurrency"]?.intValue, toleratedFailureCount: json["toleratedFailureCount"]?.intValue,
                toleratedFailurePercentage: json["toleratedFailurePercentage"]?.doubleValue))
        case "redrive": self = .redrive
        case "resume": self = .resume
        default: return nil
        }
    }

    /// The journal entry of a step this event caused; `pausedAfter` as `ExecutionRun.pausedAfter`.
    func journalEntry(at date: Date, pausedAfter: Int?) -> JournalEntry {
        guard let pausedAfter, case .object(var members) = json else { return JournalEntry(date: date, payload: JSONSerializer.string(json)) }
        members["pausedAfter"] = .number(pausedAfter)
        return JournalEntry(date: date, payload: JSONSerializer.string(.object(members)))
    }

    /// A journal entry's event, and where its step paused.
    static func read(_ entry: JournalEntry) -> (event: RunEvent, pausedAfter: Int?)? {
        guard let json = try? JSONParser.parse(entry.payload, maxDepth: storedEnvelopeDepth), let event = RunEvent(json: json) else { return nil }
        return (event, json["pausedAfter"]?.intValue)
    }
}

extension RecordedEvent {
    /// The event as JSON for storage, payloads kept exactly.
    public var storedJSON: String {
        var object: JSONObject = [
            "id": .number(id), "previousEventId": .number(previousEventId),
            "timestamp": .number(timestamp.timeIntervalSince1970), "type": .string(type.rawValue),
        ]
        object["details"] = details.json
        return JSONSerializer.string(.object(object))
    }

    /// Reads what `storedJSON` wrote; nil for anything else.
    public init?(storedJSON text: String) {
        guard let json = try? JSONParser.parse(text, maxDepth: storedEnvelopeDepth), let id = json["id"]?.intValue, let previous = json["previousEventId"]?.intValue,
            let seconds = json["timestamp"]?.doubleValue, let type = json["type"]?.stringValue.flatMap(HistoryEventType.init(rawValue:)),
            let details = Details(json: json["details"] ?? .null)
        else { return nil }
        self.init(id: id, previousEventId: previous, timestamp: Date(timeIntervalSince1970: seconds), type: type, details: details)
    }
}

extension RecordedEvent.Details {
    var json: JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        switch self {
        case .none: return ["kind": "none"]
        case .stateEntered(let name, let input): return ["kind": "stateEntered", "name": .string(name), "input": input]
        case .stateExited(let name, let output, let assigned):
            return ["kind": "stateExited", "name": .string(name), "output": output, "assigned": assigned.map(JSONValue.object) ?? .null]
        case .executionStarted(let input, let roleArn): return ["kind": "executionStarted", "input": input, "roleArn": .string(roleArn)]
        case .executionSucceeded(let output): return ["kind": "executionSucceeded", "output": output]
        case .failure(let error, let cause): return ["kind": "failure", "error": optional(error), "cause": optional(cause)]
        case .activityScheduled(let resource, let input, let timeout, let heartbeat):
            return [
                "kind": "activityScheduled", "resource": .string(resource), "input": input,
                "timeout": timeout.map { .number($0) } ?? .null, "heartbeat": heartbeat.map { .number($0) } ?? .null,
            ]
        case .activityStarted(let worker): return ["kind": "activityStarted", "worker": optional(worker)]
        case .taskSucceeded(let output): return ["kind": "taskSucceeded", "output": output]
        case .iteration(let name, let index): return ["kind": "iteration", "name": .string(name), "index": .number(index)]
        case .mapStarted(let length): return ["kind": "mapStarted", "length": .number(length)]
        case .evaluationFailed(let error, let cause, let location, let state):
            return ["kind": "evaluationFailed", "error": .string(error), "cause": .string(cause), "location": optional(location), "state": .string(state)]
        case .other(let object): return ["kind": "other", "object": .object(object)]
        }
    }

    init?(json: JSONValue) {
        let name = json["name"]?.stringValue ?? ""
        switch json["kind"]?.stringValue {
        case "none": self = .none
        case "stateEntered": self = .stateEntered(name: name, input: json["input"] ?? .null)
        case "stateExited": self = .stateExited(name: name, output: json["output"] ?? .null, assigned: json["assigned"]?.objectValue)
        case "executionStarted": self = .executionStarted(input: json["input"] ?? .null, roleArn: json["roleArn"]?.stringValue ?? "")
        case "executionSucceeded": self = .executionSucceeded(output: json["output"] ?? .null)
        case "failure": self = .failure(error: json["error"]?.stringValue, cause: json["cause"]?.stringValue)
        case "activityScheduled":
            self = .activityScheduled(
                resource: json["resource"]?.stringValue ?? "", input: json["input"] ?? .null, timeout: json["timeout"]?.intValue,
                heartbeat: json["heartbeat"]?.intValue)
        case "activityStarted": self = .activityStarted(workerName: json["worker"]?.stringValue)
        case "taskSucceeded": self = .taskSucceeded(output: json["output"] ?? .null)
        case "iteration": self = .iteration(name: name, index: json["index"]?.intValue ?? 0)
        case "mapStarted": self = .mapStarted(length: json["length"]?.intValue ?? 0)
        case "evaluationFailed":
            self = .evaluationFailed(
                error: json["error"]?.stringValue ?? "", cause: json["cause"]?.stringValue ?? "", location: json["location"]?.stringValue,
                state: json["state"]?.stringValue ?? "")
        case "other": self = .other(json["object"]?.objectValue ?? [:])
        default: return nil
        }
    }
}
