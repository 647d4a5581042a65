import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// Where a `.sync` task's nested execution stands.
enum NestedWait {
    /// StartExecution is under way; the child may end before it returns.
    case starting(ended: RunEvent?)
    case running(childArn: String)
}

extension Engine {
    /// Serves a Task resource other than an activity: by a handler, a nested execution, or a
    /// forwarded call. Its answer comes back as the task's next event.
    func serveTask(_ call: TaskCall, executionArn: String) {
        let region = ExecutionRun.taskRegion(call.resource, executionArn: executionArn)
        guard let service = servers.service(for: call.resource, parameters: call.parameters, written: call.written) else {
            // It was served when scheduled; its handler has been removed since.
            let cause = ExecutionRun.unservedCause(call.written, resource: call.resource, state: call.stateName, parameters: call.parameters)
            enqueueFollowUp(.taskFailed(token: call.token, error: ErrorName.runtime, cause: cause), to: executionArn)
            return
        }
        let request = TaskRequest(
            resource: call.resource, input: Self.taskInput(call), parameters: call.parameters, taskToken: call.token,
            stateName: call.stateName, executionArn: executionArn, region: region)
        switch service {
        case .handler(let handler):
            runTaskWork(call) { try await handler(request) }
        case .forwarded(let forwarder):
            runTaskWork(call, shapesResult: false) { try await forwarder.forward(request) }
        case .nestedExecution:
            beginWork()
            driver.spawn { [weak self] in
                await self?.startNestedExecution(call, parentArn: executionArn)
                await self?.endWork()
            }
        }
    }

    /// What the resource works on (see `TaskRequest.input`).
    static func taskInput(_ call: TaskCall) -> JSONValue {
        guard case .integration(let integration) = call.resource, integration.service == "lambda", !integration.isSDK else {
            return call.parameters
        }
        // `lambda:invoke` sends its Payload; a string Payload is the request body itself.
        switch call.parameters["Payload"] {
        case nil, .null?: return [:]
        case .string(let body)?: return (try? JSONParser.parse(body)) ?? .string(body)
        case let payload?: return payload
        }
    }

    /// Runs a task's work as a child of the driver, cancelled when the task is withdrawn, and
    /// feeds its answer back: the result (shaped as Step Functions shapes it unless the work
    /// already did), the submission of a `.waitForTaskToken` call, or the error.
    private func runTaskWork(_ call: TaskCall, shapesResult: Bool = true, _ work: @escaping @Sendable () async throws -> JSONValue) {
        let cancelled = Wakeup()
        localWork[call.token] = cancelled
        beginWork()
        let clock = self.clock
        driver.spawn { [weak self] in
            let outcome = await Self.race(work, against: cancelled)
            let event = outcome.map { Self.event(for: call, outcome: $0, shapesResult: shapesResult, now: clock.now()) }
            await self?.taskWorkEnded(event, token: call.token)
        }
    }

    /// The work's outcome, or nil when the task was withdrawn first (the work is then cancelled).
    private static func race(
        _ work: @escaping @Sendable () async throws -> JSONValue, against cancelled: Wakeup
    ) async -> Result<JSONValue, any Error>? {
        await withTaskGroup(of: Result<JSONValue, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await work()) } catch { return .failure(error) }
            }
            group.addTask {
                await cancelled.wait()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static func event(for call: TaskCall, outcome: Result<JSONValue, any Error>, shapesResult: Bool, now: Date) -> RunEvent {
        let isLambda: Bool
        let pattern: TaskResource.Pattern
        switch call.resource {
        case .lambdaFunction: (isLambda, pattern) = (true, .requestResponse)
        case .integration(let integration):
            (isLambda, pattern) = (integration.service == "lambda" && !integration.isSDK, integration.pattern)
        default: (isLambda, pattern) = (false, .requestResponse)
        }
        switch outcome {
        case .success(let value) where value.isNested(deeperThan: JSONParser.maxDepth):
            return .taskFailed(
                token: call.token, error: "Stepwise.InvalidOutput",
                cause: "The task's result nests deeper than \(JSONParser.maxDepth) levels, the most JSON data may nest.")
        case .success(let value):
            let output = shapesResult ? shaped(value, call: call, now: now) : value
            return pattern == .waitForTaskToken ? .taskSubmitted(token: call.token, output: output) : .taskSucceeded(token: call.token, output: output)
        case .failure(let error):
            var (name, cause) = named(error)
            if isLambda, shapesResult { (name, cause) = TaskShapes.lambdaError(name, message: cause) }
            return .taskFailed(token: call.token, error: name, cause: cause)
        }
    }

    /// A handler's result as the task's result: `lambda:invoke`'s envelope, or an optimized
    /// integration's response with its metadata.
    private static func shaped(_ value: JSONValue, call: TaskCall, now: Date) -> JSONValue {
        guard case .integration(let integration) = call.resource else { return value }
        if integration.service == "lambda", !integration.isSDK, integration.action == "invoke" {
            let qualifier = call.parameters["FunctionName"]?.stringValue.flatMap { TaskResource.lambdaFunctionName($0).qualifier }
            return TaskShapes.invokeResult(value, qualifier: qualifier, date: now)
        }
        return TaskShapes.carriesResponseMetadata(integration) ? TaskShapes.withResponseMetadata(value, service: integration.service, date: now) : value
    }

    /// An error's name and cause as a task reports them.
    static func named(_ error: any Error) -> (String, String) {
        switch error {
        case let error as any NamedTaskError: return (error.errorName, error.cause)
        case let error as StatesError: return (error.error, error.cause)
        default: return (String(describing: type(of: error)), String(describing: error))
        }
    }

    private func taskWorkEnded(_ event: RunEvent?, token: String) async {
        defer { endWork() }
        localWork.removeValue(forKey: token)
        if let (executionArn, callback) = deferredCallbacks.removeValue(forKey: token) {
            // The callback came first: record the call's outcome, then the callback.
            if let event { try? await deliver(event, to: executionArn) }
            try? await deliver(callback, to: executionArn)
            return
        }
        if let event { await answerTask(event, token: token) }
    }

    /// Delivers a task's answer to its execution, if the task still waits.
    private func answerTask(_ event: RunEvent, token: String) async {
        if case .taskSubmitted = event {
            // The task now waits for its callback: the token stays open.
            guard case .open(let executionArn)? = broker.state(of: token) else { return }
            try? await deliver(event, to: executionArn)
        } else if let executionArn = closeToken(token) {
            try? await deliver(event, to: executionArn)
        }
    }

    // MARK: - Nested executions

    /// `states:startExecution[.sync|.sync:2|.waitForTaskToken]`: starts the child on this engine.
    private func startNestedExecution(_ call: TaskCall, parentArn: String) async {
        guard case .integration(let integration) = call.resource else { return }
        let parameters = call.parameters
        let input: String
        switch parameters["Input"] {
        case nil, .null?: input = "{}"
        case .string(let text)?: input = text
        case let value?: input = JSONSerializer.string(value)
        }
        let waitsForEnd = integration.pattern == .sync || integration.pattern == .sync2
        if waitsForEnd { nestedWaits[call.token] = .starting(ended: nil) }
        let parent = ParentTask(executionArn: parentArn, taskToken: call.token, pattern: integration.pattern.rawValue)
        let started: StartExecutionOutput
        do {
            started = try await startExecution(
                StartExecutionInput(stateMachineArn: parameters["StateMachineArn"]?.stringValue ?? "", name: parameters["Name"]?.stringValue, input: input),
                parent: parent)
        } catch {
            nestedWaits.removeValue(forKey: call.token)
            let (name, cause) = Self.stepFunctionsServiceError(error)
            await answerTask(.taskFailed(token: call.token, error: name, cause: cause), token: call.token)
            return
        }
        let response = TaskShapes.withResponseMetadata(
            ["ExecutionArn": .string(started.executionArn), "StartDate": .number(Self.epochMillis(started.startDate))],
            service: "states", date: clock.now())
        switch integration.pattern {
        case .requestResponse:
            await answerTask(.taskSucceeded(token: call.token, output: response), token: call.token)
        case .waitForTaskToken:
            await answerTask(.taskSubmitted(token: call.token, output: response), token: call.token)
        case .sync, .sync2:
            await answerTask(.taskSubmitted(token: call.token, output: response), token: call.token)
            if case .starting(let ended)? = nestedWaits[call.token], let ended {
                nestedWaits.removeValue(forKey: call.token)
                await answerTask(ended, token: call.token)
            } else if nestedWaits[call.token] != nil {
                nestedWaits[call.token] = .running(childArn: started.executionArn)
            }
        }
    }

    /// A nested execution ended: a parent task waiting for it (`.sync`, `.sync:2`) hears how.
    func nestedExecutionEnded(_ child: ExecutionRecord, parent: ParentTask) {
        guard let pattern = TaskResource.Pattern(rawValue: parent.pattern), pattern == .sync || pattern == .sync2 else { return }
        let event = Self.nestedOutcome(child, token: parent.taskToken, parsed: pattern == .sync2)
        switch nestedWaits[parent.taskToken] {
        case .starting?:
            nestedWaits[parent.taskToken] = .starting(ended: event)
        case .running?, nil:
            // Nil after a restart: the parent's task may still wait (it ignores an answer it does not).
            nestedWaits.removeValue(forKey: parent.taskToken)
            beginWork()
            driver.spawn { [weak self] in
                await self?.deliverNestedOutcome(event, token: parent.taskToken, parentArn: parent.executionArn)
                await self?.endWork()
            }
        }
    }

    private func deliverNestedOutcome(_ event: RunEvent, token: String, parentArn: String) async {
        // After a restart the token is not open in the broker: deliver to the parent directly.
        closeToken(token)
        try? await deliver(event, to: parentArn)
    }

    /// A parent's `.sync` task was withdrawn (the parent stopped, timed out or failed): its
    /// nested execution is stopped too.
    func stopNestedExecution(ofTask token: String) {
        guard case .running(let childArn)? = nestedWaits.removeValue(forKey: token) else { return }
        beginWork()
        driver.spawn { [weak self] in
            _ = try? await self?.stopExecution(StopExecutionInput(executionArn: childArn, cause: "The parent execution's task that started it ended."))
            await self?.endWork()
        }
    }

    /// The parent task's answer: the child described as DescribeExecution describes it, with its
    /// input and output as JSON text (`.sync`) or JSON (`.sync:2`).
    static func nestedOutcome(_ child: ExecutionRecord, token: String, parsed: Bool) -> RunEvent {
        func payload(_ text: String) -> JSONValue { parsed ? (try? JSONParser.parse(text)) ?? .string(text) : .string(text) }
        var description: JSONObject = [:]
        if let cause = child.cause { description["Cause"] = .string(cause) }
        if let error = child.error { description["Error"] = .string(error) }
        description["ExecutionArn"] = .string(child.arn)
        description["Input"] = payload(child.input)
        description["InputDetails"] = ["Included": true]
        description["Name"] = .string(child.name)
        if let output = child.output {
            description["Output"] = payload(output)
            description["OutputDetails"] = ["Included": true]
        }
        if child.status == .succeeded {
            description["RedriveCount"] = 0
            description["RedriveStatus"] = "NOT_REDRIVABLE"
            description["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
        }
        description["StartDate"] = .number(epochMillis(child.startDate))
        description["StateMachineArn"] = .string(child.stateMachineArn)
        description["Status"] = .string(child.status.rawValue)
        if let stop = child.stopDate { description["StopDate"] = .number(epochMillis(stop)) }
        guard child.status == .succeeded else {
            return .taskFailed(token: token, error: ErrorName.taskFailed, cause: JSONSerializer.string(.object(description)))
        }
        return .taskSucceeded(token: token, output: .object(description))
    }

    /// A Step Functions API error as the optimized integration reports it.
    static func stepFunctionsServiceError(_ error: any Error) -> (String, String) {
        guard let error = error as? StepFunctionsError else { return named(error) }
        let code = error.code.rawValue
        let requestId = UUID().uuidString.lowercased()
        return (
            "StepFunctions.\(code)Exception",
            "\(error.message) (Service: AWSStepFunctions; Status Code: 400; Error Code: \(code); Request ID: \(requestId); Proxy: null)"
        )
    }

    static func epochMillis(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}

extension ExecutionRun {
    /// The region of a task of `executionArn` (see `region(of:)`).
    static func taskRegion(_ resource: TaskResource, executionArn: String) -> String {
        if case .integration(let integration) = resource, let region = integration.region { return region }
        return (try? ARN.parse(executionArn, expecting: [.execution, .express]))?.region ?? ""
    }
}

extension Engine: ExecutionEndWaiting, TaskHandlerHosting {}
