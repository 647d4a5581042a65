import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// The embedded Step Functions engine: a `StepFunctionsBackend` that runs state machines
/// in-process. One actor owns all state; each execution is an `ExecutionRun` (a pure
/// interpreter) that this actor feeds with events and whose commands it carries out.
public actor Engine: StepFunctionsBackend {
    public struct Configuration: Sendable {
        public var region: String
        public var account: String
        /// How long `GetActivityTask` waits for a task before answering empty.
        public var activityPollTimeout: TimeInterval
        public init(region: String = "us-east-1", account: String = "123456789012", activityPollTimeout: TimeInterval = 60) {
            self.region = region
            self.account = account
            self.activityPollTimeout = activityPollTimeout
        }
    }

    /// A Swift closure standing in for a Task resource the engine cannot run itself
    /// (a Lambda function, an SDK integration …).
    public typealias LocalResource = @Sendable (JSONValue) async throws -> JSONValue

    let configuration: Configuration
    let clock: any EngineClock
    let store: any EngineStore

    struct Machine {
        var record: StateMachineRecord
        var graph: CompiledGraph
        var timeoutSeconds: Int?
    }

    struct Execution {
        var record: ExecutionRecord
        var run: ExecutionRun?
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Timer id → its deadline and the task sleeping until then.
        var timers: [Int: (deadline: Date, task: Task<Void, Never>)] = [:]
    }

    var machines: [String: Machine] = [:]
    var activities: [String: ActivityRecord] = [:]
    var executions: [String: Execution] = [:]
    /// Execution ARNs in start order (ListExecutions pages over it, newest first).
    var executionOrder: [String] = []
    var localResources: [String: LocalResource] = [:]
    var broker = ActivityBroker()
    var nextPollId = 0
    /// Set when a store write failed; the engine then refuses further work.
    var storeFailure: String?

    public init(configuration: Configuration = .init(), clock: any EngineClock = SystemClock(), store: any EngineStore = InMemoryEngineStore()) {
        self.configuration = configuration
        self.clock = clock
        self.store = store
    }

    /// Registers a stand-in for a Task resource (by its exact `Resource` string).
    public func registerLocalResource(_ resource: String, _ handler: @escaping LocalResource) {
        localResources[resource] = handler
    }

    // MARK: - Driving executions

    /// Feeds one event to an execution, stores the step (input, events, record) in one go, and
    /// carries out what the interpreter asks for. `isNew` stores the execution's record too.
    func apply(_ event: RunEvent, to executionArn: String, isNew: Bool = false) {
        guard storeFailure == nil else { return }
        guard let run = executions[executionArn]?.run else { return }
        let now = clock.now()
        let commands = run.handle(event, now: now, environment: LazyEnvironment(engine: self))
        let events = run.newEvents
        run.newEvents = []
        if run.isFinished {
            executions[executionArn]!.run = nil
            executions[executionArn]!.record.finish(run, at: now)
        }
        let step = ExecutionStep(
            executionArn: executionArn, journal: store.keepsJournal ? event.journalEntry(at: now) : nil, events: events,
            record: isNew || run.isFinished ? executions[executionArn]!.record : nil)
        do {
            try store.commit(step)
        } catch {
            // Going on would act on state the store does not have: stop here.
            storeFailure = "\(error)"
            return
        }
        for command in commands { carryOut(command, for: executionArn) }
        if run.isFinished { finished(executionArn) }
    }

    /// Runs a store write; a failure stops the engine (see `requireHealthyStore`).
    func persist(_ write: () throws -> Void) throws(StepFunctionsError) {
        try requireHealthyStore()
        do {
            try write()
        } catch {
            storeFailure = "\(error)"
            try requireHealthyStore()
        }
    }

    /// Refuses work once the persistent store has failed.
    func requireHealthyStore() throws(StepFunctionsError) {
        if let storeFailure {
            throw StepFunctionsError(.internalFailure, "the engine's store failed (\(storeFailure)); restart to recover from the last stored state")
        }
    }

    func carryOut(_ command: RunCommand, for executionArn: String) {
        switch command {
        case .scheduleActivity(let token, let activityArn, let input):
            let task = ActivityBroker.PendingTask(token: token, executionArn: executionArn, input: JSONSerializer.string(input))
            if let delivered = broker.enqueue(task, activityArn: activityArn) {
                apply(.taskStarted(token: token, workerName: delivered.workerName), to: executionArn)
                delivered.continuation.resume(returning: GetActivityTaskOutput(taskToken: token, input: task.input))
            }
        case .invokeResource(let token, let resource, let input):
            apply(.taskStarted(token: token, workerName: nil), to: executionArn)
            invokeLocalResource(token: token, resource: resource, input: input, executionArn: executionArn)
        case .cancelTask(let token):
            broker.close(token: token)
        case .startTimer(let id, let deadline):
            let clock = self.clock
            let task = Task { [weak self] in
                do { try await clock.sleep(until: deadline) } catch { return }
                await self?.timerFired(id, executionArn: executionArn)
            }
            executions[executionArn]?.timers[id] = (deadline, task)
        case .cancelTimer(let id):
            executions[executionArn]?.timers.removeValue(forKey: id)?.task.cancel()
        }
    }

    /// Runs a registered stand-in for a Task resource and feeds its answer back.
    func invokeLocalResource(token: String, resource: String, input: JSONValue, executionArn: String) {
        broker.open(token: token, executionArn: executionArn)
        guard let handler = localResources[resource] else { return }
        Task { [weak self] in
            let event: RunEvent
            do {
                event = .taskSucceeded(token: token, output: try await handler(input))
            } catch let error as StatesError {
                event = .taskFailed(token: token, error: error.error, cause: error.cause)
            } catch {
                event = .taskFailed(token: token, error: String(describing: type(of: error)), cause: String(describing: error))
            }
            await self?.deliverLocalResult(event, token: token)
        }
    }

    private func deliverLocalResult(_ event: RunEvent, token: String) {
        guard let executionArn = broker.close(token: token) else { return }
        apply(event, to: executionArn)
    }

    private func timerFired(_ id: Int, executionArn: String) {
        guard executions[executionArn]?.timers.removeValue(forKey: id) != nil else { return }
        apply(.timerFired(id), to: executionArn)
    }

    private func finished(_ executionArn: String) {
        guard var execution = executions[executionArn] else { return }
        for timer in execution.timers.values { timer.task.cancel() }
        execution.timers.removeAll()
        let waiters = execution.waiters
        execution.waiters.removeAll()
        executions[executionArn] = execution
        for waiter in waiters { waiter.resume() }
    }

    /// The earliest deadline of any execution's pending timer (Wait, Retry, timeouts).
    public func nextTimerDeadline() -> Date? {
        executions.values.lazy.flatMap { $0.timers.values.map(\.deadline) }.min()
    }

    /// Waits (without polling) until the execution has ended, then describes it.
    public func waitForExecution(_ executionArn: String) async throws -> DescribeExecutionOutput {
        guard let execution = executions[executionArn] else {
            throw StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: '\(executionArn)'")
        }
        if execution.record.status == .running {
            await withCheckedContinuation { continuation in
                executions[executionArn]?.waiters.append(continuation)
            }
        }
        return try await describeExecution(DescribeExecutionInput(executionArn: executionArn))
    }
}

/// Answers the interpreter's questions from the engine's registries without copying them.
struct LazyEnvironment: RunEnvironment {
    let activities: [String: ActivityRecord]
    let resources: [String: Engine.LocalResource]

    init(engine: isolated Engine) {
        activities = engine.activities
        resources = engine.localResources
    }

    func activityExists(_ arn: String) -> Bool { activities[arn] != nil }
    func hasLocalResource(_ resource: String) -> Bool { resources[resource] != nil }
}
