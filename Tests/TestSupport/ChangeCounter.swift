import Synchronization

/// Changes that threads announce (output arrived, a process ended), counted so that a task can
/// wait for the next one without polling: read `count`, look at the state, and if it is not
/// what you want, `wait(after:)` that count. A change made after you read the count wakes you
/// even if it came before you started waiting.
public final class ChangeCounter: Sendable {
    private struct State {
        var count = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public var count: Int { state.withLock { $0.count } }

    public func announce() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once the count has passed `seen`, or at once when the calling task is cancelled
    /// (callers check for cancellation to stop waiting).
    public func wait(after seen: Int) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let missed = state.withLock { state -> Bool in
                    guard state.count == seen, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if missed { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
