import DequeModule
import Foundation
import StepFunctions
import StepwiseJSON

/// The embedded Step Functions engine: a `StepFunctionsBackend` that runs state machines
/// in-process.
///
/// The actor owns the registries (machines, activities, executions), the activity broker and
/// the timer queue; each execution is an `ExecutionRun`, a pure interpreter fed one event at a
/// time. Evaluating a step runs on the engine's evaluation threads and committing it runs in
/// the store, so while either is in flight the actor keeps answering other calls. The events
/// of one execution are handled one after another, in arrival order; those of different
/// executions side by side, their commits grouped. Nothing is answered (and no task handed
/// out) before the commit that records it. Timers and the work of local resources belong to
/// the engine's driver, one task the engine owns (see `Engine+Driver.swift`).
public actor Engine: StepFunctionsBackend {
    public struct Configuration: Sendable {
        public var region: String
        public var account: String
        /// How long `GetActivityTask` waits for a task before answering empty.
        public var activityPollTimeout: TimeInterval
        /// Where integrations that no handler serves are sent (nil: nowhere; such tasks fail
        /// with an error that says how to serve them).
        public var forwarder: (any TaskForwarding)?
        /// The mock configuration test cases come from (see `useMocks`).
        public var mocks: MockConfiguration?
        /// How long one step of an execution runs states before it pauses (after the state it
        /// is in) and goes to the back of the line: a loop of states that never wait, however
        /// heavy, then holds neither an evaluation thread nor the caller that started it, and
        /// a StopExecution reaches it between states.
        public var stepSlice: Duration
        /// How long finished executions are kept (record, history and journal) after they stop;
        /// nil keeps them forever. The driver deletes those that are due every
        /// `retentionSweepInterval`, the first time right after the engine starts. (AWS keeps
        /// them 90 days.) Not for a `VirtualClock`, whose time would leap from sweep to sweep.
        public var retention: TimeInterval?
        /// How many finished executions the engine keeps in memory, the most recently finished;
        /// the others are read from the store.
        public var finishedExecutionCache: Int
        public init(
            region: String = "us-east-1", account: String = "123456789012", activityPollTimeout: TimeInterval = 60,
            forwarder: (any TaskForwarding)? = nil, mocks: MockConfiguration? = nil, stepSlice: Duration = .milliseconds(50),
            retention: TimeInterval? = nil, finishedExecutionCache: Int = 1000
        ) {
            self.region = region
            self.account = account
            self.activityPollTimeout = activityPollTimeout
            self.forwarder = forwarder
            self.mocks = mocks
            self.stepSlice = stepSlice
            self.retention = retention
            self.finishedExecutionCache = finishedExecutionCache
        }

        /// How often the driver deletes the finished executions that are due.
        public static let retentionSweepInterval: TimeInterval = 3600
    }

    let configuration: Configuration
    let clock: any EngineClock
    let store: any EngineStore
    let committer: Committer
    let threads = EvaluationThreads.shared
    let driver: EngineDriver

    struct Machine {
        var record: StateMachineRecord
        var graph: CompiledGraph
        var timeoutSeconds: Int?
    }

    struct Execution {
        var record: ExecutionRecord
        /// The interpreter, while the execution runs.
        var run: RunHandle?
        /// Events waiting for the interpreter, in arrival order.
        var inbox = Deque<Delivery>()
        /// Whether some task is feeding the inbox to the interpreter (see `deliver`).
        var pumping = false
        var waiters: [Answer<Void>] = []
    }

    var machines: [String: Machine] = [:]
    /// Published versions by version ARN, and aliases by alias ARN (see `Engine+Versions.swift`).
    var versions: [String: Version] = [:]
    var aliases: [String: StateMachineAliasRecord] = [:]
    /// Runs of distributed Map states and their child workflow executions (see `Engine+MapRuns.swift`).
    var mapRuns = MapRunRegistry()
    var activities: [String: ActivityRecord] = [:]
    /// Running executions, and finished ones until their last delivery has been handled; the
    /// store has every execution (see `record(of:)`).
    var executions: [String: Execution] = [:]
    /// The records of the executions that finished last.
    var finishedRecords: RecordCache
    /// Handlers and the forwarder: who serves Task resources other than activities.
    var servers: TaskServers
    /// Callbacks that arrived before the call that sent their token answered, by token.
    var deferredCallbacks: [String: (executionArn: String, event: RunEvent)] = [:]
    /// Mocked responses for executions started with a test case (see `MockConfiguration`).
    var mocks: MockConfiguration?
    /// Nested executions a `.sync` task waits for, by the parent task's token.
    var nestedWaits: [String: NestedWait] = [:]
    /// Tasks waiting for a callback (see `PendingCallbackListing`).
    var callbacks = CallbackLedger()
    var broker = ActivityBroker()
    var timers = TimerQueue()
    /// Local work in flight, by task token: set to cancel it when its task is withdrawn.
    var localWork: [String: Wakeup] = [:]
    var nextPollId = 0
    /// Set when a store write failed; the engine then refuses further work.
    var storeFailure: String?
    /// Deliveries and local work in flight (see `idle()`).
    var inFlight = 0
    var idleWaiters: [Answer<Void>] = []
    /// The virtual-time driver waiting for workers to give back the tasks they hold.
    var heldTaskWaiters: [Answer<Void>] = []
    /// Callers waiting for long polls to park (see `pollsParked`).
    var pollWatchers: [(activityArn: String, count: Int, answer: Answer<Void>)] = []

    public init(configuration: Configuration = .init(), clock: any EngineClock = SystemClock(), store: any EngineStore = InMemoryEngineStore()) {
        self.configuration = configuration
        self.clock = clock
        self.store = store
        self.committer = Committer(store: store)
        self.servers = TaskServers(forwarder: configuration.forwarder)
        self.mocks = configuration.mocks
        self.finishedRecords = RecordCache(capacity: configuration.finishedExecutionCache)
        if configuration.retention != nil { timers.schedule(.retentionSweep, at: clock.now()) }
        self.driver = EngineDriver()
        driver.start(for: self, clock: clock)
    }

    deinit {
        driver.stop()
    }

    /// Serves a Lambda function, an integration or a resource with a Swift handler (replacing any
    /// handler registered for the same key).
    public func registerTaskHandler(_ key: TaskHandlerKey, _ handler: @escaping TaskHandler) {
        servers.handlers[key] = handler
    }

    /// The mock configuration test cases come from (see `startExecution(_:testCase:)`); nil
    /// unloads it. Running executions answer their next tasks from the new one.
    public func useMocks(_ configuration: MockConfiguration?) {
        mocks = configuration
    }

    /// Stops serving with the handler registered for `key`; tasks already running keep it.
    public func removeTaskHandler(_ key: TaskHandlerKey) {
        servers.handlers.removeValue(forKey: key)
    }

    // MARK: - Store

    /// Commits writes through the group committer; a failure stops the engine.
    func persist(_ writes: [StoreWrite]) async throws(StepFunctionsError) {
        try requireHealthyStore()
        do {
            try await committer.commit(writes)
        } catch {
            // Going on would act on state the store does not have: stop here.
            if storeFailure == nil { storeFailure = "\(error)" }
            try requireHealthyStore()
        }
    }

    /// Refuses work once the persistent store has failed.
    func requireHealthyStore() throws(StepFunctionsError) {
        if let storeFailure {
            throw StepFunctionsError(.internalFailure, "the engine's store failed (\(storeFailure)); restart to recover from the last stored state")
        }
    }

    // MARK: - Waiting

    /// Waits (without polling) until the execution has ended, then describes it. A cancelled
    /// caller stops waiting at once.
    public func waitForExecution(_ executionArn: String) async throws -> DescribeExecutionOutput {
        if executions[executionArn]?.record.status == .running {
            let ended = Answer<Void>()
            executions[executionArn]?.waiters.append(ended)
            await withTaskCancellationHandler {
                await ended.wait()
            } onCancel: {
                ended.give(())
            }
            try Task.checkCancellation()
        }
        return try await describeExecution(DescribeExecutionInput(executionArn: executionArn))
    }

    /// Returns once nothing is in flight: no event being handled or waiting to be, no local
    /// resource at work. What waits on time (timers) or on others (tasks for workers, callbacks)
    /// does not count. Tests use it to know that what they set off has run its course.
    public func idle() async {
        guard inFlight > 0 else { return }
        let idle = Answer<Void>()
        idleWaiters.append(idle)
        await idle.wait()
    }

    func beginWork() { inFlight += 1 }

    func endWork() {
        inFlight -= 1
        guard inFlight == 0 else { return }
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter.give(()) }
    }
}

/// Answers the interpreter's questions from the engine's registries without copying them.
struct LazyEnvironment: RunEnvironment, Sendable {
    let activities: [String: ActivityRecord]
    let servers: TaskServers
    /// State name → mocked response name, for the execution's test case.
    let mockedStates: [String: String]

    init(engine: isolated Engine, executionArn: String) {
        activities = engine.activities
        servers = engine.servers
        mockedStates = engine.executions[executionArn]?.record.mockSelection.flatMap {
            engine.mocks?.stateMachines[$0.stateMachine]?[$0.testCase]
        } ?? [:]
    }

    func isMocked(state: String) -> Bool { mockedStates[state] != nil }

    func activityExists(_ arn: String) -> Bool { activities[arn] != nil }

    func canServe(_ resource: TaskResource, written: String, parameters: JSONValue) -> Bool {
        servers.service(for: resource, parameters: parameters, written: written) != nil
    }
}

/// A live step's environment: it pauses once the step has run for its slice of time
/// (`Configuration.stepSlice`), counted from when its evaluation began.
struct TimeSliced<Base: RunEnvironment>: RunEnvironment {
    let base: Base
    let slice: Duration
    let began = ContinuousClock.now

    func activityExists(_ arn: String) -> Bool { base.activityExists(arn) }
    func canServe(_ resource: TaskResource, written: String, parameters: JSONValue) -> Bool {
        base.canServe(resource, written: written, parameters: parameters)
    }
    func isMocked(state: String) -> Bool { base.isMocked(state: state) }
    func shouldPause(afterRunning states: Int) -> Bool { ContinuousClock.now - began >= slice }
}
