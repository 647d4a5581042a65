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

    /// Sleeps until the earliest timer is due (or an earlier one is armed), fires what is due,
    /// and again, until cancelled or the engine is gone.
    private static func timerLoop(engine: WeakEngine, clock: any EngineClock, wakeup: Wakeup) async {
        while !Task.isCancelled {
            guard let schedule = await engine.value?.timerSchedule() else { return }
            if let deadline = schedule.next {
                await withTaskGroup(of: Void.self) { race in
                    race.addTask { try? await clock.sleep(until: deadline) }
                    race.addTask { await wakeup.wait() }
                    await race.next()
                    race.cancelAll()
                }
            } else {
                await wakeup.wait()
            }
            guard !Task.isCancelled else { return }
            await engine.value?.fireDueTimersInBackground()
        }
    }
}

/// A weak reference that crosses into the driver's task.
struct WeakEngine: Sendable {
    weak var value: Engine?
    init(_ value: Engine?) { self.value = value }
}
