import Foundation
import Stepwise

extension Session {
    /// `:redrive [RUN]` — RedriveExecution of a run that failed, timed out or was stopped: it
    /// goes on from the states that did not succeed, under the same execution, its activities
    /// served again by the handlers as they are now (fix the cause, then redrive). The run's own
    /// definition runs again, whatever its file holds now (or if it is gone). Follows the run as
    /// `:run` does; `:history` shows the ExecutionRedriven event and what ran after it.
    func redrive(_ reference: String?) async throws -> CommandResult {
        let record = try runRecord(reference)
        guard runTasks[record.number] == nil else {
            throw InputError("run \(record.number) (\(record.snapshot)) is still running; only a run that did not succeed can be redriven")
        }
        let definition = record.definition
        let activityHandlers = try await activityTargets(for: definition).mapValues(\.handler)
        await bindHandlerCalls()
        let stepwise = record.stepwise
        try await deployNestedMachines(of: definition, on: stepwise)
        let (task, _) = try await launch { started in
            try await stepwise.reloaded.redrive(
                record.executionArn, snapshotMachine: record.snapshot, definition: definition, handlers: activityHandlers,
                onRedrive: { started(record.executionArn) })
        }
        runs[record.number - 1].result = nil
        runTasks[record.number] = task
        say([console.style.dim("redriving run \(record.number) (\(record.snapshot)) …")])
        refreshCompletion()
        return try await follow(record.number)
    }
}
