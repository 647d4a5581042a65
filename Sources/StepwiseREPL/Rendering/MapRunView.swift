import StepFunctions

/// A distributed Map's run as `:history` shows it under the timeline: its label, status, how
/// far its items have got, and its redrives.
public enum MapRunView {
    public static func render(_ run: DescribeMapRunOutput, style: Style) -> String {
        let counts = run.itemCounts
        var progress = ["\(counts.succeeded)/\(counts.total) succeeded"]
        for (count, word) in [
            (counts.failed, "failed"), (counts.timedOut, "timed out"), (counts.aborted, "aborted"), (counts.running, "running"),
            (counts.pending, "pending"),
        ] where count > 0 {
            progress.append("\(count) \(word)")
        }
        let status: String
        switch run.status {
        case .succeeded: status = style.green(run.status.rawValue)
        case .failed, .aborted: status = style.red(run.status.rawValue)
        case .running: status = style.yellow(run.status.rawValue)
        }
        var parts = ["map run \(style.bold(label(of: run.mapRunArn)))", status, progress.joined(separator: ", "), "max concurrency \(run.maxConcurrency)"]
        if let redrives = run.redriveCount, redrives > 0 { parts.append("redriven \(redrives)×") }
        return parts.joined(separator: " · ")
    }

    /// `…:mapRun:<machine>/<label>:<id>` → `<label>`.
    static func label(of mapRunArn: String) -> String {
        let withoutId = mapRunArn.lastIndex(of: ":").map { mapRunArn[..<$0] } ?? Substring(mapRunArn)
        return withoutId.firstIndex(of: "/").map { String(withoutId[withoutId.index(after: $0)...]) } ?? String(withoutId)
    }
}
