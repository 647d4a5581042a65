import Synchronization

/// The engine's background: one task that the engine starts and stops, in which the timer loop
/// runs and every piece of local work (a local resource's handler) runs as a child task. When
/// the engine goes away the task is cancelled, and its children with it.
final class EngineDriver: Sendable {
    typealias Work = @Sendable () async -> Void

    private let work: AsyncStream<Work>.Continuation
    private let stream: AsyncStream<Work>
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// Wakes the timer loop when a timer earlier than the one it sleeps for is armed.
    let timerWakeup = Wakeup()

    init() {
        (stream, work) = AsyncStream.makeStream(of: Work.self)
    }

    /// Starts the background task. The engine is held weakly so that an engine nobody uses any
    /// more is released (and `stop` called from its deinit).
    func start(for engine: Engine, clock: any EngineClock) {
        let stream = self.stream
        let wakeup = timerWakeup
        let started = Task { [weak engine] in
            await withDiscardingTaskGroup { group in
                group.addTask { await Self.timerLoop(engine: WeakEngine(engine), clock: clock, wakeup: wakeup) }
                for await job in stream { group.addTask(operation: job) }
                group.cancelAll()
            }
        }
        task.withLock { $0 = started }
    }

    /// Runs `job` as a child of the background task.
    func spawn(_ job: @escaping Work) {
        work.yield(job)
    }

    func stop() {
        work.finish()
        task.withLock { $0?.cancel() }
    }

    /// Waits until timers are due, fires them, and again, until cancelled or the engine is gone.
    private static func timerLoop(engine: WeakEngine, clock: any EngineClock, wakeup: Wakeup) async {
        while !Task.isCancelled {
            let waited = if let virtual = clock as? VirtualClock {
                await advanceVirtualTime(virtual, engine: engine, wakeup: wakeup)
            } else {
                await sleepUntilDue(clock, engine: engine, wakeup: wakeup)
            }
            guard waited, !Task.isCancelled else { return }
            await engine.value?.fireDueTimersInBackground()
        }
    }

    /// Sleeps until the earliest deadline passes, or an earlier timer is armed. False when the
    /// engine is gone.
    private static func sleepUntilDue(_ clock: any EngineClock, engine: WeakEngine, wakeup: Wakeup) async -> Bool {
        guard let schedule = await engine.value?.timerSchedule() else { return false }
        guard let deadline = schedule.next else {
            await wakeup.wait()
            return true
        }
        await withTaskGroup(of: Void.self) { race in
            race.addTask { try? await clock.sleep(until: deadline) }
            race.addTask { await wakeup.wait() }
            await race.next()
            race.cancelAll()
        }
        return true
    }

    /// Virtual time: once nothing is in flight, jumps the clock straight to the earliest timer
    /// (or waits for one to be armed). False when the engine is gone.
    private static func advanceVirtualTime(_ clock: VirtualClock, engine: WeakEngine, wakeup: Wakeup) async -> Bool {
        await engine.value?.settledForVirtualTime()
        guard let schedule = await engine.value?.timerSchedule() else { return false }
        guard let deadline = schedule.next else {
            await wakeup.wait()
            return true
        }
        if deadline > clock.now() { clock.advance(to: deadline) }
        return true
    }
}

/// A weak reference that crosses into the driver's task.
struct WeakEngine: Sendable {
    weak var value: Engine?
    init(_ value: Engine?) { self.value = value }
}
