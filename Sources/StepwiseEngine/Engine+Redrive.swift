import Foundation
import StepFunctions

extension Engine {
    /// How long after it ended an execution may be redriven (AWS: 14 days).
    static let redrivablePeriod: TimeInterval = 14 * 24 * 3600
    /// The most redrives of one execution (AWS: 1,000).
    static let maximumRedrives = 1000
    /// RedriveExecution answers a client token again with its redrive's date: the last ten
    /// tokens of an execution, for 15 minutes after their first use (as AWS documents).
    static let rememberedRedriveTokens = 10
    static let redriveTokenLifetime: TimeInterval = 15 * 60

    /// The refusal an execution's status alone decides.
    static func redriveRefusal(status: ExecutionStatus) -> String? {
        switch status {
        case .running: return "Execution is RUNNING and cannot be redriven"
        case .succeeded: return "Execution is SUCCEEDED and cannot be redriven"
        default: return nil
        }
    }

    /// Why an execution cannot be redriven, in AWS's words; nil when it can.
    func redriveRefusal(_ execution: Execution) -> String? {
        let record = execution.record
        if let refusal = Self.redriveRefusal(status: record.status) { return refusal }
        if record.machineType == .express { return "Execution of an EXPRESS state machine cannot be redriven" }
        if let stop = record.stopDate, clock.now().timeIntervalSince(stop) > Self.redrivablePeriod { return "Execution redrivable period exceeded" }
        if (record.redriveCount ?? 0) >= Self.maximumRedrives { return "Execution has reached the maximum number of redrives (\(Self.maximumRedrives))" }
        if let run = execution.run, !run.run.canRedrive { return "Execution history event limit exceeded" }
        return nil
    }

    /// RedriveExecution: the execution goes on from the states that did not succeed (see
    /// `ExecutionRun.redrive`), under the same ARN, its history continuing. Returns when the
    /// redrive has been recorded.
    func redrive(_ executionArn: String, clientToken: String? = nil) async throws -> Date {
        try requireHealthyStore()
        var execution = try await execution(executionArn)
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
            // Its Map Runs left memory with it; the redrive goes on with them.
            let storedMapRuns = try await store.mapRuns(executionArn: executionArn)
            // Looked at again: another call may have redriven it meanwhile (and so brought it back).
            execution = executions[executionArn] ?? execution
            if let refusal = redriveRefusal(execution) {
                throw StepFunctionsError(.executionNotRedrivable, "Execution Not Redrivable: '\(executionArn)': \(refusal)")
            }
            execution.run = handle
            executions[executionArn] = execution
            for stored in storedMapRuns where mapRuns.runs[stored.record.arn] == nil { mapRuns.restore(stored) }
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
        if let clientToken {
            let tokens = (record.redriveTokens ?? []) + [RedriveToken(token: clientToken, redriveDate: now)]
            record.redriveTokens = Array(tokens.suffix(Self.rememberedRedriveTokens))
        }
        executions[executionArn]?.record = record
        finishedRecords.remove(executionArn)
        try await deliver(.redrive, to: executionArn)
        return now
    }

    /// RedriveExecution. A client token used for one of the execution's last ten redrives, less
    /// than 15 minutes ago, answers with that redrive's date instead of redriving again.
    public func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        try input.checkLimits()
        if let child = try await mapRunChild(input.executionArn) {
            throw StepFunctionsError(
                .executionNotRedrivable,
                "Execution Not Redrivable: '\(input.executionArn)': a child workflow execution of Map Run '\(child.record.mapRunArn)' is redriven by redriving its parent execution '\(child.parentArn)'")
        }
        let record = try await record(of: input.executionArn)
        if let token = input.clientToken, let earlier = record.redriveTokens?.last(where: { $0.token == token }),
            clock.now().timeIntervalSince(earlier.redriveDate) <= Self.redriveTokenLifetime
        {
            return RedriveExecutionOutput(redriveDate: earlier.redriveDate)
        }
        return RedriveExecutionOutput(redriveDate: try await redrive(input.executionArn, clientToken: input.clientToken))
    }

    /// DescribeExecution's `redriveStatus` and `redriveStatusReason`.
    /// DescribeExecution's redrive status. An execution out of memory has no run to ask, so its
    /// stored history answers: one past the event limit (which is how such an execution
    /// failed) is refused, as RedriveExecution would refuse it after rebuilding the run.
    func redriveStatus(_ execution: Execution) async throws -> (ExecutionRedriveStatus, String?) {
        if let refusal = try await redriveRefusalConsultingHistory(execution) { return (.notRedrivable, refusal) }
        return (.redrivable, nil)
    }

    private func redriveRefusalConsultingHistory(_ execution: Execution) async throws -> String? {
        if let refusal = redriveRefusal(execution) { return refusal }
        guard execution.run == nil else { return nil }
        let last = try await store.events(executionArn: execution.record.arn, page: HistoryPage(limit: 1, reverse: true)).first?.id ?? 0
        return last > historyEventLimit ? "Execution history event limit exceeded" : nil
    }

    /// A Map Run's child workflow execution is redriven with its parent: REDRIVABLE_BY_MAP_RUN
    /// when it did not succeed and the parent can be redriven.
    func redriveStatus(ofMapRunChild child: MapRunExecutionRecord, parentArn: String) async throws -> (ExecutionRedriveStatus, String?) {
        if let refusal = Self.redriveRefusal(status: child.status) { return (.notRedrivable, refusal) }
        // The parent may have left memory (it has finished): the store answers for it.
        var known = executions[parentArn]
        if known == nil { known = try await storedRecord(parentArn).map { Execution(record: $0, run: nil) } }
        guard let parent = known else { return (.notRedrivable, "Parent execution '\(parentArn)' does not exist") }
        return try await redriveRefusalConsultingHistory(parent).map { (.notRedrivable, $0) } ?? (.redrivableByMapRun, nil)
    }
}
