import Foundation
import GRDB
import Testing

@testable import StepwiseEngine
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

/// Checkpoints run beside the writer, on a connection of their own, so that no commit waits for
/// one; the writer keeps only a distant backstop.
@Suite(.timeLimit(.minutes(5))) struct CheckpointTests {
    @Test func theLogIsCopiedIntoTheDatabaseBesideTheWriter() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
        let store = try SQLiteEngineStore(path: path)
        let backstop = try await store.database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") }
        #expect(backstop == BackgroundCheckpoints.writerBackstopPages)
        for number in 0..<BackgroundCheckpoints.commitsBetween {
            let record = ActivityRecord(arn: "arn:aws:states:us-east-1:123456789012:activity:a\(number)", name: "a\(number)", creationDate: Date(), tags: [])
            try await store.commit([.saveActivity(record)])
        }
        var outcomes = store.checkpoints.finished.makeAsyncIterator()
        let outcome = try #require(await outcomes.next())
        #expect(outcome.logFrames > 0)
        #expect(outcome.copiedFrames == outcome.logFrames, "with no commit beside it, the whole log is copied")
        #expect(try store.loadActivities().count == BackgroundCheckpoints.commitsBetween)
    }
}
