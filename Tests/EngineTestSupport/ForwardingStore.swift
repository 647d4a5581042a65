import Foundation
import StepwiseEngine

/// A store that hands everything to `base`, each commit's writes first shown to `beforeCommit`,
/// which may throw instead or hold the commit: how the tests make a store fail, die after so
/// many steps, hold a commit, or mark steps.
public final class ForwardingStore: EngineStore {
    public let base: any EngineStore
    public let stepMarkers: (any StepMarkers)?
    let beforeCommit: @Sendable ([StoreWrite]) async throws -> Void

    public init(
        _ base: any EngineStore, stepMarkers: (any StepMarkers)? = nil,
        beforeCommit: @escaping @Sendable ([StoreWrite]) async throws -> Void = { _ in }
    ) {
        self.base = base
        self.stepMarkers = stepMarkers
        self.beforeCommit = beforeCommit
    }

    public var keepsJournal: Bool { base.keepsJournal }

    public func commit(_ writes: [StoreWrite]) async throws {
        try await beforeCommit(writes)
        try await base.commit(writes)
    }

    public func prepare(_ writes: [StoreWrite]) throws -> PreparedWrites { try base.prepare(writes) }

    public func commit(prepared batch: [PreparedWrites]) async throws {
        try await beforeCommit(batch.flatMap(\.writes))
        try await base.commit(prepared: batch)
    }

    public func execution(arn: String) async throws -> ExecutionRecord? { try await base.execution(arn: arn) }
    public func executions(_ query: ExecutionQuery) async throws -> [ListedExecution] { try await base.executions(query) }
    public func events(executionArn: String, page: HistoryPage) async throws -> [RecordedEvent] {
        try await base.events(executionArn: executionArn, page: page)
    }
    public func journal(executionArn: String) throws -> [JournalEntry] { try base.journal(executionArn: executionArn) }
    public func loadStateMachines() throws -> [StateMachineRecord] { try base.loadStateMachines() }
    public func loadActivities() throws -> [ActivityRecord] { try base.loadActivities() }
    public func loadStateMachineVersions() throws -> [StateMachineVersionRecord] { try base.loadStateMachineVersions() }
    public func loadStateMachineAliases() throws -> [StateMachineAliasRecord] { try base.loadStateMachineAliases() }
    public func loadRunningMapRuns() throws -> [StoredMapRun] { try base.loadRunningMapRuns() }
    public func mapRuns(executionArn: String) async throws -> [StoredMapRun] { try await base.mapRuns(executionArn: executionArn) }
    public func mapRun(arn: String) async throws -> StoredMapRun? { try await base.mapRun(arn: arn) }
    public func mapRunExecution(arn: String) async throws -> MapRunExecutionRecord? { try await base.mapRunExecution(arn: arn) }
    public func deleteExecutions(stoppedBefore date: Date, limit: Int) async throws -> [String] {
        try await base.deleteExecutions(stoppedBefore: date, limit: limit)
    }
}

extension StoreWrite {
    /// Whether the write records an execution's step.
    public var isStep: Bool { if case .step = self { true } else { false } }
}
