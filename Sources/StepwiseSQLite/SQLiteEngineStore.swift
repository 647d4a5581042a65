import Foundation
import GRDB
import StepFunctions
import StepwiseEngine

/// The engine's store in a SQLite database (WAL): machines, activities, every execution's
/// record, history and journal. Each execution step is one transaction, so after a crash the
/// database holds every step that completed and nothing of the one that did not; with the
/// journals, `Engine.recover()` resumes running executions exactly where they stood.
///
/// An execution's listed fields (machine, name, status, dates, parent) are columns beside its
/// record, indexed for the listings `executions(_:)` answers, so a listing, a description or a
/// page of history costs the same with a million executions stored as with ten.
public final class SQLiteEngineStore: EngineStore {
    let database: DatabasePool
    let checkpoints: BackgroundCheckpoints

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
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(BackgroundCheckpoints.writerBackstopPages)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(BackgroundCheckpoints.logSizeLimitBytes)")
        }
        try Self.migrator.migrate(database)
        checkpoints = try BackgroundCheckpoints(path: path)
    }

    /// Opens the database `engine.sqlite` in a directory, creating the directory if needed.
    public convenience init(directory: URL, durability: Durability = .normal) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try self.init(path: directory.appendingPathComponent("engine.sqlite").path, durability: durability)
    }

    /// The migrations that only create tables, by the name a database records them under. A
    /// migration never changes once released, so tests build databases of these earlier
    /// schemas from them.
    static let tableMigrations: [(name: String, sql: String)] = [
        (
            "v1",
            """
            CREATE TABLE state_machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
            CREATE TABLE activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
            CREATE TABLE executions (arn TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL);
            CREATE TABLE events (execution TEXT NOT NULL, id INTEGER NOT NULL, event TEXT NOT NULL, PRIMARY KEY (execution, id));
            CREATE TABLE journal (execution TEXT NOT NULL, seq INTEGER NOT NULL, at REAL NOT NULL, entry TEXT NOT NULL,
                                  PRIMARY KEY (execution, seq));
            """
        ),
        (
            "v2: versions, aliases and Map Runs",
            """
            CREATE TABLE state_machine_versions (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
            CREATE TABLE state_machine_aliases (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
            CREATE TABLE map_runs (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
            CREATE TABLE map_run_executions (arn TEXT PRIMARY KEY, map_run TEXT NOT NULL, record TEXT NOT NULL);
            """
        ),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (name, sql) in tableMigrations {
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        // Listed fields as indexed columns, and a sequence that orders executions started at
        // the same instant and never changes (updates keep the row; AUTOINCREMENT never reuses).
        migrator.registerMigration("v2: execution columns") { db in
            try db.execute(sql: """
                CREATE TABLE executions_v2 (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, machine TEXT NOT NULL, name TEXT NOT NULL,
                    status TEXT NOT NULL, start_date REAL NOT NULL, stop_date REAL, parent TEXT, record TEXT NOT NULL);
                """)
            let records = try String.fetchAll(db, sql: "SELECT record FROM executions").map { try decode(ExecutionRecord.self, $0) }
            for record in records.sorted(by: { ($0.startDate, $0.arn) < ($1.startDate, $1.arn) }) {
                // The columns as this migration made them (v3 adds more).
                try db.execute(
                    sql: "INSERT INTO executions_v2 (arn, machine, name, status, start_date, stop_date, parent, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        record.arn, record.stateMachineArn, record.name, record.status.rawValue, record.startDate.timeIntervalSince1970,
                        record.stopDate?.timeIntervalSince1970, record.parent?.executionArn, try encode(record),
                    ])
            }
            try db.execute(sql: """
                DROP TABLE executions;
                ALTER TABLE executions_v2 RENAME TO executions;
                CREATE INDEX executions_by_start ON executions (start_date, seq);
                CREATE INDEX executions_by_machine ON executions (machine, start_date, seq);
                CREATE INDEX executions_by_status ON executions (status, start_date, seq);
                CREATE INDEX executions_by_machine_status ON executions (machine, status, start_date, seq);
                CREATE INDEX executions_by_parent ON executions (parent, start_date, seq) WHERE parent IS NOT NULL;
                CREATE INDEX executions_by_stop ON executions (stop_date) WHERE stop_date IS NOT NULL;
                """)
        }
        // ListExecutions by version, alias and redrives, and a Map Run's children listed as
        // executions are (by start date, then item index); Map Runs by execution, for retention.
        // Filled from the records (dates are seconds since 1970 there too).
        migrator.registerMigration("v3: versions, redrives and Map Run columns") { db in
            try db.execute(sql: """
                ALTER TABLE executions ADD COLUMN version_arn TEXT;
                ALTER TABLE executions ADD COLUMN alias_arn TEXT;
                ALTER TABLE executions ADD COLUMN redrive_count INTEGER;
                ALTER TABLE executions ADD COLUMN redrive_date REAL;
                UPDATE executions SET version_arn = json_extract(record, '$.stateMachineVersionArn'),
                    alias_arn = json_extract(record, '$.stateMachineAliasArn'), redrive_count = json_extract(record, '$.redriveCount'),
                    redrive_date = json_extract(record, '$.redriveDate')
                    WHERE record LIKE '%"stateMachineVersionArn"%' OR record LIKE '%"stateMachineAliasArn"%' OR record LIKE '%"redriveCount"%';
                CREATE INDEX executions_by_version ON executions (version_arn, start_date, seq) WHERE version_arn IS NOT NULL;
                CREATE INDEX executions_by_alias ON executions (alias_arn, start_date, seq) WHERE alias_arn IS NOT NULL;
                ALTER TABLE map_runs ADD COLUMN execution TEXT;
                UPDATE map_runs SET execution = json_extract(record, '$.executionArn');
                CREATE INDEX map_runs_by_execution ON map_runs (execution);
                ALTER TABLE map_run_executions ADD COLUMN idx INTEGER;
                ALTER TABLE map_run_executions ADD COLUMN status TEXT;
                ALTER TABLE map_run_executions ADD COLUMN start_date REAL;
                ALTER TABLE map_run_executions ADD COLUMN redrive_count INTEGER;
                UPDATE map_run_executions SET idx = json_extract(record, '$.index'), status = json_extract(record, '$.status'),
                    start_date = json_extract(record, '$.startDate'), redrive_count = json_extract(record, '$.redriveCount');
                CREATE INDEX map_run_executions_by_start ON map_run_executions (map_run, start_date, idx);
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

    public func commit(_ writes: [StoreWrite]) async throws {
        try await commit(prepared: [prepare(writes)])
    }

    /// Records and events encoded as statements, by each committing caller on its own thread.
    public func prepare(_ writes: [StoreWrite]) throws -> PreparedWrites {
        PreparedWrites(writes, prepared: try writes.flatMap(Self.statements))
    }

    /// One transaction for the whole batch, on GRDB's writer queue (the caller suspends; no
    /// thread of the cooperative pool blocks on the disk). The writer only runs statements it
    /// has compiled before (a cached statement per SQL text) with the prepared arguments.
    public func commit(prepared batch: [PreparedWrites]) async throws {
        let statements = try batch.map { writes in
            guard let statements = writes.prepared as? [(String, StatementArguments)] else { return try writes.writes.flatMap(Self.statements) }
            return statements
        }
        try await database.write { db in
            for (sql, arguments) in statements.joined() { try db.cachedStatement(sql: sql).execute(arguments: arguments) }
        }
        checkpoints.committed()
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
            return [(
                "INSERT OR REPLACE INTO map_runs (arn, execution, record) VALUES (?, ?, ?)", [record.arn, record.executionArn, try encode(record)]
            )]
        case .saveMapRunExecution(let record):
            return [(
                """
                INSERT OR REPLACE INTO map_run_executions (arn, map_run, idx, status, start_date, redrive_count, record)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    record.arn, record.mapRunArn, record.index, record.status.rawValue, record.startDate.timeIntervalSince1970, record.redriveCount,
                    try encode(record),
                ]
            )]
        case .step(let step):
            var statements: [(String, StatementArguments)] = []
            if let record = step.record {
                // An upsert, not a replace: the row, and so its sequence, stays.
                statements.append((
                    """
                    INSERT INTO executions \(executionColumns)
                    ON CONFLICT (arn) DO UPDATE SET status = excluded.status, stop_date = excluded.stop_date,
                        redrive_count = excluded.redrive_count, redrive_date = excluded.redrive_date, record = excluded.record
                    """,
                    try executionArguments(record)))
            }
            // Up to `eventsPerInsert` events per statement: one statement's overhead instead of one per event.
            for start in stride(from: 0, to: step.events.count, by: eventsPerInsert) {
                let events = step.events[start..<min(start + eventsPerInsert, step.events.count)]
                var arguments: StatementArguments = []
                for event in events { arguments += [step.executionArn, event.id, event.storedJSON] }
                statements.append((eventInserts[events.count], arguments))
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

    static let eventsPerInsert = 32

    /// `INSERT INTO events` of 1…`eventsPerInsert` rows, by row count (each a cached statement).
    static let eventInserts: [String] = (0...eventsPerInsert).map { rows in
        "INSERT INTO events (execution, id, event) VALUES " + Array(repeating: "(?, ?, ?)", count: rows).joined(separator: ", ")
    }

    static let executionColumns = """
        (arn, machine, name, status, start_date, stop_date, parent, version_arn, alias_arn, redrive_count, redrive_date, record)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func executionArguments(_ record: ExecutionRecord) throws -> StatementArguments {
        [
            record.arn, record.stateMachineArn, record.name, record.status.rawValue, record.startDate.timeIntervalSince1970,
            record.stopDate?.timeIntervalSince1970, record.parent?.executionArn, record.stateMachineVersionArn, record.stateMachineAliasArn,
            record.redriveCount, record.redriveDate?.timeIntervalSince1970, try encode(record),
        ]
    }

    public func execution(arn: String) async throws -> ExecutionRecord? {
        try await database.read { db in try String.fetchOne(db, sql: "SELECT record FROM executions WHERE arn = ?", arguments: [arn]) }
            .map { try Self.decode(ExecutionRecord.self, $0) }
    }

    public func executions(_ query: ExecutionQuery) async throws -> [ListedExecution] {
        if query.mapRunArn != nil { return try await mapRunExecutions(query) }
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let version = query.stateMachineVersionArn {
            conditions.append("version_arn = ?")
            arguments += [version]
        }
        if let alias = query.stateMachineAliasArn {
            conditions.append("alias_arn = ?")
            arguments += [alias]
        }
        if let redriven = Self.redriveCondition(query.redriveFilter) { conditions.append(redriven) }
        if let machine = query.stateMachineArn {
            conditions.append("machine = ?")
            arguments += [machine]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let parent = query.parentExecutionArn {
            conditions.append("parent = ?")
            arguments += [parent]
        }
        if let after = query.after {
            conditions.append("(start_date, seq) < (?, ?)")
            arguments += [after.startDate, after.sequence]
        }
        arguments += [Int64(clamping: query.limit)]
        let sql = """
            SELECT seq, arn, machine, name, status, start_date, stop_date, version_arn, alias_arn, redrive_count, redrive_date FROM executions
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY start_date DESC, seq DESC LIMIT ?
            """
        return try await database.read { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let status: String = row["status"]
                guard let parsed = ExecutionStatus(rawValue: status) else { throw CorruptRow(table: "executions", text: "status \(status)") }
                let start: Double = row["start_date"]
                let stop: Double? = row["stop_date"]
                var item = ExecutionListItem(
                    executionArn: row["arn"], stateMachineArn: row["machine"], name: row["name"], status: parsed,
                    startDate: Date(timeIntervalSince1970: start), stopDate: stop.map(Date.init(timeIntervalSince1970:)))
                item.stateMachineVersionArn = row["version_arn"]
                item.stateMachineAliasArn = row["alias_arn"]
                let redriveCount: Int? = row["redrive_count"]
                item.redriveCount = redriveCount ?? 0
                let redriveDate: Double? = row["redrive_date"]
                item.redriveDate = redriveDate.map(Date.init(timeIntervalSince1970:))
                return ListedExecution(item: item, cursor: ExecutionCursor(startDate: start, sequence: row["seq"]))
            }
        }
    }

    /// ListExecutions' `redriveFilter` as a condition on `redrive_count`.
    private static func redriveCondition(_ filter: ExecutionRedriveFilter?) -> String? {
        switch filter {
        case nil: return nil
        case .redriven?: return "COALESCE(redrive_count, 0) > 0"
        case .notRedriven?: return "COALESCE(redrive_count, 0) = 0"
        }
    }

    /// A Map Run's child workflow executions, newest first (by start date, then item index).
    private func mapRunExecutions(_ query: ExecutionQuery) async throws -> [ListedExecution] {
        guard let mapRunArn = query.mapRunArn, query.stateMachineArn == nil, query.stateMachineVersionArn == nil,
            query.stateMachineAliasArn == nil, query.parentExecutionArn == nil
        else { return [] }
        var conditions = ["map_run = ?"]
        var arguments: StatementArguments = [mapRunArn]
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let redriven = Self.redriveCondition(query.redriveFilter) { conditions.append(redriven) }
        if let after = query.after {
            conditions.append("(start_date, idx) < (?, ?)")
            arguments += [after.startDate, after.sequence]
        }
        arguments += [Int64(clamping: query.limit)]
        let sql = """
            SELECT idx, start_date, record FROM map_run_executions WHERE \(conditions.joined(separator: " AND "))
            ORDER BY start_date DESC, idx DESC LIMIT ?
            """
        return try await database.read { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let child = try Self.decode(MapRunExecutionRecord.self, row["record"])
                return ListedExecution(item: child.listItem, cursor: ExecutionCursor(startDate: row["start_date"], sequence: row["idx"]))
            }
        }
    }

    public func events(executionArn: String, page: HistoryPage) async throws -> [RecordedEvent] {
        var sql = "SELECT event FROM events WHERE execution = ?"
        var arguments: StatementArguments = [executionArn]
        if let after = page.after {
            sql += page.reverse ? " AND id < ?" : " AND id > ?"
            arguments += [after]
        }
        sql += page.reverse ? " ORDER BY id DESC LIMIT ?" : " ORDER BY id LIMIT ?"
        arguments += [Int64(clamping: page.limit)]
        return try await database.read { [sql, arguments] db in try String.fetchAll(db, sql: sql, arguments: arguments) }.map { text in
            guard let event = RecordedEvent(storedJSON: text) else { throw CorruptRow(table: "events", text: text) }
            return event
        }
    }

    public func deleteExecutions(stoppedBefore date: Date, limit: Int) async throws -> [String] {
        try await database.write { db in
            let arns = try String.fetchAll(
                db, sql: "SELECT arn FROM executions WHERE stop_date < ? AND status != ? ORDER BY stop_date LIMIT ?",
                arguments: [date.timeIntervalSince1970, ExecutionStatus.running.rawValue, Int64(clamping: limit)])
            for arn in arns {
                try db.execute(
                    sql: "DELETE FROM map_run_executions WHERE map_run IN (SELECT arn FROM map_runs WHERE execution = ?)", arguments: [arn])
                try db.execute(sql: "DELETE FROM map_runs WHERE execution = ?", arguments: [arn])
                try db.execute(sql: "DELETE FROM events WHERE execution = ?", arguments: [arn])
                try db.execute(sql: "DELETE FROM journal WHERE execution = ?", arguments: [arn])
                try db.execute(sql: "DELETE FROM executions WHERE arn = ?", arguments: [arn])
            }
            return arns
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

    public func loadStateMachineVersions() throws -> [StateMachineVersionRecord] { try load(StateMachineVersionRecord.self, from: "state_machine_versions") }
    public func loadStateMachineAliases() throws -> [StateMachineAliasRecord] { try load(StateMachineAliasRecord.self, from: "state_machine_aliases") }
    public func loadRunningMapRuns() throws -> [StoredMapRun] {
        try database.read { db in
            try Self.mapRuns(db, where: "execution IN (SELECT arn FROM executions WHERE status = ?)", [ExecutionStatus.running.rawValue])
        }
    }

    public func mapRuns(executionArn: String) async throws -> [StoredMapRun] {
        try await database.read { db in try Self.mapRuns(db, where: "execution = ?", [executionArn]) }
    }

    public func mapRun(arn: String) async throws -> StoredMapRun? {
        try await database.read { db in try Self.mapRuns(db, where: "arn = ?", [arn]).first }
    }

    public func mapRunExecution(arn: String) async throws -> MapRunExecutionRecord? {
        try await database.read { db in try String.fetchOne(db, sql: "SELECT record FROM map_run_executions WHERE arn = ?", arguments: [arn]) }
            .map { try Self.decode(MapRunExecutionRecord.self, $0) }
    }

    /// The Map Runs a condition on `map_runs` selects, in start order, each with its children.
    private static func mapRuns(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> [StoredMapRun] {
        let records = try String.fetchAll(db, sql: "SELECT record FROM map_runs WHERE \(condition)", arguments: arguments)
            .map { try decode(MapRunRecord.self, $0) }.sorted { ($0.startDate, $0.arn) < ($1.startDate, $1.arn) }
        return try records.map { record in
            let children = try String.fetchAll(db, sql: "SELECT record FROM map_run_executions WHERE map_run = ? ORDER BY idx", arguments: [record.arn])
            return StoredMapRun(record: record, children: try children.map { try decode(MapRunExecutionRecord.self, $0) })
        }
    }

    /// Every record of a table (the table names are this file's own).
    private func load<Record: Decodable>(_ type: Record.Type, from table: String) throws -> [Record] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT record FROM \(table)") }.map { try Self.decode(type, $0) }
    }
}
