import Foundation
import StepFunctions
import Synchronization

public struct StateMachineRecord: Sendable, Hashable {
    public var arn: String
    public var name: String
    public var definition: String
    public var roleArn: String
    public var type: StateMachineType
    public var creationDate: Date
    public var updateDate: Date
    public var revisionId: String
    public var loggingConfiguration: LoggingConfiguration
    public var tracingConfiguration: TracingConfiguration
    public var tags: [Tag]
}

public struct ActivityRecord: Sendable, Hashable {
    public var arn: String
    public var name: String
    public var creationDate: Date
    public var tags: [Tag]
}

public struct ExecutionRecord: Sendable, Hashable {
    public var arn: String
    public var stateMachineArn: String
    public var name: String
    public var status: ExecutionStatus
    public var startDate: Date
    public var stopDate: Date?
    public var input: String
    public var output: String?
    public var error: String?
    public var cause: String?
    /// The definition the execution runs (a machine may be updated while it runs).
    public var definition: String
    public var roleArn: String
    public var machineType: StateMachineType
}

/// Every state change of the engine goes through this interface, so persistence is a matter of
/// implementing it. Called from the engine actor only; implementations must be thread-safe
/// anyway to be honestly `Sendable`.
public protocol EngineStore: AnyObject, Sendable {
    func saveStateMachine(_ record: StateMachineRecord)
    func deleteStateMachine(arn: String)
    func saveActivity(_ record: ActivityRecord)
    func deleteActivity(arn: String)
    func saveExecution(_ record: ExecutionRecord)
    func appendEvents(_ events: [RecordedEvent], executionArn: String)
    func events(executionArn: String) -> [RecordedEvent]

    func loadStateMachines() -> [StateMachineRecord]
    func loadActivities() -> [ActivityRecord]
    func loadExecutions() -> [ExecutionRecord]
}

/// Keeps everything in memory: the default for throwaway runs and tests.
public final class InMemoryEngineStore: EngineStore {
    struct Contents {
        var machines: [String: StateMachineRecord] = [:]
        var activities: [String: ActivityRecord] = [:]
        var executions: [String: ExecutionRecord] = [:]
        var events: [String: [RecordedEvent]] = [:]
    }

    private let contents = Mutex(Contents())

    public init() {}

    public func saveStateMachine(_ record: StateMachineRecord) { contents.withLock { $0.machines[record.arn] = record } }
    public func deleteStateMachine(arn: String) { contents.withLock { _ = $0.machines.removeValue(forKey: arn) } }
    public func saveActivity(_ record: ActivityRecord) { contents.withLock { $0.activities[record.arn] = record } }
    public func deleteActivity(arn: String) { contents.withLock { _ = $0.activities.removeValue(forKey: arn) } }
    public func saveExecution(_ record: ExecutionRecord) { contents.withLock { $0.executions[record.arn] = record } }

    public func appendEvents(_ events: [RecordedEvent], executionArn: String) {
        contents.withLock { $0.events[executionArn, default: []].append(contentsOf: events) }
    }

    public func events(executionArn: String) -> [RecordedEvent] { contents.withLock { $0.events[executionArn] ?? [] } }
    public func loadStateMachines() -> [StateMachineRecord] { contents.withLock { Array($0.machines.values) } }
    public func loadActivities() -> [ActivityRecord] { contents.withLock { Array($0.activities.values) } }
    public func loadExecutions() -> [ExecutionRecord] { contents.withLock { Array($0.executions.values) } }
}
