import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// Step Functions' payload quota: 256 KiB of UTF-8 JSON.
let payloadByteLimit = 262_144

/// Step Functions' quota on the events of one execution history.
let historyEventLimit = 25_000

extension ExecutionRun {
    // MARK: - Entering and performing states

    // A cursor is a class: it is looked up once per function (each lookup retains it).
    func enterState(_ id: Int, _ env: some RunEnvironment) {
        guard let cursor = cursors[id] else { return }
        let compiled = cursor.state
        let retriers = compiled.state.retry?.count ?? 0
        cursor.enteredTime = now
        cursor.attempts = retriers == 0 ? [] : Array(repeating: 0, count: retriers)
        cursor.retryCount = 0
        cursor.enteredPreviousEventId = cursor.lastEventId
        cursor.enteredEventId = record(compiled.type.enteredEvent, .stateEntered(name: compiled.name, input: cursor.input), on: cursor)
        perform(id, env)
    }


    /// The state's work: run on entry, and again for each retry.
    func perform(_ id: Int, _ env: some RunEnvironment) {
        guard let cursor = cursors[id] else { return }
        let compiled = cursor.state
        // Children stopped by an earlier failure are not taken up again once the state runs anew.
        cursor.stranded = nil
        // A Map whose JSONata fields fail records MapStateFailed, as AWS does.
        evaluating(id, failedEvent: compiled.type == .map ? .mapStateFailed : nil) { run, evaluator in
            switch compiled.type {
            case .pass:
                let effective = try evaluator.effectiveInput()
                let result = try evaluator.passResult(effective)
                try run.exitState(id, evaluator.finish(result: result, effective: effective))
            case .succeed:
                let effective = try evaluator.effectiveInput()
                try run.exitState(id, evaluator.finish(result: effective, effective: effective))
            case .fail:
                run.failCursor(id, try evaluator.failure())
            case .choice:
                let (target, outcome) = try evaluator.choose()
                try run.exitState(id, outcome, to: target)
            case .wait:
                let deadline = try evaluator.waitDeadline(now: run.now)
                let timer = run.startTimer(.wait(cursor: id), at: deadline)
                run.cursors[id]!.phase = .waiting(timer: timer)
            case .task:
                try run.startTask(id, &evaluator, env)
            case .parallel:
                try run.startParallel(id, &evaluator)
            case .map:
                try run.startMap(id, &evaluator)
            }
        }
    }

    /// Runs part of a thread's state with the state's evaluator; an error it throws goes to the
    /// state's Retry and Catch (JSONata failures with the field they came from).
    func evaluating(
        _ id: Int, token: String? = nil, failedEvent: HistoryEventType? = nil,
        _ body: (ExecutionRun, inout StateEvaluator) throws -> Void
    ) {
        var evaluator = makeEvaluator(id, token: token)
        do {
            try body(self, &evaluator)
        } catch let failure as EvaluationFailure {
            handleError(id, failure.error, location: failure.location, failedEvent: failedEvent)
        } catch let error as StatesError {
            handleError(id, error)
        } catch {
            handleError(id, .runtime(String(describing: error)))
        }
        random = evaluator.random
    }

    func context(for cursor: Cursor, token: String? = nil, mapItem: MapItem? = nil) -> JSONValue {
        var execution: JSONObject = [
            "Id": .string(info.executionArn), "Input": info.input, "StartTime": .string(isoTimestamp(info.startTime)),
            "Name": .string(info.name), "RoleArn": .string(info.roleArn), "RedriveCount": 0,
        ]
        execution["RedriveStatus"] = nil
        var context: JSONObject = [
            "Execution": .object(execution),
            "State": ["EnteredTime": .string(isoTimestamp(cursor.enteredTime)), "Name": .string(cursor.state.name)],
            "StateMachine": ["Id": .string(info.stateMachineArn), "Name": .string(info.stateMachineName)],
        ]
        // Only states that can retry carry a retry count.
        if [.task, .parallel, .map].contains(cursor.state.type) {
            context["State"] = [
                "EnteredTime": .string(isoTimestamp(cursor.enteredTime)), "Name": .string(cursor.state.name),
                "RetryCount": .number(cursor.retryCount),
            ]
        }
        if let token { context["Task"] = ["Token": .string(token)] }
        if let item = mapItem ?? cursor.mapItem { context["Map"] = ["Item": ["Index": .number(item.index), "Value": item.value]] }
        return .object(context)
    }

    func visibleVariables(_ scopeId: Int) -> [String: JSONValue] {
        guard let scope = scopes[scopeId] else { return [:] }
        guard let parent = scope.parent else { return scope.values }
        var merged = visibleVariables(parent)
        merged.merge(scope.values) { _, inner in inner }
        return merged
    }

    func makeEvaluator(_ id: Int, token: String? = nil) -> StateEvaluator {
        let cursor = cursors[id]!
        let state = cursor.state
        let needsContext = state.readsContext || cursor.mapItem != nil
        return StateEvaluator(
            state: state, input: cursor.input,
            context: needsContext ? context(for: cursor, token: token) : .null,
            variables: visibleVariables(cursor.scope), random: random, now: now)
    }

    // MARK: - Leaving states

    /// Records the exit, applies the assignments and moves to the next state (or ends).
    func exitState(_ id: Int, _ outcome: StateOutcome, to explicitTarget: Int? = nil) throws(StatesError) {
        guard let cursor = cursors[id] else { return }
        let compiled = cursor.state
        cursor.stranded = nil
        let scope = cursor.scope
        if !compiled.passesInputThrough, exceedsPayloadLimit(outcome.output) {
            throw StatesError(ErrorName.dataLimitExceeded, "The state/task '\(compiled.name)' returned a result with a size exceeding the maximum number of bytes service limit.")
        }
        if let assigned = outcome.assigned {
            for (name, value) in assigned { scopes[scope]?.values[name] = value }
        }
        if let exited = compiled.type.exitedEvent {
            record(exited, .stateExited(name: compiled.name, output: outcome.output, assigned: outcome.assigned), on: cursor)
        }
        let target = explicitTarget ?? compiled.next
        if compiled.type == .succeed || (explicitTarget == nil && compiled.state.end == true) {
            completeCursor(id, output: outcome.output)
            return
        }
        guard let target else {
            // The validator rejects such machines; reaching here means a broken definition.
            throw StatesError.runtime("The state '\(compiled.name)' has no next state.")
        }
        cursor.stateIndex = target
        cursor.input = outcome.output
        cursor.phase = .entering
        ready.append(id)
    }

    func completeCursor(_ id: Int, output: JSONValue) {
        guard let cursor = cursors.removeValue(forKey: id) else { return }
        if let parent = cursor.parent {
            childSucceeded(parent, child: id, output: output, lastEventId: cursor.lastEventId)
        } else {
            finishExecution(output: output, lastEventId: cursor.lastEventId)
        }
    }

    func failCursor(_ id: Int, _ error: StatesError) {
        guard let cursor = cursors.removeValue(forKey: id) else { return }
        if let parent = cursor.parent {
            childFailed(parent, child: cursor, error: error, lastEventId: cursor.lastEventId)
        } else {
            strandedRoot = cursor
            failExecution(error, lastEventId: cursor.lastEventId)
        }
    }

    // MARK: - Errors, Retry and Catch

    /// Applies the state's Retry and Catch to an error, or fails the thread. `failedEvent`
    /// (`MapStateFailed`, `ParallelStateFailed`) is recorded only when the error is not retried.
    func handleError(_ id: Int, _ rawError: StatesError, location: String? = nil, failedEvent: HistoryEventType? = nil) {
        guard let cursor = cursors[id] else { return }
        let compiled = cursor.state
        var error = rawError
        if error.error == ErrorName.runtime || error.error == ErrorName.queryEvaluationError || error.error == ErrorName.intrinsicFailure,
            !error.cause.hasPrefix("An error occurred while executing the state")
        {
            error.cause = "An error occurred while executing the state '\(compiled.name)' (entered at the event id #\(cursor.enteredEventId)). " + error.cause
        }
        if error.error == ErrorName.queryEvaluationError {
            let event = record(
                .evaluationFailed, .evaluationFailed(error: error.error, cause: error.cause, location: location, state: compiled.name),
                previous: cursor.enteredPreviousEventId, silent: cursor.silent)
            cursors[id]!.lastEventId = event
        }
        if let retriers = compiled.state.retry, ErrorMatcher.isRetriable(error.error),
            let index = retriers.firstIndex(where: { ErrorMatcher.matches($0.errorEquals, error: error.error) })
        {
            let retrier = retriers[index]
            let used = cursors[id]!.attempts[index]
            if used < retrier.effectiveMaxAttempts {
                let delay = retrier.delaySeconds(forRetry: used, random: { random.nextUnit() })
                cursors[id]!.attempts[index] = used + 1
                cursors[id]!.retryCount += 1
                let timer = startTimer(.retry(cursor: id), after: delay)
                cursors[id]!.phase = .backoff(timer: timer)
                return
            }
        }
        if let failedEvent { record(failedEvent, .none, on: id) }
        if let catchers = compiled.state.catch, ErrorMatcher.isCatchable(error.error),
            let index = catchers.firstIndex(where: { ErrorMatcher.matches($0.errorEquals, error: error.error) })
        {
            var evaluator = makeEvaluator(id)
            do {
                let outcome = try evaluator.catchOutcome(catchers[index], error: error)
                random = evaluator.random
                try exitState(id, outcome, to: compiled.catchTargets[index])
                return
            } catch let failure as EvaluationFailure {
                return handleError(id, failure.error, location: failure.location)
            } catch let failure as StatesError {
                error = failure
            } catch {
                return failCursor(id, .runtime(String(describing: error)))
            }
        }
        failCursor(id, error)
    }

    func retryNow(_ id: Int) {
        guard cursors[id] != nil else { return }
        cursors[id]!.phase = .retryDue
        ready.append(id)
    }

    // MARK: - Wait

    func waitFinished(_ id: Int) {
        guard case .waiting? = cursors[id]?.phase else { return }
        cursors[id]!.phase = .entering
        evaluating(id) { run, evaluator in
            let effective = try evaluator.effectiveInput()
            try run.exitState(id, evaluator.finish(result: effective, effective: effective))
        }
    }

    // MARK: - Aborting

    /// Stops a thread: its task is withdrawn, its timers cancelled, its children aborted (and
    /// kept with it, for a redrive). Returns the stopped thread.
    @discardableResult
    func abortCursor(_ id: Int, recordEvents: Bool) -> Cursor? {
        guard let cursor = cursors.removeValue(forKey: id) else { return nil }
        switch cursor.phase {
        case .task(let wait):
            tokens.removeValue(forKey: wait.token)
            commands.append(.cancelTask(token: wait.token))
            cancelTimer(wait.timeoutTimer)
            cancelTimer(wait.heartbeatTimer)
            if recordEvents { record(.taskStateAborted, .none, previous: cursor.lastEventId, silent: cursor.silent) }
        case .waiting(let timer):
            cancelTimer(timer)
            if recordEvents { record(.waitStateAborted, .none, previous: cursor.lastEventId, silent: cursor.silent) }
        case .backoff(let timer):
            cancelTimer(timer)
        case .fanOut(let fan):
            let children = fan.active.sorted().compactMap { abortCursor($0, recordEvents: recordEvents) }
            cursor.stranded = Stranded(fan: fan, children: children)
            reportMapRun(cursor, fan) { .ended(mapRunArn: $0, status: .aborted) }
            if recordEvents {
                record(fan.isMap ? .mapStateAborted : .parallelStateAborted, .none, previous: cursor.lastEventId, silent: cursor.silent)
            }
        case .entering, .retryDue:
            break
        }
        return cursor
    }

    func exceedsPayloadLimit(_ value: JSONValue) -> Bool {
        JSONSize.exceeds(value, limit: payloadByteLimit)
    }
}

extension StateType {
    var enteredEvent: HistoryEventType {
        switch self {
        case .task: return .taskStateEntered
        case .pass: return .passStateEntered
        case .choice: return .choiceStateEntered
        case .wait: return .waitStateEntered
        case .succeed: return .succeedStateEntered
        case .fail: return .failStateEntered
        case .parallel: return .parallelStateEntered
        case .map: return .mapStateEntered
        }
    }

    /// Fail states end without an exit event.
    var exitedEvent: HistoryEventType? {
        switch self {
        case .task: return .taskStateExited
        case .pass: return .passStateExited
        case .choice: return .choiceStateExited
        case .wait: return .waitStateExited
        case .succeed: return .succeedStateExited
        case .fail: return nil
        case .parallel: return .parallelStateExited
        case .map: return .mapStateExited
        }
    }
}

/// ISO 8601 with milliseconds, UTC — how Step Functions writes times in the context object.
func isoTimestamp(_ date: Date) -> String {
    let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    var seconds = time_t(millis / 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func pad(_ value: Int32, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
        + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis % 1000), 3))Z"
}
