import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// What `recover()` found in the store.
public struct RecoveryReport: Sendable, Hashable {
    public var stateMachines = 0
    public var activities = 0
    public var finishedExecutions = 0
    public var resumedExecutions = 0
    /// Executions that could not be rebuilt, with why (they are marked FAILED).
    public var problems: [String] = []
}

/// During replay every question the interpreter asked was answered yes at the time: an
/// answer of no fails the execution with States.Runtime, and a failed execution is not replayed.
private struct ReplayEnvironment: RunEnvironment {
    func activityExists(_ arn: String) -> Bool { true }
    func hasLocalResource(_ resource: String) -> Bool { true }
}

extension Engine {
    /// Loads what the store holds and resumes running executions where they stood: each is
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
        for record in try store.loadExecutions().sorted(by: { ($0.startDate, $0.arn) < ($1.startDate, $1.arn) }) {
            executionOrder.append(record.arn)
            guard record.status == .running else {
                executions[record.arn] = Execution(record: record, run: nil)
                report.finishedExecutions += 1
                continue
            }
            do {
                try resume(record)
                report.resumedExecutions += 1
            } catch {
                var failed = record
                failed.status = .failed
                failed.stopDate = clock.now()
                failed.error = ErrorName.runtime
                failed.cause = "The execution could not be resumed after a restart: \(error)"
                executions[record.arn] = Execution(record: failed, run: nil)
                try await store.commit([.step(ExecutionStep(executionArn: record.arn, journal: nil, events: [], record: failed))])
                report.problems.append("execution \(record.arn): \(error)")
            }
        }
        return report
    }

    struct ResumeError: Error, CustomStringConvertible {
        let description: String
    }

    /// What a replay leaves outstanding, gathered from the commands it produced.
    private struct Outstanding {
        var timers: [Int: Date] = [:]
        var activityTasks: [String: (activityArn: String, input: JSONValue)] = [:]
        var resourceTasks: [String: (resource: String, input: JSONValue)] = [:]
        var startedTokens: Set<String> = []

        mutating func note(_ event: RunEvent) {
            if case .taskStarted(let token, _) = event { startedTokens.insert(token) }
        }

        mutating func note(_ command: RunCommand) {
            switch command {
            case .startTimer(let id, let deadline): timers[id] = deadline
            case .cancelTimer(let id): timers.removeValue(forKey: id)
            case .scheduleActivity(let token, let arn, let input): activityTasks[token] = (arn, input)
            case .invokeResource(let token, let resource, let input): resourceTasks[token] = (resource, input)
            case .cancelTask(let token):
                activityTasks.removeValue(forKey: token)
                resourceTasks.removeValue(forKey: token)
            }
        }
    }

    private func resume(_ record: ExecutionRecord) throws {
        let (machine, graph) = try Self.compile(record.definition)
        let input = try JSONParser.parse(record.input)
        let info = ExecutionInfo(
            executionArn: record.arn, name: record.name, stateMachineArn: record.stateMachineArn,
            stateMachineName: ARN.parseName(record.stateMachineArn), roleArn: record.roleArn, startTime: record.startDate,
            input: input, timeoutSeconds: machine.timeoutSeconds)
        let run = ExecutionRun(info: info, root: graph, seed: Self.seed(for: record.arn))
        var outstanding = Outstanding()
        for entry in try store.journal(executionArn: record.arn) {
            guard let event = RunEvent(entry) else { throw ResumeError(description: "unreadable journal entry \(entry.payload)") }
            outstanding.note(event)
            for command in run.handle(event, now: entry.date, environment: ReplayEnvironment()) { outstanding.note(command) }
            run.newEvents = []
        }
        guard !run.isFinished else {
            throw ResumeError(description: "its journal ends the execution, but its record says it is running")
        }
        let live = Set(run.tokens.keys)
        executions[record.arn] = Execution(record: record, run: RunHandle(run))
        for (id, deadline) in outstanding.timers.sorted(by: { $0.key < $1.key }) {
            schedule(.execution(arn: record.arn, id: id), at: deadline)
        }
        for (token, task) in outstanding.activityTasks.sorted(by: { $0.key < $1.key }) where live.contains(token) {
            if outstanding.startedTokens.contains(token) {
                // A worker holds it: its answer (or heartbeat) is still welcome.
                broker.open(token: token, executionArn: record.arn)
            } else {
                carryOut(.scheduleActivity(token: token, activityArn: task.activityArn, input: task.input), for: record.arn)
            }
        }
        for (token, task) in outstanding.resourceTasks.sorted(by: { $0.key < $1.key }) where live.contains(token) {
            broker.open(token: token, executionArn: record.arn)
            invokeLocalResource(token: token, resource: task.resource, input: task.input)
        }
    }
}
