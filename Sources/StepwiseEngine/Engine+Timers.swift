import Foundation

/// When the driver's timer loop should next wake.
struct TimerSchedule: Sendable {
    /// The earliest pending deadline; nil when no timer is pending.
    let next: Date?
}

extension Engine {
    /// Arms a timer, waking the driver if it is now the earliest.
    func schedule(_ target: TimerTarget, at deadline: Date) {
        let earliest = timers.nextDeadline()
        timers.schedule(target, at: deadline)
        if earliest.map({ deadline < $0 }) ?? true { driver.timerWakeup.signal() }
    }

    func timerSchedule() -> TimerSchedule {
        TimerSchedule(next: timers.nextDeadline())
    }

    /// The earliest deadline of any pending timer (Wait, Retry, timeouts, poll windows).
    public func nextTimerDeadline() -> Date? {
        timers.nextDeadline()
    }

    /// Fires every timer due by the clock's time and returns once what they set off has run
    /// its course (see `idle()`). Tests on a `ManualClock` call it after moving the clock,
    /// instead of waiting for the driver.
    public func fireDueTimers() async {
        await withDiscardingTaskGroup { group in
            for firing in takeDueTimers() { group.addTask(operation: firing) }
        }
        await idle()
    }

    /// Takes the due timers off the queue: poll windows end at once; each execution's timers
    /// become one piece of work that delivers them in deadline order (an execution sees its
    /// timers in the same order however the work is scheduled); a retention sweep is one more.
    func takeDueTimers() -> [@Sendable () async -> Void] {
        var byExecution: [(arn: String, ids: [Int])] = []
        var position: [String: Int] = [:]
        var work: [@Sendable () async -> Void] = []
        for target in timers.popDue(at: clock.now()) {
            switch target {
            case .execution(let executionArn, let id):
                if let index = position[executionArn] {
                    byExecution[index].ids.append(id)
                } else {
                    position[executionArn] = byExecution.count
                    byExecution.append((executionArn, [id]))
                }
            case .pollWindow(let id):
                endPoll(id)
            case .retentionSweep:
                work.append { [weak self] in await self?.deleteExpiredExecutions() }
            }
        }
        return work
            + byExecution.map { executionArn, ids in
                { [weak self] in
                    for id in ids { try? await self?.deliver(.timerFired(id), to: executionArn) }
                }
            }
    }

    /// The driver's firing: the deliveries run as the driver's children, so the timer loop
    /// goes back to sleep at once.
    func fireDueTimersInBackground() {
        for firing in takeDueTimers() {
            beginWork()
            driver.spawn { [weak self] in
                await firing()
                await self?.endWork()
            }
        }
    }
}
