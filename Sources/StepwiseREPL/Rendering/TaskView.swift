import Foundation
import StepFunctions
import StepwiseHandlerPackages

/// The tasks waiting for a callback, as `:tasks` lists them: each token on a line of its own
/// (to copy, or to complete with Tab), then where the task stands and what it was called with.
enum TaskView {
    static func render(_ waiting: [PendingCallback], runs: [RunRecord], now: Date, style: Style) -> [String] {
        let time = DateFormatter()
        time.dateFormat = "HH:mm:ss"
        var lines = ["\(waiting.count) task\(waiting.count == 1 ? "" : "s") waiting for a callback:"]
        for task in waiting {
            var place = execution(task, runs: runs)
            place += " · state \(style.bold(task.stateName)) · \(shortResource(task.resource))"
            place += " · since \(time.string(from: task.since)) (\(DurationText.format(max(0, now.timeIntervalSince(task.since)))))"
            lines.append("  " + task.taskToken)
            lines.append("      " + place)
            lines.append("      " + style.dim("input ") + DataText.abbreviated(task.parameters, limit: 100))
        }
        lines.append(style.dim(":succeed TOKEN OUTPUT or :fail TOKEN ERROR CAUSE answers one; Tab completes tokens"))
        return lines
    }

    /// The run a task belongs to, and the nested execution it waits in, if it does.
    static func execution(_ task: PendingCallback, runs: [RunRecord]) -> String {
        let name = { (arn: String) in arn.split(separator: ":").last.map(String.init) ?? arn }
        let run = runs.last { $0.executionArn == task.rootExecutionArn }.map { "run \($0.number) (\($0.snapshot))" }
            ?? "execution \(name(task.rootExecutionArn))"
        return task.executionArn == task.rootExecutionArn ? run : run + " → nested execution \(name(task.executionArn))"
    }

    /// `sqs:sendMessage.waitForTaskToken` for `arn:aws:states:::sqs:sendMessage.waitForTaskToken`.
    static func shortResource(_ resource: String) -> String {
        resource.hasPrefix("arn:aws:states:::") ? String(resource.dropFirst("arn:aws:states:::".count)) : resource
    }
}
