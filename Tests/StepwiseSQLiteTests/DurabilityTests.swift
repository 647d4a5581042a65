import Foundation
import GRDB
import Testing

@testable import StepwiseSQLite

/// `--durability`: the writer connection really runs with the `synchronous` setting asked for.
@Suite struct DurabilityTests {
    @Test(arguments: [(SQLiteEngineStore.Durability.normal, 1), (.full, 2)])
    func theWriterUsesTheRequestedSynchronousSetting(_ durability: SQLiteEngineStore.Durability, _ pragma: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
        let store = try SQLiteEngineStore(path: path, durability: durability)
        #expect(try store.database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == pragma)
        #expect(try store.database.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }
}
