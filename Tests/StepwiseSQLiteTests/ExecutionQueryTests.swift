import Foundation
import StepFunctions
import StepwiseJSON
import StepwiseSQLite
import Testing

@testable import StepwiseEngine

/// The store-side queries, the same for both stores: listings newest first with their filters
/// and cursors, pages of history, and the deletion of expired executions.
@Suite struct ExecutionQueryTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite
        var testDescription: String { rawValue }

        func store() throws -> any EngineStore {
            switch self {
            case .memory: InMemoryEngineStore()
            case .sqlite:
                try SQLiteEngineStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path)
            }
        }
    }

    static let machines = ["arn:aws:states:us-east-1:123456789012:stateMachine:a", "arn:aws:states:us-east-1:123456789012:stateMachine:b"]
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func record(_ n: Int, machine: String, status: ExecutionStatus, start: Date, stop: Date? = nil, parent: String? = nil) -> ExecutionRecord {
        let name = "e\(n)"
        return ExecutionRecord(
            arn: machine.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name, stateMachineArn: machine, name: name,
            status: status, startDate: start, stopDate: status == .running ? nil : (stop ?? start.addingTimeInterval(1)), input: "{}",
            output: nil, error: nil, cause: nil, definition: "{}", roleArn: "arn:aws:iam::123456789012:role/r", machineType: .standard,
            parent: parent.map { ParentTask(executionArn: $0, taskToken: "t\(n)", pattern: ".sync") })
    }

    static func save(_ records: [ExecutionRecord], to store: any EngineStore, events: Int = 0) async throws {
        try await store.commit(
            records.map { record in
                .step(
                    ExecutionStep(
                        executionArn: record.arn, journal: JournalEntry(date: record.startDate, payload: #"{"type":"start"}"#),
                        events: (0..<events).map { RecordedEvent(id: $0 + 1, previousEventId: $0, timestamp: record.startDate, type: .passStateEntered, details: .none) },
                        record: record))
            })
    }

    /// Thirty executions of two machines in three statuses, several started at the same instant.
    static func sample() -> [ExecutionRecord] {
        let statuses: [ExecutionStatus] = [.succeeded, .running, .failed]
        return (0..<30).map { n in
            record(n, machine: machines[n % 2], status: statuses[n % 3], start: epoch.addingTimeInterval(Double(n / 4)))
        }
    }

    /// Every page of a query, following cursors.
    static func all(_ store: any EngineStore, _ query: ExecutionQuery) async throws -> [ExecutionListItem] {
        var query = query
        var items: [ExecutionListItem] = []
        while true {
            let page = try await store.executions(query)
            items += page.map(\.item)
            guard page.count == query.limit, let last = page.last else { return items }
            query.after = last.cursor
        }
    }

    @Test(arguments: Kind.allCases) func listingsAreNewestFirstAndFiltered(_ kind: Kind) async throws {
        let store = try kind.store()
        let records = Self.sample()
        try await Self.save(records, to: store)
        // Newest first: by start date, then the later stored first.
        let newestFirst = Array(records.reversed())
        for machine in [nil, Self.machines[0]] {
            for status in [nil, ExecutionStatus.running, .failed, .aborted] {
                let expected = newestFirst.filter { (machine == nil || $0.stateMachineArn == machine) && (status == nil || $0.status == status) }
                for limit in [1, 4, 100] {
                    let listed = try await Self.all(store, ExecutionQuery(stateMachineArn: machine, status: status, limit: limit))
                    #expect(listed == expected.map(\.listItem), "machine \(machine ?? "any"), status \(status?.rawValue ?? "any"), pages of \(limit)")
                }
            }
        }
    }

    @Test(arguments: Kind.allCases) func aCursorGoesOnWhereThePageEndedWhateverStartsMeanwhile(_ kind: Kind) async throws {
        let store = try kind.store()
        let records = Self.sample()
        try await Self.save(records, to: store)
        let first = try await store.executions(ExecutionQuery(limit: 10))
        // Starts at the same instant as the page's end and later, an update, and a deletion.
        let later = (30..<40).map { Self.record($0, machine: Self.machines[0], status: .running, start: Self.epoch.addingTimeInterval(5 + Double($0 - 30) / 2)) }
        try await Self.save(later, to: store)
        var finished = records[4]
        finished.status = .succeeded
        finished.stopDate = Self.epoch.addingTimeInterval(100)
        try await Self.save([finished], to: store)
        let rest = try await Self.all(store, ExecutionQuery(after: first.last!.cursor, limit: 3))
        #expect((first.map(\.item) + rest).map(\.executionArn) == records.reversed().map(\.arn))
        #expect(rest.first { $0.executionArn == finished.arn }?.status == .succeeded, "an update keeps the execution's place")
    }

    @Test(arguments: Kind.allCases) func childrenAreListedByParent(_ kind: Kind) async throws {
        let store = try kind.store()
        let parent = Self.record(0, machine: Self.machines[0], status: .running, start: Self.epoch)
        let children = (1...3).map { Self.record($0, machine: Self.machines[1], status: .succeeded, start: Self.epoch, parent: parent.arn) }
        try await Self.save([parent] + children + [Self.record(9, machine: Self.machines[1], status: .succeeded, start: Self.epoch)], to: store)
        let listed = try await store.executions(ExecutionQuery(parentExecutionArn: parent.arn, limit: .max))
        #expect(listed.map(\.item.executionArn) == children.reversed().map(\.arn))
        #expect(try await store.execution(arn: children[0].arn) == children[0])
        #expect(try await store.execution(arn: parent.arn + "-missing") == nil)
    }

    @Test(arguments: Kind.allCases) func historyPagesForwardAndBackward(_ kind: Kind) async throws {
        let store = try kind.store()
        let record = Self.record(0, machine: Self.machines[0], status: .succeeded, start: Self.epoch)
        try await Self.save([record], to: store, events: 7)
        func ids(_ page: HistoryPage) async throws -> [Int] { try await store.events(executionArn: record.arn, page: page).map(\.id) }
        #expect(try await ids(.all) == Array(1...7))
        #expect(try await ids(HistoryPage(limit: 3)) == [1, 2, 3])
        #expect(try await ids(HistoryPage(after: 3, limit: 3)) == [4, 5, 6])
        #expect(try await ids(HistoryPage(after: 6, limit: 3)) == [7])
        #expect(try await ids(HistoryPage(after: 7, limit: 3)) == [])
        #expect(try await ids(HistoryPage(limit: 3, reverse: true)) == [7, 6, 5])
        #expect(try await ids(HistoryPage(after: 5, limit: 3, reverse: true)) == [4, 3, 2])
        #expect(try await ids(HistoryPage(after: 2, limit: 3, reverse: true)) == [1])
        #expect(try await ids(HistoryPage(after: 1, limit: 3, reverse: true)) == [])
        #expect(try await store.events(executionArn: "missing", page: .all).isEmpty)
    }

    @Test(arguments: Kind.allCases) func deletionTakesOnlyFinishedExecutionsStoppedBeforeTheDate(_ kind: Kind) async throws {
        let store = try kind.store()
        let old = (0..<5).map { Self.record($0, machine: Self.machines[0], status: .succeeded, start: Self.epoch, stop: Self.epoch.addingTimeInterval(Double($0))) }
        let recent = Self.record(5, machine: Self.machines[0], status: .failed, start: Self.epoch, stop: Self.epoch.addingTimeInterval(100))
        let running = Self.record(6, machine: Self.machines[0], status: .running, start: Self.epoch)
        try await Self.save(old + [recent, running], to: store, events: 2)
        let cutoff = Self.epoch.addingTimeInterval(50)
        #expect(try await store.deleteExecutions(stoppedBefore: cutoff, limit: 3) == old.prefix(3).map(\.arn), "oldest stop first, a batch at a time")
        #expect(try await store.deleteExecutions(stoppedBefore: cutoff, limit: 3) == old.suffix(2).map(\.arn))
        #expect(try await store.deleteExecutions(stoppedBefore: cutoff, limit: 3) == [])
        #expect(try await Self.all(store, ExecutionQuery(limit: 10)).map(\.executionArn) == [running.arn, recent.arn])
        for record in old {
            #expect(try await store.execution(arn: record.arn) == nil)
            #expect(try await store.events(executionArn: record.arn).isEmpty)
            #expect(try store.journal(executionArn: record.arn).isEmpty)
        }
        #expect(try await store.events(executionArn: recent.arn).count == 2)
        #expect(try await store.deleteExecutions(stoppedBefore: .distantFuture, limit: 10) == [recent.arn], "never a running one")
        #expect(try await store.execution(arn: running.arn) == running)
    }
}
