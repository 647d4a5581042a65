import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// An execution's interpreter as the engine holds it. Only the task feeding the execution's
/// inbox (the one that set `pumping`) touches the run, one step at a time, so handing it to an
/// evaluation thread for that step is safe although `ExecutionRun` is not `Sendable`.
final class RunHandle: @unchecked Sendable {
    let run: ExecutionRun
    init(_ run: ExecutionRun) { self.run = run }
}

/// What one step produced, handed back from the evaluation thread.
struct StepOutcome: Sendable {
    var commands: [RunCommand]
    var events: [RecordedEvent]
    var journal: JournalEntry?
    /// How the execution ended, if this step ended it.
    var ending: Ending?

    struct Ending: Sendable {
        var status: ExecutionStatus
        var output: JSONValue?
        var failure: StatesError?
        /// Whether a redrive would find something to take up again.
        var redrivable: Bool
    }
}

extension RunHandle {
    /// One step: the event in, the commands and history events out.
    func step(_ event: RunEvent, now: Date, environment: LazyEnvironment, slice: Duration, journal: Bool) -> StepOutcome {
        let commands = run.handle(event, now: now, environment: TimeSliced(base: environment, slice: slice))
        let events = run.newEvents
        run.newEvents = []
        return StepOutcome(
            commands: commands, events: events, journal: journal ? event.journalEntry(at: now, pausedAfter: run.pausedAfter) : nil,
            ending: run.isFinished ? .init(status: run.status, output: run.output, failure: run.failure, redrivable: run.canRedrive) : nil)
    }
}

/// An event on its way into an execution, and who hears that it has been handled.
struct Delivery {
    enum Reply {
        /// A caller suspended in `deliver`, waiting for its event to be handled or for its turn
        /// to feed the inbox.
        case caller(CheckedContinuation<Engine.Turn, any Error>)
        /// The task feeding the inbox delivered this event itself.
        case feeder
        /// A task for a parked long poll: answer the poll once its start is committed.
        case handOut(ActivityBroker.Poller, ActivityBroker.PendingTask)
        /// Nobody waits (the engine's own follow-up events).
        case none
    }

    let event: RunEvent
    var reply: Reply
}

extension Engine {
    enum Turn: Sendable {
        case handled
        /// Feed the inbox: the caller's own event is first in line.
        case feed
    }

    /// Feeds an event to an execution and returns once the step it causes has been committed
    /// and carried out (a finished execution ignores it).
    ///
    /// Whoever delivers to an execution nobody is feeding becomes its feeder: it steps the
    /// inbox in order until it reaches an event another caller is waiting on, and hands that
    /// caller the turn. So callers never do one another's work for long, and no task outside
    /// the callers is needed to move an execution on.
    func deliver(_ event: RunEvent, to executionArn: String) async throws {
        guard executions[executionArn] != nil else { return }
        beginWork()
        defer { endWork() }
        if executions[executionArn]!.pumping {
            let turn = try await withCheckedThrowingContinuation { continuation in
                executions[executionArn]!.inbox.append(Delivery(event: event, reply: .caller(continuation)))
            }
            if case .handled = turn { return }
        } else {
            executions[executionArn]!.pumping = true
            executions[executionArn]!.inbox.append(Delivery(event: event, reply: .feeder))
        }
        try await feed(executionArn)
    }

    /// Feeds an execution's inbox from the driver, on behalf of a feeder that has returned to
    /// its caller (the inbox stays `pumping`, so callers that come meanwhile wait their turn).
    /// The same when nobody feeds it (after a restart): the inbox is claimed first.
    func continueFeedingInBackground(_ executionArn: String) {
        beginWork()
        driver.spawn { [weak self] in
            await self?.feedInBackground(executionArn)
        }
    }

    private func feedInBackground(_ executionArn: String) async {
        defer { endWork() }
        guard executions[executionArn] != nil else { return }
        // Errors of the engine's own events are the store's, which the next caller hears of.
        try? await feed(executionArn)
    }

    /// Queues a follow-up event of the engine's own behind whatever the execution is handling.
    /// Called only by the execution's feeder, which will come to it.
    func enqueueFollowUp(_ event: RunEvent, to executionArn: String, reply: Delivery.Reply = .none) {
        executions[executionArn]?.inbox.append(Delivery(event: event, reply: reply))
    }

    private func feed(_ executionArn: String) async throws {
        var ownError: (any Error)?
        var ownHandled = false
        while let delivery = executions[executionArn]?.inbox.first {
            if case .caller(let continuation) = delivery.reply {
                executions[executionArn]!.inbox[0].reply = .feeder
                continuation.resume(returning: .feed)
                if let ownError { throw ownError }
                return
            }
            if ownHandled, case .resume = delivery.event {
                // A paused step: its caller has its answer; the driver goes on with the rest.
                continueFeedingInBackground(executionArn)
                if let ownError { throw ownError }
                return
            }
            executions[executionArn]!.inbox.removeFirst()
            do {
                try await handle(delivery, executionArn)
            } catch {
                if case .feeder = delivery.reply { ownError = error }
            }
            if case .feeder = delivery.reply { ownHandled = true }
        }
        executions[executionArn]?.pumping = false
        retire(executionArn)
        if let ownError { throw ownError }
    }

    /// One step of an execution: evaluate (on an evaluation thread), commit, carry out.
    private func handle(_ delivery: Delivery, _ executionArn: String) async throws {
        guard storeFailure == nil, let handle = executions[executionArn]?.run,
            !handle.run.isFinished || delivery.event.changesRecord
        else {
            // An ended execution (whose run is kept for a redrive) takes no other event.
            settle(delivery.reply)
            try requireHealthyStore()
            return
        }
        let now = clock.now()
        let environment = LazyEnvironment(engine: self, executionArn: executionArn)
        let journal = store.keepsJournal
        let markers = store.stepMarkers
        let slice = configuration.stepSlice
        let event = delivery.event
        let outcome = await threads.run { slot in
            markers?.begin(slot: slot, executionArn: executionArn)
            defer { markers?.end(slot: slot) }
            return handle.step(event, now: now, environment: environment, slice: slice, journal: journal)
        }
        var record: ExecutionRecord?
        if let ending = outcome.ending {
            var finished = executions[executionArn]!.record
            finished.finish(ending, at: now)
            record = finished
        } else if event.changesRecord {
            record = executions[executionArn]!.record
        }
        if executions[executionArn]!.record.crashes != nil {
            // A step completed after the crashes counted against this execution: they were not its doing.
            record = record ?? executions[executionArn]!.record
            record!.crashes = nil
        }
        let step = ExecutionStep(executionArn: executionArn, journal: outcome.journal, events: outcome.events, record: record)
        let mapRunChanges = mapRunChanges(outcome.commands, executionArn: executionArn, endsExecution: outcome.ending != nil, at: now)
        do {
            try await persist([.step(step)] + mapRunChanges.writes)
        } catch {
            settle(delivery.reply)
            throw error
        }
        mapRuns.apply(mapRunChanges)
        if let record { executions[executionArn]!.record = record }
        // An unsuccessful execution keeps its run for a redrive when the store keeps no journal
        // to rebuild it from (see `retire`).
        if let ending = outcome.ending, !ending.redrivable || store.keepsJournal { executions[executionArn]!.run = nil }
        for command in outcome.commands { carryOut(command, for: executionArn) }
        settle(delivery.reply)
        if outcome.ending != nil { finished(executionArn) }
    }

    /// Offers an activity's task to workers: to a parked poll at once, or queued for the next.
    func scheduleActivity(_ call: TaskCall, activityArn: String, executionArn: String) {
        let task = ActivityBroker.PendingTask(token: call.token, executionArn: executionArn, input: JSONSerializer.string(call.parameters))
        if let poller = broker.enqueue(task, activityArn: activityArn) {
            enqueueFollowUp(.taskStarted(token: call.token, workerName: poller.workerName), to: executionArn, reply: .handOut(poller, task))
        }
    }

    /// Answers a task from the execution's test case, if it mocks the task's state: the task
    /// starts and ends within the step, with the mocked result or error.
    private func answerFromMock(_ call: TaskCall, executionArn: String) -> Bool {
        guard let selection = executions[executionArn]?.record.mockSelection,
            let answer = mocks?.answer(selection, state: call.stateName, invocation: call.invocation)
        else { return false }
        enqueueFollowUp(.taskStarted(token: call.token, workerName: nil), to: executionArn)
        switch answer {
        case .success(.return(let value)): enqueueFollowUp(.taskSucceeded(token: call.token, output: value), to: executionArn)
        case .success(.throw(let error, let cause)): enqueueFollowUp(.taskFailed(token: call.token, error: error, cause: cause), to: executionArn)
        case .failure(let problem): enqueueFollowUp(.taskFailed(token: call.token, error: ErrorName.runtime, cause: problem.description), to: executionArn)
        }
        return true
    }

    /// Tells whoever waits on a delivery that it has been handled.
    private func settle(_ reply: Delivery.Reply) {
        switch reply {
        case .caller(let continuation): continuation.resume(returning: .handled)
        case .handOut(let poller, let task): handOut(task, to: poller)
        case .feeder, .none: break
        }
    }

    func carryOut(_ command: RunCommand, for executionArn: String) {
        switch command {
        case .invokeTask(let call):
            if answerFromMock(call, executionArn: executionArn) { return }
            if case .activity(let activityArn) = call.resource {
                scheduleActivity(call, activityArn: activityArn, executionArn: executionArn)
            } else {
                broker.open(token: call.token, executionArn: executionArn)
                noteCallback(call, executionArn: executionArn)
                enqueueFollowUp(.taskStarted(token: call.token, workerName: nil), to: executionArn)
                serveTask(call, executionArn: executionArn)
            }
        case .cancelTask(let token):
            closeToken(token)
            localWork.removeValue(forKey: token)?.signal()
            stopNestedExecution(ofTask: token)
        case .resume:
            enqueueFollowUp(.resume, to: executionArn)
        case .startTimer(let id, let deadline):
            schedule(.execution(arn: executionArn, id: id), at: deadline)
        case .cancelTimer(let id):
            timers.cancel(.execution(arn: executionArn, id: id))
        case .mapRun:
            // Recorded with the step that reported it (see `mapRunChanges`).
            break
        }
    }

    /// An execution ended: wake whoever waits for it, and the task of a parent waiting for it.
    private func finished(_ executionArn: String) {
        guard let execution = executions[executionArn] else { return }
        executions[executionArn]?.waiters.removeAll()
        for waiter in execution.waiters { waiter.give(()) }
        if let parent = execution.record.parent { nestedExecutionEnded(execution.record, parent: parent) }
    }
}

extension RunEvent {
    /// Events whose step stores the execution's record (it was set up or changed for them).
    var changesRecord: Bool {
        switch self {
        case .start, .redrive: return true
        default: return false
        }
    }
}

extension ExecutionRecord {
    /// Takes the ending of a finished run: status, stop date, output or error and cause.
    mutating func finish(_ ending: StepOutcome.Ending, at date: Date) {
        status = ending.status
        stopDate = date
        if let output = ending.output { self.output = JSONSerializer.string(output) }
        if let failure = ending.failure {
            error = failure.error.isEmpty ? nil : failure.error
            cause = failure.cause.isEmpty ? nil : failure.cause
        }
    }
}
