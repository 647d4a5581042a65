import Foundation
import StepFunctions
import StepwiseJSON
import Synchronization

public struct StateMachineRecord: Sendable, Hashable, Codable {
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

public struct ActivityRecord: Sendable, Hashable, Codable {
    public var arn: String
    public var name: String
    public var creationDate: Date
    public var tags: [Tag]
}

public struct ExecutionRecord: Sendable, Hashable, Codable {
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

extension ExecutionRecord {
    /// Takes the ending of a finished run: status, stop date, output or error and cause.
    mutating func finish(_ run: ExecutionRun, at date: Date) {
        status = run.status
        stopDate = date
        if let output = run.output { self.output = JSONSerializer.string(output) }
        if let failure = run.failure {
            error = failure.error.isEmpty ? nil : failure.error
            cause = failure.cause.isEmpty ? nil : failure.cause
        }
    }
}

/// Every state change of the engine goes through this interface, so persistence is a matter of
/// implementing it. Called from the engine actor only; implementations must be thread-safe
/// anyway to be honestly `Sendable`. A write that fails throws: the engine then refuses further
/// work rather than go on with state it could not keep.
public protocol EngineStore: AnyObject, Sendable {
    /// Whether the store keeps execution journals (and so can recover running executions).
    var keepsJournal: Bool { get }
    func saveStateMachine(_ record: StateMachineRecord) throws
    func deleteStateMachine(arn: String) throws
    func saveActivity(_ record: ActivityRecord) throws
    func deleteActivity(arn: String) throws
    /// Stores one step of an execution atomically.
    func commit(_ step: ExecutionStep) throws

    func events(executionArn: String) throws -> [RecordedEvent]
    /// The execution's inputs in order (empty for stores that do not keep journals).
    func journal(executionArn: String) throws -> [JournalEntry]
    func loadStateMachines() throws -> [StateMachineRecord]
    func loadActivities() throws -> [ActivityRecord]
    func loadExecutions() throws -> [ExecutionRecord]
}

/// Keeps everything in memory: the default for throwaway runs and tests. It keeps no journal,
/// since nothing in memory survives the process it would help recover.
public final class InMemoryEngineStore: EngineStore {
    struct Contents {
        var machines: [String: StateMachineRecord] = [:]
        var activities: [String: ActivityRecord] = [:]
        var executions: [String: ExecutionRecord] = [:]
        var events: [String: [RecordedEvent]] = [:]
    }

    private let contents = Mutex(Contents())

    public init() {}

    public var keepsJournal: Bool { false }

    public func saveStateMachine(_ record: StateMachineRecord) { contents.withLock { $0.machines[record.arn] = record } }
    public func deleteStateMachine(arn: String) { contents.withLock { _ = $0.machines.removeValue(forKey: arn) } }
    public func saveActivity(_ record: ActivityRecord) { contents.withLock { $0.activities[record.arn] = record } }
    public func deleteActivity(arn: String) { contents.withLock { _ = $0.activities.removeValue(forKey: arn) } }

    public func commit(_ step: ExecutionStep) {
        contents.withLock { contents in
            if let record = step.record { contents.executions[step.executionArn] = record }
            if !step.events.isEmpty { contents.events[step.executionArn, default: []].append(contentsOf: step.events) }
        }
    }

    public func events(executionArn: String) -> [RecordedEvent] { contents.withLock { $0.events[executionArn] ?? [] } }
    public func journal(executionArn: String) -> [JournalEntry] { [] }
    public func loadStateMachines() -> [StateMachineRecord] { contents.withLock { Array($0.machines.values) } }
    public func loadActivities() -> [ActivityRecord] { contents.withLock { Array($0.activities.values) } }
    public func loadExecutions() -> [ExecutionRecord] { contents.withLock { Array($0.executions.values) } }
}
