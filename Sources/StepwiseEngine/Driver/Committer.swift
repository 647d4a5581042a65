import DequeModule

/// Group commit: the writes of everything that happens while a commit is in flight are stored
/// together in the next one, so many executions' steps share one transaction. Each caller
/// prepares its own writes first (see `EngineStore.prepare`), concurrently with the others, and
/// returns once the transaction holding them has committed. The first caller to find no commit
/// in flight leads one batch; when it is done it hands the lead to a caller whose writes wait
/// in the next batch, so nobody commits on others' behalf for long.
actor Committer {
    private enum Turn {
        case committed
        case lead
    }

    private struct Waiting {
        var writes: PreparedWrites
        var continuation: CheckedContinuation<Turn, any Error>?
    }

    let store: any EngineStore
    private var waiting = Deque<Waiting>()
    private var committing = false
    private var queueWatchers: [(count: Int, answer: Answer<Void>)] = []

    init(store: any EngineStore) {
        self.store = store
    }

    /// Off the caller's actor (the engine's), so that preparing does not hold it.
    @concurrent nonisolated func commit(_ writes: [StoreWrite]) async throws {
        try await commit(prepared: try store.prepare(writes))
    }

    private func commit(prepared writes: PreparedWrites) async throws {
        if committing {
            let turn = try await withCheckedThrowingContinuation { continuation in
                waiting.append(Waiting(writes: writes, continuation: continuation))
                notifyQueueWatchers()
            }
            if case .committed = turn { return }
        } else {
            committing = true
            waiting.append(Waiting(writes: writes, continuation: nil))
        }
        // Leading: our writes are first in line; take everything gathered so far.
        let batch = waiting
        waiting.removeAll()
        do {
            try await store.commit(prepared: batch.map(\.writes))
        } catch {
            for member in batch { member.continuation?.resume(throwing: error) }
            handOver()
            throw error
        }
        for member in batch { member.continuation?.resume(returning: .committed) }
        handOver()
    }

    /// Returns once at least `count` callers wait behind the commit in flight: how a test knows
    /// that the writes it sent will share the next transaction.
    func callersWaiting(_ count: Int) async {
        guard waiting.count < count else { return }
        let answer = Answer<Void>()
        queueWatchers.append((count, answer))
        await answer.wait()
    }

    private func notifyQueueWatchers() {
        queueWatchers.removeAll { watcher in
            guard watcher.count <= waiting.count else { return false }
            watcher.answer.give(())
            return true
        }
    }

    /// Passes the lead to the first caller of the next batch, or stops committing.
    private func handOver() {
        guard let next = waiting.first else {
            committing = false
            return
        }
        waiting[0].continuation = nil
        next.continuation?.resume(returning: .lead)
    }
}
