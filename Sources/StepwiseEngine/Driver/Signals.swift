import Synchronization

/// A one-shot answer to a suspended caller that more than one party may try to give: the
/// engine (a task for a long poll, the end of its window) and the caller's own cancellation.
/// The first answer wins; later ones are ignored. Lock-protected rather than actor-isolated so
/// that a cancellation handler, which cannot await, answers at once.
final class Answer<Value: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Value, Never>?)
        /// Answered before the caller parked (a cancellation that came first).
        case answeredEarly(Value)
        case done
    }

    private let state = Mutex(State.waiting(nil))

    /// Suspends until answered.
    func wait() async -> Value {
        await withCheckedContinuation { continuation in
            let early = state.withLock { state -> Value? in
                switch state {
                case .answeredEarly(let value):
                    state = .done
                    return value
                case .waiting:
                    state = .waiting(continuation)
                    return nil
                case .done:
                    preconditionFailure("an Answer is waited for once")
                }
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    /// Answers the caller if nobody has yet; returns whether this answer was the one taken.
    @discardableResult
    func give(_ value: Value) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<Value, Never>?? in
            switch state {
            case .waiting(let continuation?):
                state = .done
                return continuation
            case .waiting(nil):
                state = .answeredEarly(value)
                return .some(nil)
            case .answeredEarly, .done:
                return nil
            }
        }
        guard let continuation else { return false }
        continuation?.resume(returning: value)
        return true
    }

    var isAnswered: Bool {
        state.withLock { state in
            if case .waiting = state { return false }
            return true
        }
    }
}

/// Wakes the engine's timer loop early (a timer earlier than the one it sleeps for was armed)
/// or ends a wait when cancelled. A signal given while nobody waits is kept for the next wait.
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when signalled (at once if a signal is pending) or when the task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
    }
}
