import DequeModule

/// Group commit: the writes of everything that happens while a commit is in flight are stored
/// together in the next one, so many executions' steps share one transaction. Each caller
/// returns once the transaction holding its writes has committed. The first caller to find no
/// commit in flight leads one batch; when it is done it hands the lead to a caller whose writes
/// wait in the next batch, so nobody commits on others' behalf for long.
actor Committer {
    private enum Turn {
        case committed
        case lead
    }

    private struct Waiting {
        var writes: [StoreWrite]
        var continuation: CheckedContinuation<Turn, any Error>?
    }

    let store: any EngineStore
    private var waiting = Deque<Waiting>()
    private var committing = false

    init(store: any EngineStore) {
        self.store = store
    }

    func commit(_ writes: [StoreWrite]) async throws {
        if committing {
            let turn = try await withCheckedThrowingContinuation { continuation in
                waiting.append(Waiting(writes: writes, continuation: continuation))
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
            try await store.commit(batch.flatMap(\.writes))
        } catch {
            for member in batch { member.continuation?.resume(throwing: error) }
            handOver()
            throw error
        }
        for member in batch { member.continuation?.resume(returning: .committed) }
        handOver()
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
