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
    /// Nil for the revision the machine was created with, as on AWS; each update that changes
    /// something makes a new one.
    public var revisionId: String?
    public var loggingConfiguration: LoggingConfiguration
    public var tracingConfiguration: TracingConfiguration
    public var tags: [Tag]
    /// The number of the last version published (numbers are never reused); nil before the first.
    public var lastVersion: Int?
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
    /// The secret task tokens are derived from (hex; random per execution, so that nobody can
    /// compute another execution's tokens). Nil in records written before it existed.
    public var tokenKey: String?
    /// How many times the process died while a step of this execution was being evaluated
    /// (see `StepMarkers`); nil once a step after the last of them completed.
    public var crashes: Int?
    /// The Task state that started this execution (`states:startExecution`), if one did.
    public var parent: ParentTask?
    /// The test case whose mocked responses answer this execution's tasks, if any.
    public var mockSelection: MockConfiguration.Selection?
    /// The version it runs and the alias that chose it, when started by either.
    public var stateMachineVersionArn: String?
    public var stateMachineAliasArn: String?
    /// The revision of the machine it runs (nil: the machine's first).
    public var revisionId: String?
    /// Redrives so far (nil: none), and when the last one was.
    public var redriveCount: Int?
    public var redriveDate: Date?
    /// The client tokens of its last successful redrives, for RedriveExecution's idempotency.
    public var redriveTokens: [RedriveToken]?
}

/// A RedriveExecution client token and the redrive it started.
public struct RedriveToken: Sendable, Hashable, Codable {
    public var token: String
    public var redriveDate: Date
}

/// The task of a parent execution that started a nested one, and how it waits for it.
public struct ParentTask: Sendable, Hashable, Codable {
    public var executionArn: String
    public var taskToken: String
    /// `""`, `.sync`, `.sync:2` or `.waitForTaskToken`, as in the Resource.
    public var pattern: String
}

/// One change the engine stores; the writes of one commit are stored in one transaction, in order.
public enum StoreWrite: Sendable {
    case saveStateMachine(StateMachineRecord)
    case deleteStateMachine(arn: String)
    case saveActivity(ActivityRecord)
    case deleteActivity(arn: String)
    case step(ExecutionStep)
    case saveStateMachineVersion(StateMachineVersionRecord)
    case deleteStateMachineVersion(arn: String)
    case saveStateMachineAlias(StateMachineAliasRecord)
    case deleteStateMachineAlias(arn: String)
    case saveMapRun(MapRunRecord)
    case saveMapRunExecution(MapRunExecutionRecord)
}

/// Every state change of the engine goes through this interface, so persistence is a matter of
/// implementing it. The engine gathers the writes of steps that happen together and commits
/// them in one call (group commit), off its actor; it answers no API call and hands out no task
/// before the commit that records it has returned. A commit that fails throws: the engine then
/// refuses further work rather than go on with state it could not keep.
public protocol EngineStore: AnyObject, Sendable {
    /// Whether the store keeps execution journals (and so can recover running executions).
    var keepsJournal: Bool { get }
    /// Stores the writes atomically, in order.
    func commit(_ writes: [StoreWrite]) async throws
    /// What can be done to writes before their commit without the store (encoding them). The
    /// group commit calls it from each caller concurrently, so that only the store's own work
    /// is done one commit at a time.
    func prepare(_ writes: [StoreWrite]) throws -> PreparedWrites
    /// Stores the prepared writes of many callers in one transaction, in order.
    func commit(prepared batch: [PreparedWrites]) async throws

    /// The execution's record, or nil when the store has none.
    func execution(arn: String) async throws -> ExecutionRecord?
    /// The executions the query selects, newest first (see `ExecutionQuery`).
    func executions(_ query: ExecutionQuery) async throws -> [ListedExecution]
    /// A stretch of the execution's history (see `HistoryPage`).
    func events(executionArn: String, page: HistoryPage) async throws -> [RecordedEvent]
    /// The execution's inputs in order (empty for stores that do not keep journals).
    func journal(executionArn: String) throws -> [JournalEntry]
    func loadStateMachines() throws -> [StateMachineRecord]
    func loadActivities() throws -> [ActivityRecord]
    func loadStateMachineVersions() throws -> [StateMachineVersionRecord]
    func loadStateMachineAliases() throws -> [StateMachineAliasRecord]
    /// The Map Runs of the executions stored as RUNNING, with their children: the only ones
    /// the engine keeps in memory (it asks for the others when it needs them).
    func loadRunningMapRuns() throws -> [StoredMapRun]
    /// The execution's Map Runs with their children, in the order they started.
    func mapRuns(executionArn: String) async throws -> [StoredMapRun]
    func mapRun(arn: String) async throws -> StoredMapRun?
    /// The child workflow execution of a Map Run.
    func mapRunExecution(arn: String) async throws -> MapRunExecutionRecord?
    /// Deletes up to `limit` executions that are not running and stopped before `date`, oldest
    /// stop first, each with its history, journal, Map Runs and their child workflow executions
    /// in the same transaction; returns their ARNs.
    func deleteExecutions(stoppedBefore date: Date, limit: Int) async throws -> [String]
    /// Where the engine notes the executions it is stepping, for stores that recover them after
    /// a crash (see `StepMarkers`).
    var stepMarkers: (any StepMarkers)? { get }
}

/// A Map Run and its child workflow executions (by item index).
public struct StoredMapRun: Sendable, Hashable {
    public var record: MapRunRecord
    public var children: [MapRunExecutionRecord]

    public init(record: MapRunRecord, children: [MapRunExecutionRecord]) {
        self.record = record
        self.children = children
    }
}

/// Writes as `EngineStore.prepare` left them, for the same store's `commit(prepared:)`.
public struct PreparedWrites: Sendable {
    public let writes: [StoreWrite]
    /// The store's own form of the writes (its type, which only it reads); nil when it prepares nothing.
    public let prepared: (any Sendable)?

    public init(_ writes: [StoreWrite], prepared: (any Sendable)? = nil) {
        self.writes = writes
        self.prepared = prepared
    }
}

extension EngineStore {
    public var stepMarkers: (any StepMarkers)? { nil }

    public func prepare(_ writes: [StoreWrite]) throws -> PreparedWrites { PreparedWrites(writes) }

    public func commit(prepared batch: [PreparedWrites]) async throws {
        try await commit(batch.flatMap(\.writes))
    }

    /// The execution's whole history, in order.
    public func events(executionArn: String) async throws -> [RecordedEvent] {
        try await events(executionArn: executionArn, page: .all)
    }
}

/// Keeps everything in memory: the default for throwaway runs and tests. It keeps no journal,
/// since nothing in memory survives the process it would help recover. It answers the same
/// queries as a persistent store, in the same order, with the same cursors.
public final class InMemoryEngineStore: EngineStore {
    struct StoredExecution {
        var record: ExecutionRecord
        var cursor: ExecutionCursor
    }

    struct Contents {
        var machines: [String: StateMachineRecord] = [:]
        var activities: [String: ActivityRecord] = [:]
        var executions: [String: StoredExecution] = [:]
        /// Every execution's place in the listing, in ascending order.
        var order: [(cursor: ExecutionCursor, arn: String)] = []
        var nextSequence: Int64 = 1
        var events: [String: [RecordedEvent]] = [:]
        var versions: [String: StateMachineVersionRecord] = [:]
        var aliases: [String: StateMachineAliasRecord] = [:]
        var mapRuns: [String: MapRunRecord] = [:]
        /// Child workflow executions by Map Run, then by item index.
        var mapRunExecutions: [String: [Int: MapRunExecutionRecord]] = [:]

        mutating func save(_ record: ExecutionRecord) {
            if executions[record.arn] != nil {
                executions[record.arn]!.record = record
                return
            }
            let cursor = ExecutionCursor(startDate: record.startDate.timeIntervalSince1970, sequence: nextSequence)
            nextSequence += 1
            executions[record.arn] = StoredExecution(record: record, cursor: cursor)
            // Starts come in date order, so this is nearly always an append.
            var index = order.endIndex
            while index > order.startIndex, cursor < order[index - 1].cursor { index -= 1 }
            order.insert((cursor, record.arn), at: index)
        }

        /// The position of the first entry at or after `cursor`.
        func position(of cursor: ExecutionCursor) -> Int {
            var low = 0
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                if order[middle].cursor < cursor { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    private let contents = Mutex(Contents())

    public init() {}

    public var keepsJournal: Bool { false }

    public func commit(_ writes: [StoreWrite]) {
        contents.withLock { contents in
            for write in writes {
                switch write {
                case .saveStateMachine(let record): contents.machines[record.arn] = record
                case .deleteStateMachine(let arn): contents.machines.removeValue(forKey: arn)
                case .saveActivity(let record): contents.activities[record.arn] = record
                case .deleteActivity(let arn): contents.activities.removeValue(forKey: arn)
                case .step(let step):
                    if let record = step.record { contents.save(record) }
                    if !step.events.isEmpty { contents.events[step.executionArn, default: []].append(contentsOf: step.events) }
                case .saveStateMachineVersion(let record): contents.versions[record.arn] = record
                case .deleteStateMachineVersion(let arn): contents.versions.removeValue(forKey: arn)
                case .saveStateMachineAlias(let record): contents.aliases[record.arn] = record
                case .deleteStateMachineAlias(let arn): contents.aliases.removeValue(forKey: arn)
                case .saveMapRun(let record): contents.mapRuns[record.arn] = record
                case .saveMapRunExecution(let record): contents.mapRunExecutions[record.mapRunArn, default: [:]][record.index] = record
                }
            }
        }
    }

    public func execution(arn: String) -> ExecutionRecord? { contents.withLock { $0.executions[arn]?.record } }

    public func executions(_ query: ExecutionQuery) -> [ListedExecution] {
        contents.withLock { contents in
            if let mapRunArn = query.mapRunArn {
                let children = (contents.mapRunExecutions[mapRunArn] ?? [:]).values
                    .filter { child in query.matches(child) && query.after.map { child.cursor < $0 } ?? true }
                    .sorted { $0.cursor > $1.cursor }
                return children.prefix(query.limit).map { ListedExecution(item: $0.listItem, cursor: $0.cursor) }
            }
            var listed: [ListedExecution] = []
            var index = query.after.map(contents.position(of:)) ?? contents.order.endIndex
            while index > 0, listed.count < query.limit {
                index -= 1
                let stored = contents.executions[contents.order[index].arn]!
                if query.matches(stored.record) { listed.append(ListedExecution(item: stored.record.listItem, cursor: stored.cursor)) }
            }
            return listed
        }
    }

    public func events(executionArn: String, page: HistoryPage) -> [RecordedEvent] {
        contents.withLock { contents in
            let events = contents.events[executionArn] ?? []
            // Ids are 1…n: event `id` is at index id - 1.
            if page.reverse {
                let end = min(events.count, (page.after ?? Int.max) - 1)
                return Array(events[max(0, end - page.limit)..<max(0, end)].reversed())
            }
            let start = min(events.count, max(0, page.after ?? 0))
            return Array(events[start..<(start + min(page.limit, events.count - start))])
        }
    }

    public func journal(executionArn: String) -> [JournalEntry] { [] }
    public func loadStateMachines() -> [StateMachineRecord] { contents.withLock { Array($0.machines.values) } }
    public func loadActivities() -> [ActivityRecord] { contents.withLock { Array($0.activities.values) } }
    public func loadStateMachineVersions() -> [StateMachineVersionRecord] { contents.withLock { Array($0.versions.values) } }
    public func loadStateMachineAliases() -> [StateMachineAliasRecord] { contents.withLock { Array($0.aliases.values) } }
    public func loadRunningMapRuns() -> [StoredMapRun] {
        contents.withLock { contents in
            contents.mapRuns.values.filter { contents.executions[$0.executionArn]?.record.status == .running }
                .sorted { ($0.startDate, $0.arn) < ($1.startDate, $1.arn) }.map { Self.stored($0, in: contents) }
        }
    }

    public func mapRuns(executionArn: String) -> [StoredMapRun] {
        contents.withLock { contents in
            contents.mapRuns.values.filter { $0.executionArn == executionArn }
                .sorted { ($0.startDate, $0.arn) < ($1.startDate, $1.arn) }.map { Self.stored($0, in: contents) }
        }
    }

    public func mapRun(arn: String) -> StoredMapRun? {
        contents.withLock { contents in contents.mapRuns[arn].map { Self.stored($0, in: contents) } }
    }

    public func mapRunExecution(arn: String) -> MapRunExecutionRecord? {
        contents.withLock { contents in contents.mapRunExecutions.values.lazy.compactMap { $0.values.first { $0.arn == arn } }.first }
    }

    private static func stored(_ record: MapRunRecord, in contents: Contents) -> StoredMapRun {
        StoredMapRun(record: record, children: (contents.mapRunExecutions[record.arn] ?? [:]).values.sorted { $0.index < $1.index })
    }

    public func deleteExecutions(stoppedBefore date: Date, limit: Int) -> [String] {
        contents.withLock { contents in
            let due = contents.executions.values.compactMap { stored -> (Date, String)? in
                guard stored.record.status != .running, let stop = stored.record.stopDate, stop < date else { return nil }
                return (stop, stored.record.arn)
            }.sorted { $0 < $1 }.prefix(limit).map(\.1)
            for arn in due {
                contents.executions.removeValue(forKey: arn)
                contents.events.removeValue(forKey: arn)
            }
            let deleted = Set(due)
            contents.order.removeAll { deleted.contains($0.arn) }
            for run in contents.mapRuns.values where deleted.contains(run.executionArn) {
                contents.mapRuns.removeValue(forKey: run.arn)
                contents.mapRunExecutions.removeValue(forKey: run.arn)
            }
            return due
        }
    }
}
