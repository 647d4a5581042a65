import Foundation
import Synchronization

/// Where the engine gets time from. Injected so that tests of Wait, Retry and timeouts run
/// instantly with `ManualClock`, while real use runs on `SystemClock`.
public protocol EngineClock: Sendable {
    func now() -> Date
    /// Returns at (or after) `deadline`; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

public struct SystemClock: EngineClock {
    public init() {}
    public func now() -> Date { Date() }
    /// Sleeps in steps of at most an hour: a deadline centuries away (a Wait's `SecondsPath`
    /// comes from user data) must not overflow the nanosecond count.
    public func sleep(until deadline: Date) async throws {
        while case let interval = deadline.timeIntervalSinceNow, interval > 0 {
            try await Task.sleep(nanoseconds: Self.nanoseconds(toSleepFor: interval))
        }
        try Task.checkCancellation()
    }

    /// One step of a sleep: the interval, at most an hour, in nanoseconds.
    static func nanoseconds(toSleepFor interval: TimeInterval) -> UInt64 {
        UInt64(min(interval, 3600) * 1_000_000_000)
    }
}

/// A clock that only moves when told to. Sleepers wake, in deadline order, when `advance`
/// passes their deadline; `advanceToNextDeadline` jumps straight to the earliest one.
public final class ManualClock: EngineClock {
    struct Sleeper {
        let id: UInt64
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var now: Date
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        /// Callers of `waitForSleepers`, with the count each waits for.
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        /// Sleeps cancelled before they had parked (their cancellation handler ran first).
        var cancelledEarly: Set<UInt64> = []
    }

    private let state: Mutex<State>

    public init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        state = Mutex(State(now: start))
    }

    public func now() -> Date { state.withLock { $0.now } }

    /// The earliest deadline anyone is sleeping until.
    public var nextDeadline: Date? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { s -> Result<Void, any Error>? in
                    if s.cancelledEarly.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= s.now { return .success(()) }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) } else { notifyWatchers() }
            }
        } onCancel: {
            let sleeper = state.withLock { s -> Sleeper? in
                guard let index = s.sleepers.firstIndex(where: { $0.id == id }) else {
                    s.cancelledEarly.insert(id)
                    return nil
                }
                return s.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns once at least `count` sleepers are parked: how a test knows that something it
    /// started has gone to sleep on this clock.
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { s -> Bool in
                guard s.sleepers.count < count else { return true }
                s.watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func notifyWatchers() {
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            let parked = s.sleepers.count
            let ready = s.watchers.filter { $0.count <= parked }.map(\.continuation)
            s.watchers.removeAll { $0.count <= parked }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Moves time forward and wakes every sleeper whose deadline has passed.
    public func advance(by seconds: TimeInterval) {
        advance(to: now().addingTimeInterval(seconds))
    }

    public func advance(to date: Date) {
        let due = state.withLock { s -> [Sleeper] in
            if date > s.now { s.now = date }
            let due = s.sleepers.filter { $0.deadline <= s.now }.sorted { $0.deadline < $1.deadline }
            s.sleepers.removeAll { $0.deadline <= s.now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Jumps to the earliest sleeper's deadline (if any) and wakes it; returns whether it did.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let next = nextDeadline else { return false }
        advance(to: next)
        return true
    }
}

/// Virtual time: a clock the engine moves itself. Whenever nothing is in flight (no event being
/// handled, no handler at work, no activity task held by a worker), the engine jumps it to the
/// next timer, so Wait states, Retry backoff, heartbeats and timeouts take no real time: a
/// machine that waits a day finishes at once, with history timestamps in virtual time.
public final class VirtualClock: EngineClock {
    private let base: ManualClock

    /// Starts at `start` (by default the real time now).
    public init(start: Date = Date()) {
        base = ManualClock(start: start)
    }

    public func now() -> Date { base.now() }

    /// Anything else sleeping on this clock (a handler's delay) wakes when the engine moves it.
    public func sleep(until deadline: Date) async throws { try await base.sleep(until: deadline) }

    func advance(to date: Date) { base.advance(to: date) }
}
