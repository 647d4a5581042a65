import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

// A distributed Map runs as a Map Run: the interpreter reports its progress as commands, and
// the driver keeps the records DescribeMapRun, ListMapRuns and ListExecutions read. Map Runs
// of Maps nested in child workflows are not reported (their child workflows have no
// histories here either).

/// New settings for a running distributed Map, from UpdateMapRun (nil: unchanged).
struct MapRunUpdate: Sendable, Equatable {
    let mapRunArn: String
    let maxConcurrency: Int?
    let toleratedFailureCount: Int?
    let toleratedFailurePercentage: Double?
}

/// The settings a Map Run runs with.
struct MapRunSettings: Sendable, Equatable {
    let maxConcurrency: Int
    let toleratedFailureCount: Int?
    let toleratedFailurePercentage: Double?

    init(_ fan: FanOut) {
        maxConcurrency = fan.maxConcurrency
        toleratedFailureCount = fan.toleratedCount
        toleratedFailurePercentage = fan.toleratedPercentage
    }
}

/// One step of a Map Run's progress.
enum MapRunReport: Sendable, Equatable {
    case started(mapRunArn: String, items: Int, settings: MapRunSettings)
    case iterationStarted(mapRunArn: String, index: Int, input: JSONValue)
    case iterationSucceeded(mapRunArn: String, index: Int, output: JSONValue)
    case iterationFailed(mapRunArn: String, index: Int, error: StatesError)
    case updated(mapRunArn: String, settings: MapRunSettings)
    /// A redrive took the run up again, with these iterations (the others succeeded or never started).
    case redriven(mapRunArn: String, iterations: [Int])
    /// Iterations still running when the run ends were aborted.
    case ended(mapRunArn: String, status: MapRunStatus)
}

extension StatesError {
    /// A distributed Map failed more items than it tolerates.
    static let toleratedFailureThresholdExceeded = StatesError(
        ErrorName.exceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded")
}

extension ExecutionRun {
    /// Reports on the run of a distributed Map (a no-op for other fan-outs and nested Maps).
    func reportMapRun(_ cursor: Cursor, _ fan: FanOut, _ report: (_ mapRunArn: String) -> MapRunReport) {
        guard fan.isDistributed, !cursor.silent else { return }
        commands.append(.mapRun(report(mapRunArn(for: cursor))))
    }

    /// A redrive takes a distributed Map's run up again under its ARN: `MapRunRedriven`, and
    /// the iterations that did not succeed run again as the same child workflow executions —
    /// those stopped with the run at once, those that failed within the tolerance as the
    /// concurrency allows.
    func redriveMapRun(_ cursor: Cursor, _ fan: inout FanOut, iterations: [Cursor], after event: Int) {
        fan.redriveCount += 1
        for slot in fan.toleratedFailures { fan.results[slot] = nil }
        fan.failures -= fan.toleratedFailures.count
        fan.finished -= fan.toleratedFailures.count
        fan.redriven += fan.toleratedFailures.sorted()
        fan.toleratedFailures = []
        let details: JSONObject = ["mapRunArn": .string(mapRunArn(for: cursor)), "redriveCount": .number(fan.redriveCount)]
        cursor.lastEventId = record(.mapRunRedriven, .other(details), previous: event, silent: cursor.silent)
        reportMapRun(cursor, fan) { .redriven(mapRunArn: $0, iterations: iterations.compactMap { $0.parent?.slot }) }
    }

    /// UpdateMapRun: the Map honours the new settings from now on — more iterations start when
    /// the concurrency grows, and the run fails at once if it has already failed more items
    /// than it now tolerates. A run that has ended ignores the update.
    func updateMapRun(_ update: MapRunUpdate) {
        let running = cursors.keys.first { id in
            guard let cursor = cursors[id], !cursor.silent, case .fanOut(let fan) = cursor.phase, fan.isDistributed else { return false }
            return mapRunArn(for: cursor) == update.mapRunArn
        }
        guard let id = running, var fan = takeFanOut(id) else { return }
        let cursor = cursors[id]!
        if let value = update.maxConcurrency { fan.maxConcurrency = value }
        if let value = update.toleratedFailureCount { fan.toleratedCount = value }
        if let value = update.toleratedFailurePercentage { fan.toleratedPercentage = value }
        reportMapRun(cursor, fan) { .updated(mapRunArn: $0, settings: MapRunSettings(fan)) }
        let exceeded = fan.failures > 0 && !fan.tolerates(fan.failures)
        cursors[id]!.phase = .fanOut(consume fan)
        if exceeded {
            failFanOut(id, error: .toleratedFailureThresholdExceeded, previous: cursor.lastEventId)
        } else {
            startIterations(id, previous: cursor.lastEventId)
        }
    }
}
