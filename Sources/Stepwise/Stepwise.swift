import Foundation
import Logging
import StatesLanguage
import StepFunctions
import StepwiseEngine
import StepwiseJSON

/// The Stepwise library: state machines from sugared EDN (or JSON, YAML, the model), activity
/// workers in Swift, and executions — on the embedded engine or on AWS, with the same code.
public struct Stepwise: Sendable {
    /// Where state machines run.
    public struct Backend: Sendable {
        public let api: any StepFunctionsBackend
        /// Present when the backend tells when an execution ends (the embedded engine): waits
        /// are event-driven instead of polled.
        public let endWaiting: (any ExecutionEndWaiting)?
        /// Present when the backend serves Task resources with Swift handlers (the embedded engine).
        public let taskHandlers: (any TaskHandlerHosting)?
        /// Present when the backend can list the tasks waiting for a callback (the embedded engine).
        public let pendingCallbacks: (any PendingCallbackListing)?
        /// The IAM role given to new state machines (AWS checks it; the engine only stores it).
        public let roleArn: String

        public init(
            api: any StepFunctionsBackend, roleArn: String, endWaiting: (any ExecutionEndWaiting)? = nil,
            taskHandlers: (any TaskHandlerHosting)? = nil, pendingCallbacks: (any PendingCallbackListing)? = nil
        ) {
            self.api = api
            self.endWaiting = endWaiting
            self.taskHandlers = taskHandlers
            self.pendingCallbacks = pendingCallbacks
            self.roleArn = roleArn
        }

        /// The embedded engine: no account, no network.
        public static func local(_ engine: Engine = Engine()) -> Backend {
            Backend(
                api: engine, roleArn: "arn:aws:iam::123456789012:role/stepwise-local", endWaiting: engine, taskHandlers: engine,
                pendingCallbacks: engine)
        }

        /// The embedded engine for tests: its tasks answered from `mocks` in executions started
        /// with a test case, and, with `virtualTime`, waits, backoffs and timeouts that take no
        /// real time (see `VirtualClock`).
        public static func local(mocks: MockConfiguration?, virtualTime: Bool = false) -> Backend {
            .local(Engine(configuration: .init(mocks: mocks), clock: virtualTime ? VirtualClock() : SystemClock()))
        }
    }

    public let backend: Backend
    /// Where offloaded payloads are stored and loaded from (nil: no offload support).
    public let blobStore: (any BlobStore)?
    public let logger: Logger

    public init(backend: Backend = .local(), blobStore: (any BlobStore)? = nil, logger: Logger = Logger(label: "stepwise")) {
        self.backend = backend
        self.blobStore = blobStore
        self.logger = logger
    }

    var api: any StepFunctionsBackend { backend.api }

    // MARK: - State machines

    /// Creates the activities the definition names by keyword, then creates the state machine
    /// or updates it when it exists. Returns its ARN.
    @discardableResult
    public func ensureStateMachine(_ name: String, definition: Definition) async throws -> String {
        try await ensure(name, definition: definition, publish: false, versionDescription: nil).stateMachineArn
    }

    /// `ensureStateMachine(_:definition:)`, then, with `publish`, the machine's current revision
    /// published as a version (the version already published from it when nothing changed),
    /// and, with `alias`, that alias (created if missing) routing every execution to the version.
    /// An alias routes to versions, so it needs `publish`.
    @discardableResult
    public func ensureStateMachine(
        _ name: String, definition: Definition, publish: Bool, alias: String? = nil, versionDescription: String? = nil
    ) async throws -> EnsuredStateMachine {
        if alias != nil, !publish { throw StepwiseError.invalidInput("an alias routes to published versions: pass publish: true") }
        var ensured = try await ensure(name, definition: definition, publish: publish, versionDescription: versionDescription)
        if let alias, let version = ensured.versionArn {
            let routing = [RoutingConfigurationListItem(stateMachineVersionArn: version, weight: 100)]
            do {
                ensured.aliasArn = try await api.createStateMachineAlias(CreateStateMachineAliasInput(name: alias, routingConfiguration: routing))
                    .stateMachineAliasArn
            } catch let error as StepFunctionsError where error.code == .conflict {
                // The alias exists and routes elsewhere: move it.
                let arn = ensured.stateMachineArn + ":" + alias
                _ = try await api.updateStateMachineAlias(UpdateStateMachineAliasInput(stateMachineAliasArn: arn, routingConfiguration: routing))
                ensured.aliasArn = arn
            }
        }
        return ensured
    }

    private func ensure(_ name: String, definition: Definition, publish: Bool, versionDescription: String?) async throws -> EnsuredStateMachine {
        let activityARNs = try await ensureActivities(definition.activities.map(\.activityName))
        let text = definition.loaded.json(activityARNs: activityARNs)
        let publishing = publish ? true : nil
        do {
            let created = try await api.createStateMachine(CreateStateMachineInput(
                name: name, definition: text, roleArn: backend.roleArn, publish: publishing, versionDescription: versionDescription))
            return EnsuredStateMachine(stateMachineArn: created.stateMachineArn, versionArn: created.stateMachineVersionArn)
        } catch let error as StepFunctionsError where error.code == .stateMachineAlreadyExists {
            let arn = try await stateMachineArn(name)
            let updated = try await api.updateStateMachine(UpdateStateMachineInput(
                stateMachineArn: arn, definition: text, publish: publishing, versionDescription: versionDescription))
            return EnsuredStateMachine(stateMachineArn: arn, versionArn: updated.stateMachineVersionArn)
        }
    }

    /// Creates (idempotently) activities by AWS name; returns name → ARN.
    func ensureActivities(_ names: [String]) async throws -> [String: String] {
        var arns: [String: String] = [:]
        for name in names where arns[name] == nil {
            arns[name] = try await api.createActivity(CreateActivityInput(name: name)).activityArn
        }
        return arns
    }

    /// The ARN of the state machine called `nameOrArn` (an ARN is returned as is).
    public func stateMachineArn(_ nameOrArn: String) async throws -> String {
        if nameOrArn.hasPrefix("arn:") { return nameOrArn }
        var token: String?
        repeat {
            let page = try await api.listStateMachines(ListStateMachinesInput(maxResults: 1000, nextToken: token))
            if let match = page.stateMachines.first(where: { $0.name == nameOrArn }) { return match.stateMachineArn }
            token = page.nextToken
        } while token != nil
        throw StepwiseError.stateMachineNotFound(nameOrArn)
    }

    // MARK: - Executions

    /// Starts an execution and returns its ARN without waiting. With `testCase`, the test case
    /// of that name in the backend's mock configuration answers the machine's tasks (the
    /// `<state machine ARN>#<test case>` of Step Functions Local, which `stepwise serve` also takes).
    public func startExecution(_ machine: String, input: JSONValue = [:], executionName: String? = nil, testCase: String? = nil) async throws -> String {
        let arn = try await stateMachineArn(machine) + (testCase.map { "#" + $0 } ?? "")
        return try await api.startExecution(
            StartExecutionInput(stateMachineArn: arn, name: executionName, input: JSONSerializer.string(input))
        ).executionArn
    }

    /// Starts an execution of `Codable` input and returns its ARN without waiting.
    public func startExecution<Input: Encodable & Sendable>(
        _ machine: String, input: Input, executionName: String? = nil, testCase: String? = nil
    ) async throws -> String {
        try await startExecution(machine, input: try JSONBridge.encode(input), executionName: executionName, testCase: testCase)
    }

    /// Starts an execution and waits for it to end (`wait: true`), returning how it ended.
    /// A failed execution is a result, not an error. `timeout` bounds the wait on remote backends.
    public func startExecution(
        _ machine: String, input: JSONValue = [:], executionName: String? = nil, testCase: String? = nil, wait: Bool, timeout: Double? = nil
    ) async throws -> ExecutionResult {
        let arn = try await startExecution(machine, input: input, executionName: executionName, testCase: testCase)
        return wait ? try await waitForExecution(arn, timeout: timeout) : try ExecutionResult(try await api.describeExecution(DescribeExecutionInput(executionArn: arn)))
    }

    /// `startExecution(…, wait: true)` for `Codable` input.
    public func run<Input: Encodable & Sendable>(
        _ machine: String, input: Input, executionName: String? = nil, testCase: String? = nil, timeout: Double? = nil
    ) async throws -> ExecutionResult {
        try await startExecution(machine, input: try JSONBridge.encode(input), executionName: executionName, testCase: testCase, wait: true, timeout: timeout)
    }

    /// RedriveExecution: an unsuccessful execution (FAILED, TIMED_OUT or ABORTED) goes on from
    /// the states that did not succeed, under the same ARN. With `wait`, waits for it to end again.
    public func redriveExecution(_ executionArn: String, wait: Bool, timeout: Double? = nil) async throws -> ExecutionResult {
        _ = try await api.redriveExecution(RedriveExecutionInput(executionArn: executionArn))
        return wait ? try await waitForExecution(executionArn, timeout: timeout) : try ExecutionResult(try await api.describeExecution(DescribeExecutionInput(executionArn: executionArn)))
    }

    /// Waits for an execution to end: event-driven on the embedded engine; elsewhere polling
    /// DescribeExecution with backoff (100 ms growing to 2 s), up to `timeout` seconds.
    public func waitForExecution(_ executionArn: String, timeout: Double? = nil) async throws -> ExecutionResult {
        if let endWaiting = backend.endWaiting {
            return try ExecutionResult(try await endWaiting.waitForExecution(executionArn))
        }
        let start = Date()
        var delay = 0.1
        while true {
            let description = try await api.describeExecution(DescribeExecutionInput(executionArn: executionArn))
            if description.status != .running { return try ExecutionResult(description) }
            if let timeout, Date().timeIntervalSince(start) + delay > timeout {
                throw StepwiseError.timedOut(executionArn: executionArn, seconds: timeout)
            }
            try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            delay = min(delay * 1.5, 2)
        }
    }

    // MARK: - Workers

    /// Starts workers for handlers keyed by activity keyword (`"activity/add"`, as written in
    /// EDN) or AWS activity name; the activities are created if missing.
    public func startWorkers(
        _ handlers: [String: Handler], concurrency: Int = 1, interceptors: [Interceptor] = [], workerName: String? = nil
    ) async throws -> Workers {
        var bindings: [Workers.Binding] = []
        for (key, handler) in handlers.sorted(by: { $0.key < $1.key }) {
            let name = key.hasPrefix("arn:") ? key : SugaredEDN.resourceName(from: EDNName.keyword(key) ?? EDNName(name: key))
            let arn = key.hasPrefix("arn:") ? key : try await ensureActivities([name])[name]!
            bindings.append(Workers.Binding(activityArn: arn, handler: handler.intercepted(by: interceptors)))
        }
        let workers = Workers(
            backend: api, bindings: bindings, concurrency: concurrency, blobStore: blobStore,
            workerName: workerName ?? "stepwise-\(ProcessInfo.processInfo.processIdentifier)", logger: logger)
        workers.start()
        return workers
    }

    /// The reloaded workflow: fresh machine and activities per run (see `Reloaded`).
    public var reloaded: Reloaded { Reloaded(stepwise: self) }
}

/// What `ensureStateMachine(_:definition:publish:alias:versionDescription:)` left in place.
public struct EnsuredStateMachine: Sendable, Hashable {
    public var stateMachineArn: String
    /// The version published (nil without `publish`).
    public var versionArn: String?
    /// The alias now routing to that version (nil without `alias`).
    public var aliasArn: String?
}
