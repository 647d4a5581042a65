import Foundation
import StepFunctions

extension Engine {
    /// How long after it ended an execution may be redriven (AWS: 14 days).
    static let redrivablePeriod: TimeInterval = 14 * 24 * 3600
    /// The most redrives of one execution (AWS: 1,000).
    static let maximumRedrives = 1000

    /// Why an execution cannot be redriven, in AWS's words; nil when it can.
    func redriveRefusal(_ execution: Execution) -> String? {
        let record = execution.record
        switch record.status {
        case .running: return "Execution is RUNNING and cannot be redriven"
        case .succeeded: return "Execution is SUCCEEDED and cannot be redriven"
        default: break
        }
        if record.machineType == .express { return "Execution of an EXPRESS state machine cannot be redriven" }
        if let stop = record.stopDate, clock.now().timeIntervalSince(stop) > Self.redrivablePeriod { return "Execution redrivable period exceeded" }
        if (record.redriveCount ?? 0) >= Self.maximumRedrives { return "Execution has reached the maximum number of redrives (\(Self.maximumRedrives))" }
        if let run = execution.run, !run.run.canRedrive { return "Execution history event limit exceeded" }
        return nil
    }

    /// RedriveExecution: the execution goes on from the states that did not succeed (see
    /// `ExecutionRun.redrive`), under the same ARN, its history continuing. Returns when the
    /// redrive has been recorded.
    func redrive(_ executionArn: String) async throws -> Date {
        try requireHealthyStore()
        var execution: Execution
        if let known = executions[executionArn] {
            execution = known
        } else {
            execution = Execution(record: try await record(of: executionArn), run: nil)
        }
        if let refusal = redriveRefusal(execution) {
            throw StepFunctionsError(.executionNotRedrivable, "Execution Not Redrivable: '\(executionArn)': \(refusal)")
        }
        if execution.run == nil {
            // Ended before a restart, or left memory since: rebuild the run from its journal (an
            // in-memory store keeps none, and keeps such runs in memory instead).
            guard store.keepsJournal else {
                throw StepFunctionsError(.executionNotRedrivable, "Execution Not Redrivable: '\(executionArn)': the engine keeps no journal of it (an in-memory store after a restart)")
            }
            let (handle, _) = try await replayed(execution.record)
            guard handle.run.canRedrive else {
                throw StepFunctionsError(.executionNotRedrivable, "Execution Not Redrivable: '\(executionArn)': Execution history event limit exceeded")
            }
            // Looked at again: another call may have redriven it meanwhile (and so brought it back).
            execution = executions[executionArn] ?? execution
            if let refusal = redriveRefusal(execution) {
                throw StepFunctionsError(.executionNotRedrivable, "Execution Not Redrivable: '\(executionArn)': \(refusal)")
            }
            execution.run = handle
            executions[executionArn] = execution
        }
        let now = clock.now()
        var record = execution.record
        record.status = .running
        record.stopDate = nil
        record.output = nil
        record.error = nil
        record.cause = nil
        record.redriveCount = (record.redriveCount ?? 0) + 1
        record.redriveDate = now
        executions[executionArn]?.record = record
        finishedRecords.remove(executionArn)
        try await deliver(.redrive, to: executionArn)
        return now
    }
}
