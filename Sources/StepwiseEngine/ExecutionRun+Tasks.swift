import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

extension ExecutionRun {
    static func isActivityArn(_ resource: String) -> Bool {
        ARN.Fields(resource)?.resource.first == "activity"
    }

    func startTask(_ id: Int, _ evaluator: inout StateEvaluator, _ env: some RunEnvironment) throws {
        let compiled = cursors[id]!.state
        // The token exists from the moment the state runs: Parameters may pass `$$.Task.Token` on.
        let token = newToken()
        if compiled.readsContext { evaluator.context = context(for: cursors[id]!, token: token) }
        let effective = try evaluator.effectiveInput()
        let input = try evaluator.taskInput(effective)
        let (timeout, heartbeat) = try evaluator.taskTimeouts(effective)
        cursors[id]!.effectiveInput = effective
        let resource = compiled.state.resource ?? ""
        let isActivity = Self.isActivityArn(resource)
        if isActivity {
            guard env.activityExists(resource) else { throw StatesError.runtime("The activity \(resource) does not exist.") }
        } else if !env.hasLocalResource(resource) {
            throw StatesError.runtime(
                "The resource '\(resource)' cannot run on the Stepwise local engine: it runs activities, and other resources only when a local stand-in is registered for them.")
        }
        tokens[token] = id
        if isActivity {
            record(.activityScheduled, .activityScheduled(resource: resource, input: input, timeout: timeout, heartbeat: heartbeat), on: id)
            commands.append(.scheduleActivity(token: token, activityArn: resource, input: input))
        } else {
            var details: JSONObject = ["resourceType": .string(resourceType(resource)), "resource": .string(resource), "region": .string(region(of: resource))]
            details["parameters"] = .string(JSONSerializer.string(input))
            if let timeout { details["timeoutInSeconds"] = .number(timeout) }
            if let heartbeat { details["heartbeatInSeconds"] = .number(heartbeat) }
            record(.taskScheduled, .other(details), on: id)
            commands.append(.invokeResource(token: token, resource: resource, input: input))
        }
        let timeoutTimer = timeout.map { startTimer(.taskTimeout(token: token), after: Double($0)) }
        cursors[id]!.phase = .task(TaskWait(
            token: token, resource: resource, input: input, timeoutTimer: timeoutTimer, heartbeatTimer: nil,
            heartbeatSeconds: heartbeat, isActivity: isActivity))
    }

    /// The region a task runs in, as TaskScheduled shows it: the resource's own, or for a
    /// region-less service ARN (`arn:aws:states:::lambda:invoke`) the execution's.
    func region(of resource: String) -> String {
        if let region = ARN.Fields(resource)?.region, !region.isEmpty { return region }
        return ARN.Fields(info.executionArn)?.region ?? ""
    }

    /// `lambda` for `arn:aws:lambda:…`, `states` for `arn:aws:states:::…`, as TaskScheduled shows.
    func resourceType(_ resource: String) -> String {
        ARN.Fields(resource)?.service ?? resource
    }

    private func waiting(_ token: String) -> (Int, TaskWait)? {
        guard let id = tokens[token], case .task(let wait)? = cursors[id]?.phase, wait.token == token else { return nil }
        return (id, wait)
    }

    func taskStarted(_ token: String, worker: String?) {
        guard let (id, wait) = waiting(token), !wait.started else { return }
        var updated = wait
        updated.started = true
        if wait.isActivity {
            record(.activityStarted, .activityStarted(workerName: worker), on: id)
        } else {
            record(.taskStarted, .other(["resourceType": .string(resourceType(wait.resource)), "resource": .string(wait.resource)]), on: id)
        }
        if let heartbeat = wait.heartbeatSeconds {
            updated.heartbeatTimer = startTimer(.heartbeat(token: token), after: Double(heartbeat))
        }
        cursors[id]!.phase = .task(updated)
    }

    func taskHeartbeat(_ token: String) {
        guard let (id, wait) = waiting(token), let heartbeat = wait.heartbeatSeconds else { return }
        var updated = wait
        cancelTimer(wait.heartbeatTimer)
        updated.heartbeatTimer = startTimer(.heartbeat(token: token), after: Double(heartbeat))
        cursors[id]!.phase = .task(updated)
    }

    /// Ends the wait for a task: forgets the token and stops its timers.
    private func settle(_ token: String, _ wait: TaskWait) {
        tokens.removeValue(forKey: token)
        cancelTimer(wait.timeoutTimer)
        cancelTimer(wait.heartbeatTimer)
    }

    func taskSucceeded(_ token: String, output: JSONValue) {
        guard let (id, wait) = waiting(token) else { return }
        settle(token, wait)
        if wait.isActivity {
            record(.activitySucceeded, .taskSucceeded(output: output), on: id)
        } else {
            var details: JSONObject = ["resourceType": .string(resourceType(wait.resource)), "resource": .string(wait.resource)]
            details["output"] = .string(JSONSerializer.string(output))
            details["outputDetails"] = ["truncated": false]
            record(.taskSucceeded, .other(details), on: id)
        }
        cursors[id]!.phase = .entering
        let effective = cursors[id]!.effectiveInput
        evaluating(id, token: token) { run, evaluator in
            try run.exitState(id, evaluator.finish(result: output, effective: effective))
        }
    }

    func taskFailed(_ token: String, _ error: StatesError, errorName: String?, cause: String?) {
        guard let (id, wait) = waiting(token) else { return }
        settle(token, wait)
        if wait.isActivity {
            record(.activityFailed, .failure(error: errorName, cause: cause), on: id)
        } else {
            var details: JSONObject = ["resourceType": .string(resourceType(wait.resource)), "resource": .string(wait.resource)]
            if let errorName { details["error"] = .string(errorName) }
            if let cause { details["cause"] = .string(cause) }
            record(.taskFailed, .other(details), on: id)
        }
        cursors[id]!.phase = .entering
        handleError(id, error)
    }

    func taskTimedOut(_ token: String, heartbeat: Bool) {
        guard let (id, wait) = waiting(token) else { return }
        settle(token, wait)
        commands.append(.cancelTask(token: token))
        let name = heartbeat ? ErrorName.heartbeatTimeout : ErrorName.timeout
        if wait.isActivity {
            record(.activityTimedOut, .failure(error: name, cause: nil), on: id)
        } else {
            record(.taskTimedOut, .other(["resourceType": .string(resourceType(wait.resource)), "resource": .string(wait.resource), "error": .string(name)]), on: id)
        }
        cursors[id]!.phase = .entering
        handleError(id, StatesError(name, ""))
    }
}
