import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// What `recover()` found in the store.
public struct RecoveryReport: Sendable, Hashable {
    public var stateMachines = 0
    public var activities = 0
    public var resumedExecutions = 0
    /// Executions stopped because their steps kept crashing the process (marked FAILED).
    public var quarantinedExecutions: [String] = []
    /// Executions that could not be rebuilt, with why (they are marked FAILED).
    public var problems: [String] = []
}

/// During replay every question the interpreter asked was answered yes at the time: an
/// answer of no fails the execution with States.Runtime, and a failed execution is not replayed.
/// A step pauses where its journal entry says it did.
private struct ReplayEnvironment: RunEnvironment {
    let pausedAfter: Int?
    func activityExists(_ arn: String) -> Bool { true }
    func canServe(_ resource: TaskResource, written: String, parameters: JSONValue) -> Bool { true }
    func isMocked(state: String) -> Bool { false }
    func shouldPause(afterRunning states: Int) -> Bool { pausedAfter.map { states >= $0 } ?? false }
}

extension Engine {
    /// Loads machines and activities and resumes running executions where they stood (finished
    /// executions stay in the store, which answers for them): each is
    /// rebuilt by replaying its journal through the deterministic interpreter (no event is
    /// recorded twice), its pending timers are re-armed with the time they have left, tasks no
    /// worker took are offered again, and tokens of tasks a worker holds stay valid.
    /// Call once, before serving requests.
    @discardableResult
    public func recover() async throws -> RecoveryReport {
        var report = RecoveryReport()
        for record in try store.loadStateMachines() {
            guard let (machine, graph) = try? Self.compile(record.definition) else {
                report.problems.append("state machine \(record.arn): its stored definition no longer compiles")
                continue
            }
            machines[record.arn] = Machine(record: record, graph: graph, timeoutSeconds: machine.timeoutSeconds)
            report.stateMachines += 1
        }
        for record in try store.loadActivities() {
            activities[record.arn] = record
            report.activities += 1
        }
        try loadVersionsAndMapRuns(into: &report)
        let interrupted = Set(store.stepMarkers?.takeInterrupted() ?? [])
        // Oldest first, as they started.
        for listed in try await store.executions(ExecutionQuery(status: .running, limit: .max)).reversed() {
            guard var record = try await store.execution(arn: listed.item.executionArn) else { continue }
            if interrupted.contains(record.arn) {
                record.crashes = (record.crashes ?? 0) + 1
                try await store.commit([.step(ExecutionStep(executionArn: record.arn, journal: nil, events: [], record: record))])
            }
            if let crashes = record.crashes, crashes >= Self.crashesBeforeQuarantine {
                try await end(record, error: ErrorName.quarantined, cause: """
                    The process stopped \(crashes) times while a step of this execution was running, the last time just \
                    before this restart; Stepwise stopped the execution so that it cannot take the server down again. Its \
                    history shows where it stood.
                    """)
                report.quarantinedExecutions.append(record.arn)
                continue
            }
            do {
                try await resume(record)
                report.resumedExecutions += 1
            } catch {
                try await end(record, error: ErrorName.runtime, cause: "The execution could not be resumed after a restart: \(error)")
                report.problems.append("execution \(record.arn): \(error)")
            }
        }
        try await relinkNestedExecutions()
        try await abortOrphanedMapRuns()
        return report
    }

    /// Versions (compiled again), aliases, and Map Runs with their child workflow executions.
    private func loadVersionsAndMapRuns(into report: inout RecoveryReport) throws {
        for record in try store.loadStateMachineVersions() {
            guard let (machine, graph) = try? Self.compile(record.definition) else {
                report.problems.append("state machine version \(record.arn): its stored definition no longer compiles")
                continue
            }
            versions[record.arn] = Version(record: record, graph: graph, timeoutSeconds: machine.timeoutSeconds)
        }
        for record in try store.loadStateMachineAliases() { aliases[record.arn] = record }
        for stored in try store.loadRunningMapRuns() { mapRuns.restore(stored) }
    }

    /// Parents waiting for nested executions: a running child is waited for again; a child that
    /// ended just before the restart reports to its parent (which ignores a task it no longer waits for).
    private func relinkNestedExecutions() async throws {
        let running = executions.values.map(\.record).filter { $0.status == .running }
        for parent in running {
            for child in try await store.executions(ExecutionQuery(parentExecutionArn: parent.arn, limit: .max)) {
                let known = executions[child.item.executionArn]?.record
                guard let record = try await known == nil ? store.execution(arn: child.item.executionArn) : known, let task = record.parent
                else { continue }
                if record.status == .running {
                    nestedWaits[task.taskToken] = .running(childArn: record.arn)
                } else {
                    nestedExecutionEnded(record, parent: task)
                }
            }
        }
    }

    /// After this many crashes in one of its steps, an execution is not resumed again.
    static let crashesBeforeQuarantine = 3

    /// Fails an execution that is not resumed, with an `ExecutionFailed` event that ends its history.
    private func end(_ record: ExecutionRecord, error: String, cause: String) async throws {
        var failed = record
        failed.status = .failed
        failed.stopDate = clock.now()
        failed.error = error
        failed.cause = cause
        // A history the store cannot read back gets no closing event; the record still ends it.
        var events: [RecordedEvent] = []
        if let last = try? await store.events(executionArn: record.arn, page: HistoryPage(limit: 1, reverse: true)) {
            let lastId = last.first?.id ?? 0
            events.append(RecordedEvent(
                id: lastId + 1, previousEventId: lastId, timestamp: failed.stopDate!, type: .executionFailed,
                details: .failure(error: error, cause: cause)))
        }
        finishedRecords.insert(failed)
        try await store.commit([.step(ExecutionStep(executionArn: record.arn, journal: nil, events: events, record: failed))])
    }

    struct ResumeError: Error, CustomStringConvertible {
        let description: String
    }

    /// The execution's run rebuilt from its journal, on the evaluation threads and marked like a
    /// step (a replay that crashes counts), with what it leaves outstanding.
    func replayed(_ record: ExecutionRecord) async throws -> (RunHandle, Outstanding) {
        let (machine, graph) = try Self.compile(record.definition)
        let input = try JSONParser.parse(record.input)
        let info = ExecutionInfo(
            executionArn: record.arn, name: record.name, stateMachineArn: record.stateMachineArn,
            stateMachineName: ARN.parseName(record.stateMachineArn), roleArn: record.roleArn, startTime: record.startDate,
            input: input, timeoutSeconds: machine.timeoutSeconds, tokenKey: record.tokenKey.flatMap(TokenKey.init(hex:)))
        let handle = RunHandle(ExecutionRun(info: info, root: graph, seed: Self.seed(for: record.arn)))
        let journal = try store.journal(executionArn: record.arn)
        let markers = store.stepMarkers
        let replayed = await threads.run { slot -> Result<Outstanding, ResumeError> in
            markers?.begin(slot: slot, executionArn: record.arn)
            defer { markers?.end(slot: slot) }
            return Self.replay(journal, into: handle)
        }
        return (handle, try replayed.get())
    }

    /// Feeds a journal to a fresh run, gathering what it leaves outstanding.
    private static func replay(_ journal: [JournalEntry], into handle: RunHandle) -> Result<Outstanding, ResumeError> {
        var outstanding = Outstanding()
        for entry in journal {
            guard let (event, pausedAfter) = RunEvent.read(entry) else {
                return .failure(ResumeError(description: "unreadable journal entry \(entry.payload.prefix(200))"))
            }
            outstanding.note(event)
            let environment = ReplayEnvironment(pausedAfter: pausedAfter)
            for command in handle.run.handle(event, now: entry.date, environment: environment) { outstanding.note(command) }
            handle.run.newEvents = []
        }
        return .success(outstanding)
    }

    /// What a replay leaves outstanding, gathered from the commands it produced.
    struct Outstanding: Sendable {
        var timers: [Int: Date] = [:]
        var calls: [String: TaskCall] = [:]
        var startedTokens: Set<String> = []
        /// Tasks whose call was made; they wait for a callback or a nested execution.
        var submittedTokens: Set<String> = []
        /// The last step paused, and the step that goes on from there was not recorded.
        var resumeDue = false

        mutating func note(_ event: RunEvent) {
            switch event {
            case .taskStarted(let token, _): startedTokens.insert(token)
            case .taskSubmitted(let token, _): submittedTokens.insert(token)
            case .resume: resumeDue = false
            default: break
            }
        }

        mutating func note(_ command: RunCommand) {
            switch command {
            case .startTimer(let id, let deadline): timers[id] = deadline
            case .cancelTimer(let id): timers.removeValue(forKey: id)
            case .invokeTask(let call): calls[call.token] = call
            case .cancelTask(let token):
                calls.removeValue(forKey: token)
            case .resume: resumeDue = true
            case .mapRun:
                // The store holds the Map Runs as they stood.
                break
            }
        }
    }

    private func resume(_ record: ExecutionRecord) async throws {
        let (handle, outstanding) = try await replayed(record)
        let run = handle.run
        guard !run.isFinished else {
            throw ResumeError(description: "its journal ends the execution, but its record says it is running")
        }
        let live = Set(run.tokens.keys)
        executions[record.arn] = Execution(record: record, run: handle)
        for (id, deadline) in outstanding.timers.sorted(by: { $0.key < $1.key }) {
            schedule(.execution(arn: record.arn, id: id), at: deadline)
        }
        for (token, call) in outstanding.calls.sorted(by: { $0.key < $1.key }) where live.contains(token) {
            if case .activity(let activityArn) = call.resource {
                if outstanding.startedTokens.contains(token) {
                    // A worker holds it: its answer (or heartbeat) is still welcome.
                    broker.open(token: token, executionArn: record.arn)
                } else {
                    scheduleActivity(call, activityArn: activityArn, executionArn: record.arn)
                }
                continue
            }
            broker.open(token: token, executionArn: record.arn)
            if !outstanding.startedTokens.contains(token) {
                // Handled before the next event reaches the execution.
                enqueueFollowUp(.taskStarted(token: token, workerName: nil), to: record.arn)
            }
            noteCallback(call, executionArn: record.arn)
            // A submitted call waits for its callback or its nested execution; any other is made again.
            if !outstanding.submittedTokens.contains(token) { serveTask(call, executionArn: record.arn) }
        }
        if outstanding.resumeDue {
            executions[record.arn]!.pumping = true
            enqueueFollowUp(.resume, to: record.arn)
            continueFeedingInBackground(record.arn)
        }
    }
}

extension ErrorName {
    /// An execution stopped because its steps kept crashing the process.
    static let quarantined = "Stepwise.Quarantined"
}
