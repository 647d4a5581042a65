import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

extension ExecutionRun {
    func startTask(_ id: Int, _ evaluator: inout StateEvaluator, _ env: some RunEnvironment) throws {
        let compiled = cursors[id]!.state
        // The token exists from the moment the state runs: Parameters may pass `$$.Task.Token` on.
        let token = newToken()
        if compiled.readsContext { evaluator.context = context(for: cursors[id]!, token: token) }
        let effective = try evaluator.effectiveInput()
        let input = try evaluator.taskInput(effective)
        let (timeout, heartbeat) = try evaluator.taskTimeouts(effective)
        cursors[id]!.effectiveInput = effective
        let written = compiled.state.resource ?? ""
        let resource = TaskResource(written)
        let kind = TaskKind(resource, written: written)
        let mocked = env.isMocked(state: compiled.name)
        switch kind {
        case .activity:
            guard mocked || env.activityExists(written) else { throw StatesError.runtime("The activity \(written) does not exist.") }
            record(.activityScheduled, .activityScheduled(resource: written, input: input, timeout: timeout, heartbeat: heartbeat), on: id)
        case .lambdaFunction:
            guard mocked || env.canServe(resource, written: written, parameters: input) else {
                throw StatesError.runtime(Self.unservedCause(written, resource: resource, state: compiled.name, parameters: input))
            }
            var details: JSONObject = ["resource": .string(written)]
            details["input"] = .string(JSONSerializer.string(input))
            details["inputDetails"] = ["truncated": false]
            if let timeout { details["timeoutInSeconds"] = .number(timeout) }
            record(.lambdaFunctionScheduled, .other(details), on: id)
        case .task(let resourceType, let resourceName):
            guard mocked || env.canServe(resource, written: written, parameters: input) else {
                throw StatesError.runtime(Self.unservedCause(written, resource: resource, state: compiled.name, parameters: input))
            }
            var details: JSONObject = ["resourceType": .string(resourceType), "resource": .string(resourceName), "region": .string(region(of: resource))]
            details["parameters"] = .string(JSONSerializer.string(input))
            if let timeout { details["timeoutInSeconds"] = .number(timeout) }
            if let heartbeat { details["heartbeatInSeconds"] = .number(heartbeat) }
            record(.taskScheduled, .other(details), on: id)
        }
        let invocation = taskInvocations[compiled.name, default: 0]
        taskInvocations[compiled.name] = invocation + 1
        commands.append(.invokeTask(TaskCall(
            token: token, resource: resource, written: written, parameters: input, stateName: compiled.name, invocation: invocation)))
        tokens[token] = id
        let timeoutTimer = timeout.map { startTimer(.taskTimeout(token: token), after: Double($0)) }
        cursors[id]!.phase = .task(TaskWait(
            token: token, resource: written, input: input, timeoutTimer: timeoutTimer, heartbeatTimer: nil,
            heartbeatSeconds: heartbeat, kind: kind))
    }

    /// Why a Task cannot run here, and the ways to make it run.
    static func unservedCause(_ written: String, resource: TaskResource, state: String, parameters: JSONValue) -> String {
        let subject: String
        let handler: String
        switch resource {
        case .lambdaFunction(let function):
            subject = "the Lambda function '\(function.name)'"
            handler = "a handler for the Lambda function '\(function.name)'"
        case .integration(let integration) where integration.service == "lambda" && !integration.isSDK:
            let name = parameters["FunctionName"]?.stringValue.map { TaskResource.lambdaFunctionName($0).name } ?? "(no FunctionName)"
            subject = "the Lambda function '\(name)' (\(written))"
            handler = "a handler for the Lambda function '\(name)'"
        case .integration(let integration):
            subject = "'\(written)'"
            handler = "a handler for '\(integration.key)'"
        default:
            subject = "'\(written)'"
            handler = "a handler for this exact resource"
        }
        return "Task state '\(state)' calls \(subject), which nothing serves on the Stepwise local engine. Register \(handler) "
            + "(a handler package in the shell, or `--handlers DIR`), forward integrations to a real endpoint "
            + "(`--integrations endpoint=URL`, or `aws`), or mock the state in a test case (`--mock-config`)."
    }

    /// The region a task runs in, as TaskScheduled shows it: the resource's own, or for a
    /// region-less service ARN (`arn:aws:states:::lambda:invoke`) the execution's.
    func region(of resource: TaskResource) -> String {
        Self.taskRegion(resource, executionArn: info.executionArn)
    }

    private func waiting(_ token: String) -> (Int, TaskWait)? {
        guard let id = tokens[token], case .task(let wait)? = cursors[id]?.phase, wait.token == token else { return nil }
        return (id, wait)
    }

    func taskStarted(_ token: String, worker: String?) {
        guard let (id, wait) = waiting(token), !wait.started else { return }
        var updated = wait
        updated.started = true
        switch wait.kind {
        case .activity: record(.activityStarted, .activityStarted(workerName: worker), on: id)
        case .lambdaFunction: record(.lambdaFunctionStarted, .none, on: id)
        case .task(let resourceType, let resource):
            record(.taskStarted, .other(["resourceType": .string(resourceType), "resource": .string(resource)]), on: id)
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

    /// The call of a `.waitForTaskToken` or `.sync` task was made: record its response; the task
    /// goes on waiting for its end.
    func taskSubmitted(_ token: String, output: JSONValue) {
        guard let (id, wait) = waiting(token), case .task(let resourceType, let resource) = wait.kind else { return }
        var details: JSONObject = ["resourceType": .string(resourceType), "resource": .string(resource)]
        details["output"] = .string(JSONSerializer.string(output))
        details["outputDetails"] = ["truncated": false]
        record(.taskSubmitted, .other(details), on: id)
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
        switch wait.kind {
        case .activity: record(.activitySucceeded, .taskSucceeded(output: output), on: id)
        case .lambdaFunction: record(.lambdaFunctionSucceeded, .taskSucceeded(output: output), on: id)
        case .task(let resourceType, let resource):
            var details: JSONObject = ["resourceType": .string(resourceType), "resource": .string(resource)]
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
        switch wait.kind {
        case .activity: record(.activityFailed, .failure(error: errorName, cause: cause), on: id)
        case .lambdaFunction: record(.lambdaFunctionFailed, .failure(error: errorName, cause: cause), on: id)
        case .task(let resourceType, let resource):
            var details: JSONObject = ["resourceType": .string(resourceType), "resource": .string(resource)]
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
        let name: String
        switch wait.kind {
        case .activity:
            name = heartbeat ? ErrorName.heartbeatTimeout : ErrorName.timeout
            record(.activityTimedOut, .failure(error: name, cause: nil), on: id)
        case .lambdaFunction:
            name = ErrorName.timeout
            record(.lambdaFunctionTimedOut, .failure(error: name, cause: nil), on: id)
        case .task(let resourceType, let resource):
            // Integrations report a missed heartbeat as a timeout too.
            name = ErrorName.timeout
            record(.taskTimedOut, .other(["resourceType": .string(resourceType), "resource": .string(resource), "error": .string(name)]), on: id)
        }
        cursors[id]!.phase = .entering
        handleError(id, StatesError(name, ""))
    }
}
