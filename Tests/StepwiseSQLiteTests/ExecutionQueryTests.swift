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

    /// A step's events are inserted several rows to a statement: counts around the statement's
    /// size come back whole and in order.
    @Test(arguments: Kind.allCases, [1, 31, 32, 33, 65, 100]) func everyEventOfALargeStepIsStored(_ kind: Kind, _ count: Int) async throws {
        let store = try kind.store()
        let record = Self.record(0, machine: Self.machines[0], status: .succeeded, start: Self.epoch)
        try await Self.save([record], to: store, events: count)
        #expect(try await store.events(executionArn: record.arn, page: .all).map(\.id) == Array(1...count))
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

    @Test(arguments: Kind.allCases) func versionsAliasesAndRedrivesAreFilteredAndListed(_ kind: Kind) async throws {
        let store = try kind.store()
        let version = Self.machines[0] + ":1"
        let alias = Self.machines[0] + ":live"
        let records = Self.sample().enumerated().map { n, record in
            var record = record
            if n % 3 != 2 { record.stateMachineVersionArn = version }
            if n % 3 == 0 { record.stateMachineAliasArn = alias }
            if n % 4 == 1 {
                record.redriveCount = n
                record.redriveDate = Self.epoch.addingTimeInterval(Double(1000 + n))
            }
            return record
        }
        try await Self.save(records, to: store)
        let newestFirst = Array(records.reversed())
        let queries = [
            ExecutionQuery(stateMachineVersionArn: version, limit: 4), ExecutionQuery(stateMachineAliasArn: alias, status: .succeeded, limit: 4),
            ExecutionQuery(redriveFilter: .redriven, limit: 4), ExecutionQuery(stateMachineVersionArn: version, redriveFilter: .notRedriven, limit: 3),
        ]
        for query in queries {
            let expected = newestFirst.filter { query.matches($0) }.map(\.listItem)
            #expect(!expected.isEmpty)
            #expect(try await Self.all(store, query) == expected, "\(query)")
        }
        let listed = try await Self.all(store, ExecutionQuery(redriveFilter: .redriven, limit: 100))
        #expect(listed.allSatisfy { ($0.redriveCount ?? 0) > 0 && $0.redriveDate != nil })
    }

    @Test(arguments: Kind.allCases) func aMapRunsChildrenAreListedAndDeletedWithTheirExecution(_ kind: Kind) async throws {
        let store = try kind.store()
        let parent = Self.record(0, machine: Self.machines[0], status: .failed, start: Self.epoch, stop: Self.epoch.addingTimeInterval(10))
        let other = Self.record(1, machine: Self.machines[0], status: .failed, start: Self.epoch, stop: Self.epoch.addingTimeInterval(100))
        try await Self.save([parent, other], to: store)
        func run(_ execution: ExecutionRecord) -> MapRunRecord {
            MapRunRecord(
                arn: execution.stateMachineArn.replacingOccurrences(of: ":stateMachine:", with: ":mapRun:") + "/Map:\(execution.name)-1",
                executionArn: execution.arn, status: .failed,
                startDate: Self.epoch, stopDate: Self.epoch.addingTimeInterval(5), itemCount: 7, maxConcurrency: 0)
        }
        let runs = [run(parent), run(other)]
        let statuses: [ExecutionStatus] = [.succeeded, .failed, .aborted]
        func child(_ run: MapRunRecord, _ index: Int) -> MapRunExecutionRecord {
            let redriven = index == 4
            return MapRunExecutionRecord(
                arn: MapRunRegistry.childArn(mapRunArn: run.arn, index: index), mapRunArn: run.arn, index: index, status: statuses[index % 3],
                startDate: Self.epoch.addingTimeInterval(Double(index / 3)), stopDate: Self.epoch.addingTimeInterval(5), input: "{}",
                redriveCount: redriven ? 1 : nil, redriveDate: redriven ? Self.epoch.addingTimeInterval(4) : nil)
        }
        let children: [MapRunExecutionRecord] = runs.flatMap { run in (0..<7).map { child(run, $0) } }
        let writes: [StoreWrite] = runs.map { StoreWrite.saveMapRun($0) } + children.map { StoreWrite.saveMapRunExecution($0) }
        try await store.commit(writes)
        let mine = children.filter { $0.mapRunArn == runs[0].arn }
        // Newest first: by start date, then the higher index first.
        let newestFirst = mine.sorted { ($0.startDate, $0.index) > ($1.startDate, $1.index) }
        for query in [
            ExecutionQuery(mapRunArn: runs[0].arn, limit: 2), ExecutionQuery(mapRunArn: runs[0].arn, status: .failed, limit: 1),
            ExecutionQuery(mapRunArn: runs[0].arn, redriveFilter: .redriven, limit: 5),
        ] {
            let expected = newestFirst.filter { query.matches($0) }.map { $0.listItem }
            #expect(!expected.isEmpty)
            #expect(try await Self.all(store, query) == expected, "\(query)")
        }
        let item = try #require(try await store.executions(ExecutionQuery(mapRunArn: runs[0].arn, limit: 1)).first?.item)
        #expect(item.mapRunArn == runs[0].arn && item.itemCount == 1 && item.stateMachineArn.hasSuffix(":stateMachine:a/Map"))
        #expect(try await store.executions(ExecutionQuery(limit: 10)).count == 2, "children are not listed as executions")

        let others = StoredMapRun(record: runs[1], children: children.filter { $0.mapRunArn == runs[1].arn })
        #expect(try await store.mapRuns(executionArn: other.arn) == [others])
        #expect(try await store.mapRun(arn: runs[0].arn)?.children == mine)
        #expect(try await store.mapRunExecution(arn: mine[3].arn) == mine[3])
        #expect(try store.loadRunningMapRuns().isEmpty, "both executions have ended")

        #expect(try await store.deleteExecutions(stoppedBefore: Self.epoch.addingTimeInterval(50), limit: 10) == [parent.arn])
        #expect(try await store.mapRuns(executionArn: parent.arn).isEmpty)
        #expect(try await store.mapRun(arn: runs[0].arn) == nil)
        #expect(try await store.mapRunExecution(arn: mine[3].arn) == nil)
        #expect(try await store.mapRuns(executionArn: other.arn) == [others])
        #expect(try await store.executions(ExecutionQuery(mapRunArn: runs[0].arn, limit: 10)).isEmpty)
    }
}
