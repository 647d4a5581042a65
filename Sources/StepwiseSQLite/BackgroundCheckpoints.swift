import GRDB
import Synchronization

/// Copies the write-ahead log into the database from a connection of its own, so that a
/// commit never waits for a checkpoint and its fsync: SQLite's automatic checkpoint runs inside
/// the commit that crosses its threshold, which put a few milliseconds on one answer in a few
/// hundred. The automatic one stays, far above, as a backstop should these fall behind.
final class BackgroundCheckpoints: Sendable {
    /// The writer's own automatic checkpoint threshold (SQLite's default is 1,000 pages). Under
    /// steady load the log keeps growing behind the background checkpoints, which never find
    /// it fully copied while commits go on, until this one (with little left to copy) lets the
    /// writer start the log over.
    static let writerBackstopPages = 8_000
    /// What the log file is cut back to when it starts over (SQLite keeps its largest size).
    static let logSizeLimitBytes = 8_000 * 4_096
    /// Commits between two background checkpoints: a few hundred pages of log at most.
    static let commitsBetween = 32

    private let connection: DatabaseQueue
    private let state = Mutex(State())
    /// Each background checkpoint's outcome (the newest one kept), for tests to wait on.
    let finished: AsyncStream<Outcome>
    private let finish: AsyncStream<Outcome>.Continuation

    struct Outcome: Sendable, Equatable {
        /// Frames in the log, and frames of it copied into the database; -1 when it could not run.
        var logFrames: Int
        var copiedFrames: Int
    }

    private struct State {
        var commitsSince = 0
        var running = false
    }

    init(path: String) throws {
        connection = try DatabaseQueue(path: path)
        (finished, finish) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Called after each commit; starts a passive checkpoint (one that takes no lock a commit
    /// needs) on the connection's own queue every `commitsBetween` commits, unless one runs.
    func committed() {
        let start = state.withLock { state in
            state.commitsSince += 1
            guard state.commitsSince >= Self.commitsBetween, !state.running else { return false }
            state = State(commitsSince: 0, running: true)
            return true
        }
        guard start else { return }
        connection.asyncWriteWithoutTransaction { db in
            // A checkpoint that cannot run now (the writer's backstop is running one) is made
            // up by the next: nothing is lost either way, the log is only copied later.
            let frames = try? db.checkpoint(.passive)
            self.state.withLock { $0.running = false }
            self.finish.yield(Outcome(logFrames: frames?.walFrameCount ?? -1, copiedFrames: frames?.checkpointedFrameCount ?? -1))
        }
    }
}
