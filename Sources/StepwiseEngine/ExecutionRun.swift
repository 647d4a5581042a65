import Foundation
import StatesLanguage
import StepFunctions
import StepwiseAlgorithms
import StepwiseJSON

/// Facts about one execution that never change while it runs.
struct ExecutionInfo: Sendable {
    let executionArn: String
    let name: String
    let stateMachineArn: String
    let stateMachineName: String
    let roleArn: String
    let startTime: Date
    let input: JSONValue
    let timeoutSeconds: Int?
    /// The secret task tokens are derived from; nil for executions recorded before there was one.
    let tokenKey: TokenKey?
}

/// What happens to a running execution from outside.
enum RunEvent: Sendable {
    case start
    case taskStarted(token: String, workerName: String?)
    case taskSucceeded(token: String, output: JSONValue)
    case taskFailed(token: String, error: String?, cause: String?)
    case taskHeartbeat(token: String)
    /// A `.waitForTaskToken` or `.sync` task's call was made; the task now waits for its end.
    case taskSubmitted(token: String, output: JSONValue)
    case timerFired(Int)
    case stop(error: String?, cause: String?)
    /// UpdateMapRun: new settings for a running distributed Map.
    case updateMapRun(MapRunUpdate)
    /// RedriveExecution: take up again what did not succeed.
    case redrive
    /// Go on after a paused step (see `RunCommand.resume`).
    case resume
}

/// What the interpreter asks its driver to do.
enum RunCommand: Sendable, Equatable {
    /// Run a Task: offer an activity's task to workers, or serve any other resource (a handler,
    /// a nested execution, a forwarded call) — unless the execution's test case mocks it.
    case invokeTask(TaskCall)
    case cancelTask(token: String)
    case startTimer(id: Int, deadline: Date)
    case cancelTimer(id: Int)
    /// The step paused with states still to run (`RunEnvironment.shouldPause`): deliver
    /// `RunEvent.resume` once whatever else waits for the execution has been handled.
    case resume
    /// Progress of a distributed Map's run, for the driver's Map Run records.
    case mapRun(MapRunReport)
}

/// Questions the interpreter asks about the world while it steps (answered synchronously).
protocol RunEnvironment {
    func activityExists(_ arn: String) -> Bool
    /// Whether something serves this resource (a handler, the engine itself, a forwarder); for
    /// `lambda:invoke` the function is named in the parameters.
    func canServe(_ resource: TaskResource, written: String, parameters: JSONValue) -> Bool
    /// Whether the execution's test case mocks this state's tasks (then nothing else need serve them).
    func isMocked(state: String) -> Bool
    /// Whether the step should pause, having run `states` states (at least one). The pause is
    /// recorded with the step (`ExecutionRun.pausedAfter`), so that a replay pauses where the
    /// run did.
    func shouldPause(afterRunning states: Int) -> Bool
}

extension RunEnvironment {
    func shouldPause(afterRunning states: Int) -> Bool { false }
}

/// What a Task state asks of a resource that is not an activity.
struct TaskCall: Sendable, Equatable {
    let token: String
    let resource: TaskResource
    /// The Resource as written in the state.
    let written: String
    /// The resolved Parameters (or Arguments); for a Lambda function ARN, the effective input.
    let parameters: JSONValue
    let stateName: String
    /// How many tasks this state ran before in this execution (retries and loops included):
    /// mocked responses answer by this number.
    let invocation: Int
}

/// The interpreter of one execution: a pure state machine. Each `handle` call takes an event
/// and the current time, steps every thread of control as far as it can go without waiting,
/// records history events, and returns the commands its driver must carry out. It never reads
/// a clock, the network, or global state, so the same events always give the same history.
/// A class so that stepping it never copies its state; its driver (the engine actor) owns it
/// and alone touches it, so its properties skip the runtime's exclusivity checks (on the hot
/// path they cost more than the interpreting).
final class ExecutionRun {
    let info: ExecutionInfo
    let root: CompiledGraph

    @exclusivity(unchecked) private(set) var status: ExecutionStatus = .running
    @exclusivity(unchecked) private(set) var output: JSONValue?
    @exclusivity(unchecked) private(set) var failure: StatesError?
    /// Events recorded since the driver last took them.
    @exclusivity(unchecked) var newEvents: [RecordedEvent] = []
    @exclusivity(unchecked) private(set) var lastEventId = 0

    @exclusivity(unchecked) var cursors = Slots<Cursor>()
    @exclusivity(unchecked) var scopes = Slots<VariableScope>()
    /// Task token → cursor waiting on it.
    @exclusivity(unchecked) var tokens: [String: Int] = [:]
    /// Timer id → what it is for.
    @exclusivity(unchecked) var timers: [Int: TimerPurpose] = [:]
    @exclusivity(unchecked) var nextTimerId = 1
    @exclusivity(unchecked) var nextTokenSerial = 0
    @exclusivity(unchecked) var random: SplitMix64
    @exclusivity(unchecked) var ready: [Int] = []
    @exclusivity(unchecked) var commands: [RunCommand] = []
    @exclusivity(unchecked) var now: Date
    @exclusivity(unchecked) var executionTimer: Int?
    /// The root thread as it stood when the execution failed, timed out or was stopped, with the
    /// threads under it that did not succeed: what a redrive takes up again.
    @exclusivity(unchecked) var strandedRoot: Cursor?
    /// Redrives so far.
    @exclusivity(unchecked) var redriveCount = 0
    /// Tasks run so far, by state name (see `TaskCall.invocation`).
    @exclusivity(unchecked) var taskInvocations: [String: Int] = [:]
    /// Events recorded by each child workflow (distributed Map iteration), by its root cursor.
    @exclusivity(unchecked) var childWorkflowEvents: [Int: Int] = [:]
    /// How many states the last `handle` ran before it paused; nil when it ran until
    /// everything waited or ended.
    @exclusivity(unchecked) var pausedAfter: Int?

    init(info: ExecutionInfo, root: CompiledGraph, seed: UInt64) {
        self.info = info
        self.root = root
        self.random = SplitMix64(seed: seed)
        self.now = info.startTime
    }

    var isFinished: Bool { status != .running }

    func handle(_ event: RunEvent, now: Date, environment: some RunEnvironment) -> [RunCommand] {
        self.now = now
        commands.removeAll(keepingCapacity: true)
        pausedAfter = nil
        if case .redrive = event {
            redrive()
            drain(environment)
            return commands
        }
        guard status == .running else { return [] }
        switch event {
        case .start: start()
        case .taskStarted(let token, let worker): taskStarted(token, worker: worker)
        case .taskSucceeded(let token, let output): taskSucceeded(token, output: output)
        case .taskFailed(let token, let error, let cause): taskFailed(token, StatesError(error ?? "", cause ?? ""), errorName: error, cause: cause)
        case .taskHeartbeat(let token): taskHeartbeat(token)
        case .taskSubmitted(let token, let output): taskSubmitted(token, output: output)
        case .timerFired(let id): timerFired(id)
        case .stop(let error, let cause): abort(error: error, cause: cause)
        case .updateMapRun(let update): updateMapRun(update)
        case .redrive, .resume: break
        }
        drain(environment)
        return commands
    }

    // MARK: - Events

    /// Records an event on a thread of control. Side events (an iteration finishing) do not
    /// move the thread's pointer, matching the `previousEventId` chains AWS records.
    /// Events of silent threads (distributed Map children, which AWS runs as child workflows)
    /// are not part of this history: recording returns `previous` unchanged.
    @discardableResult
    func record(_ type: HistoryEventType, _ details: RecordedEvent.Details, previous: Int, silent: Bool = false) -> Int {
        if silent { return previous }
        lastEventId += 1
        newEvents.append(RecordedEvent(id: lastEventId, previousEventId: previous, timestamp: now, type: type, details: details))
        return lastEventId
    }

    @discardableResult
    func record(_ type: HistoryEventType, _ details: RecordedEvent.Details, on cursorId: Int, advance: Bool = true) -> Int {
        guard let cursor = cursors[cursorId] else { return record(type, details, previous: 0) }
        return record(type, details, on: cursor, advance: advance)
    }

    @discardableResult
    func record(_ type: HistoryEventType, _ details: RecordedEvent.Details, on cursor: Cursor, advance: Bool = true) -> Int {
        // A child workflow's events are not in this history, but count against its own quota.
        if let workflow = cursor.childWorkflow { childWorkflowEvents[workflow, default: 0] += 1 }
        let id = record(type, details, previous: cursor.lastEventId, silent: cursor.silent)
        if advance { cursor.lastEventId = id }
        return id
    }

    // MARK: - Lifecycle

    private func start() {
        record(.executionStarted, .executionStarted(input: info.input, roleArn: info.roleArn), previous: 0)
        let scope = newScope(parent: nil)
        let id = spawn(graph: root, input: info.input, parent: nil, scope: scope, lastEventId: 0, mapItem: nil)
        ready.append(id)
        if let timeout = info.timeoutSeconds {
            executionTimer = startTimer(.executionTimeout, after: Double(timeout))
        }
    }

    func spawn(graph: CompiledGraph, input: JSONValue, parent: ParentLink?, scope: Int, lastEventId: Int, mapItem: MapItem?, silent: Bool = false) -> Int {
        let cursor = Cursor(
            id: cursors.nextId,
            graph: graph, stateIndex: graph.startIndex, input: input, parent: parent, scope: scope,
            lastEventId: lastEventId, enteredTime: now, mapItem: mapItem)
        cursor.childWorkflow = silent ? cursor.id : parent.flatMap { cursors[$0.cursor]?.childWorkflow }
        return cursors.insert(cursor)
    }

    func newScope(parent: Int?) -> Int {
        scopes.insert(VariableScope(parent: parent))
    }

    /// Runs every ready thread until each waits or ends; depth-first, so a thread's states run
    /// back to back the way a single-threaded execution records them.
    private func drain(_ environment: some RunEnvironment) {
        var ran = 0
        while !ready.isEmpty, status == .running {
            if ran > 0, environment.shouldPause(afterRunning: ran) {
                pausedAfter = ran
                commands.append(.resume)
                return
            }
            ran += 1
            let id = ready.removeLast()
            // A loop of states that never wait would otherwise run forever inside the engine.
            if lastEventId >= historyEventLimit {
                failExecution(.runtime("The execution reached the maximum number of history events (\(historyEventLimit))."), lastEventId: lastEventId)
                break
            }
            guard let cursor = cursors[id] else { continue }
            if let workflow = cursor.childWorkflow, childWorkflowEvents[workflow, default: 0] >= historyEventLimit {
                failChildWorkflow(workflow)
                continue
            }
            if case .retryDue = cursor.phase {
                cursor.phase = .entering
                perform(id, environment)
            } else {
                enterState(id, environment)
            }
        }
        if status != .running { ready.removeAll() }
    }

    /// A child workflow that reached its history quota fails (as a child execution on AWS
    /// would); its Map's failure tolerance then decides.
    private func failChildWorkflow(_ workflow: Int) {
        guard let root = cursors[workflow], let parent = root.parent else { return }
        childWorkflowEvents.removeValue(forKey: workflow)
        abortCursor(workflow, recordEvents: false)
        childFailed(
            parent, child: root,
            error: .runtime("The child workflow of Map iteration \(root.mapItem?.index ?? 0) reached the maximum number of history events (\(historyEventLimit))."),
            lastEventId: root.lastEventId)
    }

    func finishExecution(output: JSONValue, lastEventId previous: Int) {
        record(.executionSucceeded, .executionSucceeded(output: output), previous: previous)
        status = .succeeded
        self.output = output
        cancelEverything()
    }

    func failExecution(_ error: StatesError, lastEventId previous: Int) {
        record(.executionFailed, .failure(error: error.error.isEmpty ? nil : error.error, cause: error.cause.isEmpty ? nil : error.cause), previous: previous)
        status = .failed
        failure = error
        cancelEverything()
    }

    /// StopExecution: AWS records no `…StateAborted` events for the states in progress.
    private func abort(error: String?, cause: String?) {
        strandedRoot = abortRoot()
        // AWS records the abort outside any state's chain.
        record(.executionAborted, .failure(error: error, cause: cause), previous: 0)
        status = .aborted
        failure = StatesError(error ?? "", cause ?? "")
        cancelEverything()
    }

    /// Whether a redrive would find something to take up again.
    var canRedrive: Bool { status != .running && status != .succeeded && strandedRoot != nil }

    /// Takes up again the threads that did not succeed, where they stood: a failed state runs
    /// again (a Task is scheduled again, not re-entered), a Parallel or Map goes on with its
    /// failed and stopped children while keeping what the others produced. The execution's
    /// timeout starts again.
    private func redrive() {
        guard canRedrive, let root = strandedRoot else { return }
        strandedRoot = nil
        status = .running
        output = nil
        failure = nil
        redriveCount += 1
        let redriven = record(.executionRedriven, .other(["redriveCount": .number(redriveCount)]), previous: lastEventId)
        revive(root, after: redriven)
        if let timeout = info.timeoutSeconds { executionTimer = startTimer(.executionTimeout, after: Double(timeout)) }
    }

    private func revive(_ cursor: Cursor, after event: Int) {
        cursors.restore(cursor, at: cursor.id)
        if let stranded = cursor.stranded {
            cursor.stranded = nil
            var fan = stranded.fan
            fan.active = Set(stranded.children.map(\.id))
            if fan.isDistributed { redriveMapRun(cursor, &fan, iterations: stranded.children, after: event) }
            cursor.phase = .fanOut(fan)
            for child in stranded.children { revive(child, after: event) }
            // Fills the Map's concurrency again (items never started, items redriven).
            if fan.isMap { startIterations(cursor.id, previous: event) }
        } else {
            // The state runs again as if anew: its retriers start over.
            cursor.phase = .retryDue
            cursor.lastEventId = event
            cursor.attempts = Array(repeating: 0, count: cursor.attempts.count)
            cursor.retryCount = 0
            ready.append(cursor.id)
        }
    }

    /// The root thread stopped with everything under it (kept for a redrive).
    private func abortRoot() -> Cursor? {
        cursors.keys.first { cursors[$0]?.parent == nil }.flatMap { abortCursor($0, recordEvents: false) }
    }

    func timeOutExecution() {
        strandedRoot = abortRoot()
        record(.executionTimedOut, .failure(error: ErrorName.timeout, cause: "The execution timed out."), previous: lastEventId)
        status = .timedOut
        failure = StatesError(ErrorName.timeout, "")
        cancelEverything()
    }

    private func cancelEverything() {
        for token in tokens.keys.sorted() { commands.append(.cancelTask(token: token)) }
        for id in timers.keys.sorted() { commands.append(.cancelTimer(id: id)) }
        tokens.removeAll()
        timers.removeAll()
        // Ids stay as they were, so that a redrive can put stopped threads back under theirs.
        for id in cursors.keys { cursors.removeValue(forKey: id) }
        ready.removeAll()
    }

    // MARK: - Timers and tokens

    func startTimer(_ purpose: TimerPurpose, after seconds: Double) -> Int {
        startTimer(purpose, at: now.addingTimeInterval(max(0, seconds)))
    }

    func startTimer(_ purpose: TimerPurpose, at deadline: Date) -> Int {
        let id = nextTimerId
        nextTimerId += 1
        timers[id] = purpose
        commands.append(.startTimer(id: id, deadline: deadline))
        return id
    }

    func cancelTimer(_ id: Int?) {
        guard let id, timers.removeValue(forKey: id) != nil else { return }
        commands.append(.cancelTimer(id: id))
    }

    /// A task token: unpredictable without the execution's secret key, yet the same when the
    /// execution is replayed, so tokens handed out before a restart stay valid.
    func newToken() -> String {
        nextTokenSerial += 1
        let nonce: [UInt8]
        if let key = info.tokenKey {
            nonce = key.derive(serial: nextTokenSerial)
        } else {
            // Executions recorded before tokens had a key drew them from the seeded generator.
            nonce = (0..<2).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        }
        return TokenKey.hex(nonce) + "-\(nextTokenSerial)"
    }

    private func timerFired(_ id: Int) {
        guard let purpose = timers.removeValue(forKey: id) else { return }
        switch purpose {
        case .executionTimeout: timeOutExecution()
        case .wait(let cursorId): waitFinished(cursorId)
        case .retry(let cursorId): retryNow(cursorId)
        case .taskTimeout(let token): taskTimedOut(token, heartbeat: false)
        case .heartbeat(let token): taskTimedOut(token, heartbeat: true)
        }
    }
}

enum TimerPurpose: Sendable, Hashable {
    case executionTimeout
    case wait(cursor: Int)
    case retry(cursor: Int)
    case taskTimeout(token: String)
    case heartbeat(token: String)
}

struct MapItem: Sendable {
    let index: Int
    let value: JSONValue
}

struct ParentLink: Sendable {
    let cursor: Int
    let slot: Int
}

/// One thread of control: the root machine, a Parallel branch or a Map iteration. A class, so
/// that stepping a thread updates it in place instead of copying it on every transition; it
/// never leaves the `ExecutionRun` that owns it.
final class Cursor {
    let id: Int
    let graph: CompiledGraph
    @exclusivity(unchecked) var stateIndex: Int
    /// The state's raw input.
    @exclusivity(unchecked) var input: JSONValue
    let parent: ParentLink?
    let scope: Int
    @exclusivity(unchecked) var lastEventId: Int
    @exclusivity(unchecked) var enteredTime: Date
    let mapItem: MapItem?
    @exclusivity(unchecked) var phase: Phase = .entering
    /// The root cursor of the child workflow (distributed Map iteration) this thread belongs
    /// to; nil for threads of the execution itself. Such threads' events are not recorded here.
    @exclusivity(unchecked) var childWorkflow: Int?
    var silent: Bool { childWorkflow != nil }
    /// When this thread's Parallel or Map failed or was stopped: its progress and the children
    /// that did not succeed, for a redrive.
    @exclusivity(unchecked) var stranded: Stranded?
    /// Event id of the current state's `…StateEntered` (AWS quotes it in error causes).
    @exclusivity(unchecked) var enteredEventId = 0
    /// What that event followed (AWS chains `EvaluationFailed` to it).
    @exclusivity(unchecked) var enteredPreviousEventId = 0
    /// Retries used per retrier of the current state.
    @exclusivity(unchecked) var attempts: [Int] = []
    /// The input the state's work runs on (after InputPath/Parameters/Arguments).
    @exclusivity(unchecked) var effectiveInput: JSONValue = .null
    /// Retries of the current state so far (`$$.State.RetryCount`).
    @exclusivity(unchecked) var retryCount = 0

    var state: CompiledState { graph.states[stateIndex] }

    init(id: Int, graph: CompiledGraph, stateIndex: Int, input: JSONValue, parent: ParentLink?, scope: Int, lastEventId: Int, enteredTime: Date, mapItem: MapItem?) {
        self.id = id
        self.graph = graph
        self.stateIndex = stateIndex
        self.input = input
        self.parent = parent
        self.scope = scope
        self.lastEventId = lastEventId
        self.enteredTime = enteredTime
        self.mapItem = mapItem
    }
}

enum Phase: Sendable {
    case entering
    /// A retry's backoff has elapsed: perform the state again without re-entering it.
    case retryDue
    case task(TaskWait)
    case waiting(timer: Int)
    case backoff(timer: Int)
    case fanOut(FanOut)
}

struct TaskWait: Sendable {
    let token: String
    let resource: String
    let input: JSONValue
    var timeoutTimer: Int?
    var heartbeatTimer: Int?
    let heartbeatSeconds: Int?
    var started = false
    let kind: TaskKind
}

/// Which family of history events a task records.
enum TaskKind: Sendable {
    /// `Activity…` events.
    case activity
    /// `LambdaFunction…` events (a Lambda function ARN as the Resource).
    case lambdaFunction
    /// `Task…` events with these `resourceType` and `resource` details.
    case task(resourceType: String, resource: String)

    init(_ resource: TaskResource, written: String) {
        switch resource {
        case .activity: self = .activity
        case .lambdaFunction: self = .lambdaFunction
        case .integration(let integration): self = .task(resourceType: integration.resourceType, resource: integration.resourceName)
        case .other:
            // A resource only a handler registered for its exact text serves: name it as written.
            let parts = written.split(separator: ":", omittingEmptySubsequences: false)
            self = .task(resourceType: parts.count > 2 ? String(parts[2]) : written, resource: written)
        }
    }
}

/// Progress of a Parallel or Map state over its children.
struct FanOut: Sendable {
    var results: [JSONValue?]
    var items: [JSONValue]
    var active: Set<Int> = []
    var nextToStart = 0
    var finished = 0
    var failures = 0
    /// Variables: UpdateMapRun changes them while a distributed Map runs.
    var maxConcurrency: Int
    var toleratedCount: Int?
    var toleratedPercentage: Double?
    let isMap: Bool
    let isDistributed: Bool
    /// Redrives of a distributed Map's run so far.
    var redriveCount = 0
    /// Items that failed within the Map's tolerance: a redrive runs them again.
    var toleratedFailures: [Int] = []
    /// Items a redrive runs again, started before the items never started.
    var redriven: [Int] = []
}

/// A Parallel's or Map's progress when it stopped, and its children that did not succeed.
struct Stranded {
    let fan: FanOut
    let children: [Cursor]
}

/// Variables assigned in one scope (the machine, a Parallel branch or a Map iteration).
struct VariableScope: Sendable {
    let parent: Int?
    var values: [String: JSONValue] = [:]
}
