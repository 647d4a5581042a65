import Foundation
import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseJSON

extension Session {
    /// `:run NAME INPUT` — the reloaded workflow: a fresh snapshot machine and activities,
    /// workers on the current handlers, one execution, clean-up.
    func run(_ name: String, inputText: String) async throws -> CommandResult {
        let entry = try machine(name)
        guard let definition = entry.definition else {
            throw InputError("\(Self.display(entry.file)) has never loaded cleanly; fix it first:\n"
                + entry.problems.map { "  " + Self.displayDiagnostic($0) }.joined(separator: "\n"))
        }
        if !entry.problems.isEmpty {
            console.print(console.style.yellow("note: ") + "\(Self.display(entry.file)) has errors; running its last good version")
        }
        let input = try InputValue.parse(inputText)
        let handlers = try await currentHandlers(for: definition)
        let stepwise = self.stepwise
        let backend = backendName
        let result = try await stepwise.reloaded.run(name, definition: definition, handlers: handlers, input: input)
        let record = RunRecord(
            number: runs.count + 1, machine: name, snapshot: Self.machineName(ofExecution: result.executionArn),
            executionArn: result.executionArn, backendName: backend, stepwise: stepwise, input: input, result: result)
        runs.append(record)
        refreshCompletion()
        say(ResultView.render(result, machine: record.snapshot, style: console.style))
        return result.succeeded ? .succeeded : .failed
    }

    /// Handlers for every activity the definition uses, served by the loaded packages (after
    /// any build in progress); an activity without one is an error, since its task would wait
    /// for a worker forever.
    func currentHandlers(for definition: Definition) async throws -> [String: Handler] {
        try await servingPackages(for: definition).mapValues { target in
            Handler(withContext: { request, _ in try await target.call(request) })
        }
    }

    /// Activity keyword → where its calls go, for every activity the definition uses (later
    /// packages win when two serve one activity).
    func servingPackages(for definition: Definition) async throws -> [String: HandlerTarget] {
        var served: [String: HandlerPackage] = [:]
        for package in packages.values.sorted(by: { $0.directory < $1.directory }) {
            await package.waitForBuild()
            for activity in await package.activities { served[activity] = package }
        }
        var result: [String: HandlerTarget] = [:]
        var missing: [String] = []
        for activity in definition.activities {
            let keyword = activity.keyword.description
            guard let package = served[keyword] else {
                missing.append(":" + keyword)
                continue
            }
            let limit = CallLimit.forActivity(keyword, in: definition, fallback: options.handlerTimeout)
            result[keyword] = HandlerTarget(package: package, activity: keyword, limit: limit)
        }
        guard missing.isEmpty else {
            let packageNote = packages.isEmpty
                ? "no handler package is loaded (a folder with a Package.swift next to the definition)"
                : "register them in a handler package: HandlerRegistry().register(\"\(missing[0].dropFirst())\", …)"
            throw InputError("no handler for \(missing.joined(separator: ", ")): \(packageNote)")
        }
        return result
    }

    static func machineName(ofExecution arn: String) -> String {
        (try? ARN.parse(arn, expecting: [.execution, .express]))?.resource[0] ?? arn
    }

    /// `:test-state NAME STATE INPUT [mock RESULT]` — one state through the backend's
    /// TestState. A Task on an activity with no mock calls the loaded handler (local engine).
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
            guard let target = try await servingPackages(for: definition)[keyword] else { throw InputError("no handler for :\(keyword)") }
            // Served by the handler for this one call: registered for the state's exact resource, removed after.
            served = (hosting, .resource(resource))
            await hosting.registerTaskHandler(.resource(resource)) { request in try await target.call(request.input) }
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

/// Where one activity's calls go, and how long each may run.
struct HandlerTarget: Sendable {
    let package: HandlerPackage
    let activity: String
    let limit: CallLimit

    func call(_ input: JSONValue) async throws -> JSONValue {
        try await package.call(activity, input: input, limit: limit)
    }
}
