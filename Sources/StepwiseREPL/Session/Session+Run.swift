import Foundation
import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseHandlerPackages
import StepwiseJSON

extension Session {
    /// `:run NAME INPUT` — the reloaded workflow: a fresh snapshot machine and activities,
    /// workers on the current handlers, one execution, clean-up. It returns when the execution
    /// ends, or when it waits for a callback: the run then goes on in the background until
    /// `:succeed`/`:fail` answer it, a timeout ends it, or the shell exits.
    ///
    /// `NAME#CASE` runs test case CASE of the mock file (`:mocks`): its mocked responses answer
    /// the Task states it names, the others are served as in any run.
    func run(_ typed: String, inputText: String) async throws -> CommandResult {
        let parts = typed.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        let testCase = parts.count == 2 ? parts[1] : nil
        let entry = try machine(name)
        guard let definition = entry.definition else {
            throw InputError("\(Self.display(entry.file)) has never loaded cleanly; fix it first:\n"
                + entry.problems.map { "  " + Self.displayDiagnostic($0) }.joined(separator: "\n"))
        }
        if !entry.problems.isEmpty {
            console.print(console.style.yellow("note: ") + "\(Self.display(entry.file)) has errors; running its last good version")
        }
        if let unfilled = definition.unfilledPlaceholders {
            throw InputError("\(name) cannot run with placeholders unfilled: \(unfilled.message); \(Self.substitutionAdvice(for: name))")
        }
        let mocked = try testCase.map { testCase throws(InputError) in try mockedStates(name, testCase: testCase, definition: definition) }
        let input = try InputValue.parse(inputText)
        let mockedOnly = mocked.map { Self.activitiesOnlyIn(Set($0.keys), of: definition) } ?? []
        let activityHandlers = try await activityTargets(for: definition, optional: mockedOnly).mapValues(\.handler)
        await bindHandlerCalls()
        let stepwise = self.stepwise
        try await deployNestedMachines(of: definition, on: stepwise)
        let (task, executionArn) = try await launch { started in
            try await stepwise.reloaded.run(
                name, definition: definition, handlers: activityHandlers, input: input, testCase: testCase, onStart: started)
        }
        let record = RunRecord(
            number: runs.count + 1, machine: name, snapshot: Self.machineName(ofExecution: executionArn), executionArn: executionArn,
            definition: definition, backendName: backendName, stepwise: stepwise, input: input, testCase: testCase, mocked: mocked ?? [:])
        runs.append(record)
        runTasks[record.number] = task
        refreshCompletion()
        return try await follow(record.number)
    }

    /// Runs `work` in a task of its own and returns once it reports, with `started`, the
    /// execution it follows; if it ends first, its error is thrown. Cancelling cancels the work.
    func launch(
        _ work: @escaping @Sendable (_ started: @escaping @Sendable (String) -> Void) async throws -> ExecutionResult
    ) async throws -> (task: Task<ExecutionResult, any Error>, executionArn: String) {
        let (started, starting) = AsyncStream.makeStream(of: String.self)
        let task = Task {
            defer { starting.finish() }
            return try await work { starting.yield($0) }
        }
        var executionArn: String?
        await withTaskCancellationHandler {
            for await arn in started {
                executionArn = arn
                break
            }
        } onCancel: {
            task.cancel()
        }
        guard let executionArn else {
            // The work ended before its execution started: its error says why.
            _ = try await task.value
            throw CancellationError()
        }
        return (task, executionArn)
    }

    /// Waits for run `number` to end, or to wait for a callback, and shows which. A run that
    /// waits is watched from then on, so that its end is announced when no command follows it.
    /// Cancelling the command cancels the run (its execution is stopped).
    func follow(_ number: Int) async throws -> CommandResult {
        let record = runs[number - 1]
        guard let task = runTasks[number] else { return .succeeded }
        followed.insert(number)
        defer { followed.remove(number) }
        enum Next: Sendable {
            case ended
            case waiting([PendingCallback])
        }
        let stepwise = record.stepwise
        let next: Next = await withTaskCancellationHandler {
            await withTaskGroup(of: Next?.self) { group in
                group.addTask {
                    _ = try? await stepwise.waitForExecution(record.executionArn)
                    return .ended
                }
                if let listing = stepwise.backend.pendingCallbacks {
                    group.addTask {
                        let waiting = await listing.waitForCallbacks(of: record.executionArn)
                        return waiting.isEmpty ? nil : .waiting(waiting)
                    }
                }
                var first: Next?
                while first == nil, let next = await group.next() { first = next }
                group.cancelAll()
                return first ?? .ended
            }
        } onCancel: {
            task.cancel()
        }
        switch next {
        case .waiting(let callbacks):
            watch(number, task)
            if let listing = stepwise.backend.pendingCallbacks { rememberTokens(await listing.pendingCallbacks()) }
            say(ResultView.renderWaiting(callbacks, machine: record.snapshot, style: console.style))
            return .succeeded
        case .ended:
            let outcome = await task.result
            runEnded(number, outcome, announced: false)
            let result = try outcome.get()
            return result.succeeded ? .succeeded : .failed
        }
    }

    /// Announces the end of a run that waited for a callback, unless a command follows it.
    private func watch(_ number: Int, _ task: Task<ExecutionResult, any Error>) {
        guard watched.insert(number).inserted else { return }
        Task {
            let outcome = await task.result
            self.runEnded(number, outcome, announced: true)
        }
    }

    /// Records how run `number` ended, once, and shows it: printed for the command that follows
    /// it (which reports an error itself), or announced when it ended in the background.
    private func runEnded(_ number: Int, _ outcome: Result<ExecutionResult, any Error>, announced: Bool) {
        if announced, followed.contains(number) { return }
        guard runTasks.removeValue(forKey: number) != nil else { return }
        let record = runs[number - 1]
        let report: (String) -> Void = announced ? { self.console.notice($0) } : { self.console.print($0) }
        switch outcome {
        case .success(let result):
            runs[number - 1].result = result
            if announced { report(console.style.dim("run \(number) (\(record.snapshot)) has ended:")) }
            ResultView.render(result, machine: record.snapshot, style: console.style).forEach(report)
        case .failure(let error):
            if announced { report(console.style.red("error: ") + "run \(number) (\(record.snapshot)): \(error)") }
        }
        refreshCompletion()
    }

    /// Bounds the calls of Lambda function and integration handlers by the Task states of the
    /// loaded machines, as they are now.
    func bindHandlerCalls() async {
        await handlers.bindCalls(to: machines.values.compactMap(\.definition))
    }

    /// Where the calls of every activity the definition uses go, with the shell's advice when
    /// one has no handler (the `optional` ones may have none).
    func activityTargets(for definition: Definition, optional: Set<String> = []) async throws -> [String: HandlerTarget] {
        do {
            return try await handlers.activityTargets(for: definition, optional: optional)
        } catch {
            guard error.packagesLoaded else {
                throw InputError("\(error.description) (a folder with a Package.swift next to the definition)")
            }
            throw InputError(error.description)
        }
    }

    /// The activities (keywords) that only the states in `states` use: a test case that mocks
    /// those states answers all their tasks, so they need no handler.
    static func activitiesOnlyIn(_ states: Set<String>, of definition: Definition) -> Set<String> {
        let keywords = Dictionary(definition.activities.map { ($0.activityName, $0.keyword.description) }) { first, _ in first }
        var usedElsewhere: [String: Bool] = [:]
        for (stateName, state) in definition.loaded.machine.everyState {
            guard let activity = state.resource.flatMap(SugaredEDN.activityName(fromPlaceholderARN:)), let keyword = keywords[activity] else { continue }
            usedElsewhere[keyword, default: false] = usedElsewhere[keyword, default: false] || !states.contains(stateName)
        }
        return Set(usedElsewhere.filter { !$0.value }.keys)
    }

    /// Makes the loaded machines that `definition`'s Task states start (`states:startExecution`
    /// with a StateMachineArn as written) exist on the backend under their own names, in their
    /// current version, so that a nested execution runs what the shell shows. A machine that is
    /// not loaded is left to the backend.
    func deployNestedMachines(of definition: Definition, on stepwise: Stepwise) async throws {
        var pending = [definition]
        var deployed: Set<String> = []
        while let next = pending.popLast() {
            for (stateName, state) in next.loaded.machine.everyState {
                guard let resource = state.resource, case .integration(let integration) = TaskResource(resource),
                    integration.service == "states", !integration.isSDK, integration.action == "startExecution",
                    let written = (state.parameters ?? state.arguments)?["StateMachineArn"]?.stringValue,
                    let arn = try? ARN.parse(written, expecting: [.stateMachine]),
                    let child = machines[arn.resource[0]]?.definition, deployed.insert(arn.resource[0]).inserted
                else { continue }
                guard child.activities.isEmpty else {
                    throw InputError(
                        "Task state \(stateName) starts machine \(arn.resource[0]), which uses activities: the shell serves the activities of the machine it runs only")
                }
                let made = try await stepwise.ensureStateMachine(arn.resource[0], definition: child)
                if made != ARN.stateMachine(region: arn.region, account: arn.account, name: arn.resource[0]).description {
                    console.print(console.style.yellow("note: ") + "Task state \(stateName) starts \(written), but the shell's \(arn.resource[0]) is \(made)")
                }
                pending.append(child)
            }
        }
    }

    static func machineName(ofExecution arn: String) -> String {
        (try? ARN.parse(arn, expecting: [.execution, .express]))?.resource[0] ?? arn
    }

    /// `:test-state NAME STATE INPUT [mock RESULT]` — one state through the backend's
    /// TestState. A Task with no mock calls the loaded handler (local engine): an activity's
    /// through a handler registered for this one call, a Lambda function's or an integration's
    /// as the engine serves it in runs.
    func testState(_ name: String, state: String, inputText: String, mockText: String?) async throws -> CommandResult {
        let entry = try machine(name)
        guard let definition = entry.definition else { throw InputError("\(name) has never loaded cleanly") }
        guard let stateJSON = Self.findState(state, in: definition.loaded.document) else {
            throw InputError("\(name) has no state \(state); its states: \(entry.stateNames.joined(separator: ", "))")
        }
        let input = try InputValue.parse(inputText)
        var mock: TestStateMock?
        var served: (any TaskHandlerHosting, TaskHandlerKey)?
        if let mockText {
            mock = TestStateMock(result: JSONSerializer.string(try InputValue.value(mockText, bareWordIsString: true)))
        } else if let resource = stateJSON["Resource"]?.stringValue, let activity = SugaredEDN.activityName(fromPlaceholderARN: resource) {
            guard let hosting = stepwise.backend.taskHandlers else {
                throw InputError("on the \(backendName) backend a Task state needs a mock: :test-state \(name) \(state) … mock RESULT")
            }
            let keyword = definition.activities.first { $0.activityName == activity }?.keyword.description ?? activity
            guard let target = try await activityTargets(for: definition)[keyword] else { throw InputError("no handler for :\(keyword)") }
            // Served by the handler for this one call: registered for the state's exact resource, removed after.
            served = (hosting, .resource(resource))
            await hosting.registerTaskHandler(.resource(resource)) { request in try await target.call(request.input) }
        } else {
            await bindHandlerCalls()
        }
        defer {
            if let (hosting, key) = served { Task { await hosting.removeTaskHandler(key) } }
        }
        var request = TestStateInput(definition: JSONSerializer.string(stateJSON), input: JSONSerializer.string(input), mock: mock)
        request.roleArn = stepwise.backend.roleArn
        let output = try await stepwise.backend.api.testState(request)
        say(TestStateView.render(output, style: console.style))
        return output.status == "FAILED" ? .failed : .succeeded
    }

    /// A state's ASL object, searched through branches and item processors.
    static func findState(_ name: String, in machine: JSONValue, depth: Int = 0) -> JSONValue? {
        guard depth < 64, case .object(let states)? = machine["States"] else { return nil }
        if let state = states[name] { return state }
        for state in states.values {
            for branch in state["Branches"]?.arrayValue ?? [] {
                if let found = findState(name, in: branch, depth: depth + 1) { return found }
            }
            for key in ["ItemProcessor", "Iterator"] {
                if let processor = state[key], let found = findState(name, in: processor, depth: depth + 1) { return found }
            }
        }
        return nil
    }
}
