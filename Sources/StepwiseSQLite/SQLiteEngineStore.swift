import Foundation
import GRDB
import StepFunctions
import StepwiseEngine

/// The engine's store in a SQLite database (WAL): machines, activities, every execution's
/// record, history and journal. Each execution step is one transaction, so after a crash the
/// database holds every step that completed and nothing of the one that did not; with the
/// journals, `Engine.recover()` resumes running executions exactly where they stood.
public final class SQLiteEngineStore: EngineStore {
    let database: DatabasePool

    /// What a committed step survives: SQLite's `synchronous` setting, in WAL mode.
    public enum Durability: String, Sendable, CaseIterable {
        /// `NORMAL`: a killed process loses nothing committed (the OS has the data); a power
        /// loss or OS crash may lose the last committed steps, never corrupt the database. No
        /// fsync per commit, only at checkpoints.
        case normal
        /// `FULL`: committed steps survive power loss too, at the cost of an fsync per commit.
        case full
    }

    /// Opens (creating if needed) the database at `path`.
    public init(path: String, durability: Durability = .normal) throws {
        database = try DatabasePool(path: path)
        markers = try FileStepMarkers(path: path + ".steps")
        // Set on the pool's one writer connection, after GRDB's WAL setup, which sets NORMAL
        // (a pragma in `prepareDatabase` would be overridden).
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.rawValue.uppercased())")
        }
        try Self.migrator.migrate(database)
    }

    /// Opens the database `engine.sqlite` in a directory, creating the directory if needed.
    public convenience init(directory: URL, durability: Durability = .normal) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try self.init(path: directory.appendingPathComponent("engine.sqlite").path, durability: durability)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE state_machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
                CREATE TABLE activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
                CREATE TABLE executions (arn TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL);
                CREATE TABLE events (execution TEXT NOT NULL, id INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (execution, id));
                CREATE TABLE journal (execution TEXT NOT NULL, seq INTEGER NOT NULL, at REAL NOT NULL, entry TEXT NOT NULL,
                                      PRIMARY KEY (execution, seq));
                """)
        }
        migrator.registerMigration("v2: versions, aliases and Map Runs") { db in
            try db.execute(sql: """
                CREATE TABLE state_machine_versions (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
                CREATE TABLE state_machine_aliases (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
                CREATE TABLE map_runs (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
                CREATE TABLE map_run_executions (arn TEXT PRIMARY KEY, map_run TEXT NOT NULL, record TEXT NOT NULL);
                """)
        }
        return migrator
    }

    public var keepsJournal: Bool { true }

    /// Beside the database: `engine.sqlite.steps`.
    public var stepMarkers: (any StepMarkers)? { markers }
    private let markers: FileStepMarkers

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try WireCoding.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try WireCoding.decode(type, from: Data(text.utf8))
    }

    /// One transaction for the whole batch, on GRDB's writer queue (the caller suspends; no
    /// thread of the cooperative pool blocks on the disk). Records and events are encoded
    /// before the transaction, so the writer holds the database only for the inserts.
    public func commit(_ writes: [StoreWrite]) async throws {
        let statements = try writes.flatMap(Self.statements)
        try await database.write { db in
            for (sql, arguments) in statements { try db.execute(sql: sql, arguments: arguments) }
        }
    }

    private static func statements(_ write: StoreWrite) throws -> [(String, StatementArguments)] {
        switch write {
        case .saveStateMachine(let record):
            return [("INSERT OR REPLACE INTO state_machines (arn, record) VALUES (?, ?)", [record.arn, try encode(record)])]
        case .deleteStateMachine(let arn):
            return [("DELETE FROM state_machines WHERE arn = ?", [arn])]
        case .saveActivity(let record):
            return [("INSERT OR REPLACE INTO activities (arn, record) VALUES (?, ?)", [record.arn, try encode(record)])]
        case .deleteActivity(let arn):
            return [("DELETE FROM activities WHERE arn = ?", [arn])]
        case .saveStateMachineVersion(let record):
            return [("INSERT OR REPLACE INTO state_machine_versions (arn, record) VALUES (?, ?)", [record.arn, try encode(record)])]
        case .deleteStateMachineVersion(let arn):
            return [("DELETE FROM state_machine_versions WHERE arn = ?", [arn])]
        case .saveStateMachineAlias(let record):
            return [("INSERT OR REPLACE INTO state_machine_aliases (arn, record) VALUES (?, ?)", [record.arn, try encode(record)])]
        case .deleteStateMachineAlias(let arn):
            return [("DELETE FROM state_machine_aliases WHERE arn = ?", [arn])]
        case .saveMapRun(let record):
            return [("INSERT OR REPLACE INTO map_runs (arn, record) VALUES (?, ?)", [record.arn, try encode(record)])]
        case .saveMapRunExecution(let record):
            return [(
                "INSERT OR REPLACE INTO map_run_executions (arn, map_run, record) VALUES (?, ?, ?)",
                [record.arn, record.mapRunArn, try encode(record)]
            )]
        case .step(let step):
            var statements: [(String, StatementArguments)] = []
            if let record = step.record {
                statements.append((
                    "INSERT OR REPLACE INTO executions (arn, status, record) VALUES (?, ?, ?)",
                    [step.executionArn, record.status.rawValue, try encode(record)]))
            }
            for event in step.events {
                statements.append(("INSERT INTO events (execution, id, event) VALUES (?, ?, ?)", [step.executionArn, event.id, event.storedJSON]))
            }
            if let entry = step.journal {
                statements.append((
                    """
                    INSERT INTO journal (execution, seq, at, entry)
                    VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal WHERE execution = ?), ?, ?)
                    """,
                    [step.executionArn, step.executionArn, entry.date.timeIntervalSince1970, entry.payload]))
            }
            return statements
        }
    }

    public func events(executionArn: String) async throws -> [RecordedEvent] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT event FROM events WHERE execution = ? ORDER BY id", arguments: [executionArn])
        }.map { text in
            guard let event = RecordedEvent(storedJSON: text) else { throw CorruptRow(table: "events", text: text) }
            return event
        }
    }

    /// A row this version cannot read: reported, never skipped.
    public struct CorruptRow: Error, CustomStringConvertible {
        public let table: String
        public let text: String
        public var description: String { "unreadable row in \(table): \(text.prefix(200))" }
    }

    public func journal(executionArn: String) throws -> [JournalEntry] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT at, entry FROM journal WHERE execution = ? ORDER BY seq", arguments: [executionArn])
        }.map { JournalEntry(date: Date(timeIntervalSince1970: $0["at"]), payload: $0["entry"]) }
    }

    public func loadStateMachines() throws -> [StateMachineRecord] { try load(StateMachineRecord.self, from: "state_machines") }
    public func loadActivities() throws -> [ActivityRecord] { try load(ActivityRecord.self, from: "activities") }

    public func loadExecutions() throws -> [ExecutionRecord] { try load(ExecutionRecord.self, from: "executions") }
    public func loadStateMachineVersions() throws -> [StateMachineVersionRecord] { try load(StateMachineVersionRecord.self, from: "state_machine_versions") }
    public func loadStateMachineAliases() throws -> [StateMachineAliasRecord] { try load(StateMachineAliasRecord.self, from: "state_machine_aliases") }
    public func loadMapRuns() throws -> [MapRunRecord] { try load(MapRunRecord.self, from: "map_runs") }
    public func loadMapRunExecutions() throws -> [MapRunExecutionRecord] { try load(MapRunExecutionRecord.self, from: "map_run_executions") }

    /// Every record of a table (the table names are this file's own).
    private func load<Record: Decodable>(_ type: Record.Type, from table: String) throws -> [Record] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT record FROM \(table)") }.map { try Self.decode(type, $0) }
    }
}
