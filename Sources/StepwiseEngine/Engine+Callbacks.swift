import StepFunctions

/// The tasks waiting for a callback, kept for `PendingCallbackListing`. The broker alone knows
/// when a token closes (answered, timed out, withdrawn with its execution), so an entry stays
/// until a sweep finds its token closed.
struct CallbackLedger {
    var waiting: [String: PendingCallback] = [:]
    /// How many entries the last sweep kept: sweeping again once that has doubled keeps the
    /// cost per task constant however many callbacks come and go unasked.
    var keptBySweep = 0
    /// `waitForCallbacks` callers waiting for a task to be noted.
    var watchers: [Answer<Void>] = []
}

extension Engine: PendingCallbackListing {
    /// Notes a task that waits for its callback, as its call is about to be made.
    func noteCallback(_ call: TaskCall, executionArn: String) {
        guard case .integration(let integration) = call.resource, integration.pattern == .waitForTaskToken else { return }
        callbacks.waiting[call.token] = PendingCallback(
            taskToken: call.token, executionArn: executionArn, rootExecutionArn: ancestry(of: executionArn).last ?? executionArn,
            stateName: call.stateName, resource: call.written, parameters: call.parameters, since: clock.now())
        if callbacks.waiting.count > 2 * max(callbacks.keptBySweep, 64) { sweepCallbacks() }
        let watchers = callbacks.watchers
        callbacks.watchers.removeAll()
        for watcher in watchers { watcher.give(()) }
    }

    private func sweepCallbacks() {
        callbacks.waiting = callbacks.waiting.filter { token, _ in
            if case .open? = broker.state(of: token) { return true }
            return false
        }
        callbacks.keptBySweep = callbacks.waiting.count
    }

    public func pendingCallbacks() -> [PendingCallback] {
        sweepCallbacks()
        return callbacks.waiting.values.sorted { ($0.since, $0.taskToken) < ($1.since, $1.taskToken) }
    }

    public func waitForCallbacks(of executionArn: String) async -> [PendingCallback] {
        while !Task.isCancelled {
            // A task is noted before its call is made: once nothing is in flight, the calls
            // that were going to be made have been, and their submissions recorded.
            await idleOrCancelled()
            let waiting = pendingCallbacks().filter { ancestry(of: $0.executionArn).contains(executionArn) }
            if !waiting.isEmpty { return waiting }
            let noted = Answer<Void>()
            callbacks.watchers.removeAll { $0.isAnswered }
            callbacks.watchers.append(noted)
            await withTaskCancellationHandler {
                await noted.wait()
            } onCancel: {
                noted.give(())
            }
        }
        return []
    }

    /// `idle()`, given up when the caller is cancelled.
    private func idleOrCancelled() async {
        guard inFlight > 0 else { return }
        let idle = Answer<Void>()
        idleWaiters.append(idle)
        await withTaskCancellationHandler {
            await idle.wait()
        } onCancel: {
            idle.give(())
        }
    }

    /// The execution and those that started it through nested Task states, nearest first.
    private func ancestry(of executionArn: String) -> [String] {
        var chain = [executionArn]
        while let parent = executions[chain[chain.count - 1]]?.record.parent?.executionArn, !chain.contains(parent) {
            chain.append(parent)
        }
        return chain
    }
}
