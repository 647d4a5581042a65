import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// The reloaded workflow: every run gets a fresh state machine `<name>-<epoch-millis>` and
/// fresh activities `<name>-<millis>-<activity>`, workers bound to the handlers given now, one
/// execution — and then the workers are stopped and the snapshot machine and activities are
/// deleted, whether the run succeeded, failed, threw or was cancelled. Edits take effect at
/// once and a stale worker can never take a task meant for new code.
public struct Reloaded: Sendable {
    let stepwise: Stepwise

    /// The names one run uses.
    public struct Snapshot: Sendable, Hashable {
        public var machineName: String
        /// Activity name in the definition → snapshot activity name.
        public var activityNames: [String: String]
    }

    public static func snapshot(of name: String, activities: [String], millis: Int64) -> Snapshot {
        let machine = "\(name)-\(millis)"
        return Snapshot(machineName: machine, activityNames: Dictionary(uniqueKeysWithValues: activities.map { ($0, "\(machine)-\($0)") }))
    }

    /// Runs `definition` once with `handlers` (keyed like `Stepwise.startWorkers`).
    public func run(
        _ name: String, definition: Definition, handlers: [String: Handler], input: JSONValue = [:], concurrency: Int = 1,
        onStart: (@Sendable (String) -> Void)? = nil
    ) async throws -> ExecutionResult {
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        let snapshot = Self.snapshot(of: name, activities: definition.activities.map(\.activityName), millis: millis)
        return try await provisioned(
            snapshot, definition: definition, handlers: handlers, concurrency: concurrency,
            createMachine: { activityARNs in
                try await stepwise.api.createStateMachine(CreateStateMachineInput(
                    name: snapshot.machineName, definition: definition.loaded.json(activityARNs: activityARNs), roleArn: stepwise.backend.roleArn)
                ).stateMachineArn
            },
            start: { machineArn in
                let executionArn = try await stepwise.startExecution(machineArn!, input: input)
                onStart?(executionArn)
                return executionArn
            })
    }

    /// Redrives (RedriveExecution) an execution a `run` of snapshot machine `snapshotMachine`
    /// started, with the handlers given now: the run's activities are created again under their
    /// snapshot names and served until the execution ends again, then deleted as after `run`.
    /// `definition` names the activities to serve (the machine's definition as it is now).
    public func redrive(
        _ executionArn: String, snapshotMachine: String, definition: Definition, handlers: [String: Handler], concurrency: Int = 1,
        onRedrive: (@Sendable () -> Void)? = nil
    ) async throws -> ExecutionResult {
        let activities = definition.activities.map(\.activityName)
        let snapshot = Snapshot(
            machineName: snapshotMachine,
            activityNames: Dictionary(uniqueKeysWithValues: activities.map { ($0, "\(snapshotMachine)-\($0)") }))
        return try await provisioned(snapshot, definition: definition, handlers: handlers, concurrency: concurrency) { _ in
            _ = try await stepwise.api.redriveExecution(RedriveExecutionInput(executionArn: executionArn))
            onRedrive?()
            return executionArn
        }
    }

    /// Creates the snapshot's activities (and, with `createMachine`, its machine), serves them
    /// with `handlers`, lets `start` start an execution, waits for it to end, and cleans up
    /// whatever happens. A cancelled wait stops the execution and reports how it ended (ABORTED).
    private func provisioned(
        _ snapshot: Snapshot, definition: Definition, handlers: [String: Handler], concurrency: Int,
        createMachine: ((_ activityARNs: [String: String]) async throws -> String)? = nil,
        start: (_ machineArn: String?) async throws -> String
    ) async throws -> ExecutionResult {
        let api = stepwise.api
        var created: [String] = []
        var machineArn: String?
        var workers: Workers?
        do {
            var arns: [String: String] = [:]
            for activity in definition.activities.map(\.activityName) {
                let arn = try await api.createActivity(CreateActivityInput(name: snapshot.activityNames[activity]!)).activityArn
                created.append(arn)
                arns[activity] = arn
            }
            var bound: [String: Handler] = [:]
            for (key, handler) in handlers {
                let activity = SugaredEDN.resourceName(from: EDNName.keyword(key) ?? EDNName(name: key))
                if let arn = arns[activity] { bound[arn] = handler }
            }
            machineArn = try await createMachine?(arns)
            workers = try await stepwise.startWorkers(bound, concurrency: concurrency)
            let executionArn = try await start(machineArn)
            let result: ExecutionResult
            do {
                result = try await stepwise.waitForExecution(executionArn)
            } catch is CancellationError {
                // This task is cancelled, so the stop and the wait for it run in a task of their own.
                result = try await Task {
                    _ = try await api.stopExecution(StopExecutionInput(executionArn: executionArn, error: "Stepwise.Cancelled", cause: "the run was cancelled"))
                    return try await stepwise.waitForExecution(executionArn)
                }.value
            }
            await cleanUp(workers: workers, machineArn: machineArn, activityArns: created)
            return result
        } catch {
            await cleanUp(workers: workers, machineArn: machineArn, activityArns: created)
            throw error
        }
    }

    /// Deletes what a run created; runs in its own task so that cancellation of the run does
    /// not cut the clean-up short.
    private func cleanUp(workers: Workers?, machineArn: String?, activityArns: [String]) async {
        let api = stepwise.api
        let logger = stepwise.logger
        await Task {
            await workers?.kill()
            if let machineArn {
                do { _ = try await api.deleteStateMachine(DeleteStateMachineInput(stateMachineArn: machineArn)) } catch {
                    logger.warning("could not delete snapshot state machine", metadata: ["arn": "\(machineArn)", "error": "\(error)"])
                }
            }
            for arn in activityArns {
                do { _ = try await api.deleteActivity(DeleteActivityInput(activityArn: arn)) } catch {
                    logger.warning("could not delete snapshot activity", metadata: ["arn": "\(arn)", "error": "\(error)"])
                }
            }
        }.value
    }
}
