import Foundation

extension Engine {
    /// How many executions one transaction of a retention sweep deletes, so that the sweep never
    /// holds the store's writer for long.
    static let retentionBatch = 1000

    /// Deletes the finished executions whose retention has run out (record, history, journal,
    /// Map Runs and their children; one batch per transaction), then arms the next sweep. A
    /// sweep the store fails stops the engine, as a failed commit does. Not in virtual time:
    /// the clock jumps to the earliest timer whenever the engine is idle, so hourly sweeps would
    /// move it an hour at a time, ahead of what executions wait for.
    func deleteExpiredExecutions() async {
        guard let retention = configuration.retention, !(clock is VirtualClock) else { return }
        let now = clock.now()
        let cutoff = now.addingTimeInterval(-retention)
        do {
            while storeFailure == nil {
                let deleted = try await store.deleteExecutions(stoppedBefore: cutoff, limit: Self.retentionBatch)
                for arn in deleted {
                    finishedRecords.remove(arn)
                    // Its Map Runs and their child workflow executions went with it.
                    mapRuns.remove(executionArn: arn)
                    // A run kept for a redrive (a store without journals) goes with it.
                    if let kept = executions[arn], kept.record.status != .running, !kept.pumping { executions.removeValue(forKey: arn) }
                }
                if deleted.count < Self.retentionBatch { break }
            }
        } catch {
            if storeFailure == nil { storeFailure = "deleting expired executions: \(error)" }
            return
        }
        schedule(.retentionSweep, at: now.addingTimeInterval(Configuration.retentionSweepInterval))
    }
}
