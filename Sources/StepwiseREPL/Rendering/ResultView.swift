import StepFunctions
import Stepwise
import StepwiseHandlerPackages

/// How a `:run` ended, as an EDN map on one line when it fits:
/// `#:execution{:status "SUCCEEDED" :output 42 :duration-ms 3 :machine "adder-1764003091234"}`.
/// A multi-line cause (a crashed handler's stderr) shows its first line in the map and the
/// rest indented below it.
public enum ResultView {
    public static func render(_ result: ExecutionResult, machine: String, style: Style, width: Int = 120) -> [String] {
        let statusText = result.status.rawValue.ednLiteral
        var entries: [(key: String, plain: String, styled: String)] = [
            (":status", statusText, result.succeeded ? style.green(statusText) : style.red(statusText))
        ]
        var details: [String] = []
        if let output = result.output {
            let compact = DataText.compact(output)
            entries.append((":output", compact, compact))
        }
        if let error = result.error { entries.append((":error", error.ednLiteral, style.red(error.ednLiteral))) }
        if let cause = result.cause {
            var lines = cause.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while lines.last?.isEmpty == true { lines.removeLast() }
            let first = lines.first ?? ""
            entries.append((":cause", first.ednLiteral, first.ednLiteral))
            details = lines.dropFirst().map { "  " + $0 }
        }
        if let stop = result.stopDate {
            let ms = DurationText.milliseconds(stop.timeIntervalSince(result.startDate))
            entries.append((":duration-ms", ms, ms))
        }
        entries.append((":machine", machine.ednLiteral, style.dim(machine.ednLiteral)))

        let opening = "#:execution{"
        let oneLine = opening + entries.map { "\($0.key) \($0.plain)" }.joined(separator: " ") + "}"
        if oneLine.count <= width {
            return [opening + entries.map { "\($0.key) \($0.styled)" }.joined(separator: " ") + "}"] + details
        }
        // One entry per line; a long output is pretty-printed under its key.
        let indent = String(repeating: " ", count: opening.count)
        var lines: [String] = []
        for (index, entry) in entries.enumerated() {
            var values = [entry.styled]
            let valueIndent = indent.count + entry.key.count + 1
            if entry.key == ":output", let output = result.output, entry.plain.count + valueIndent > width {
                values = DataText.pretty(output, width: max(20, width - valueIndent)).split(separator: "\n").map(String.init)
            }
            values[values.count - 1] += index == entries.count - 1 ? "}" : ""
            lines.append((index == 0 ? opening : indent) + "\(entry.key) \(values[0])")
            lines += values.dropFirst().map { String(repeating: " ", count: valueIndent) + $0 }
        }
        return lines + details
    }

    /// A run that waits for a callback: still RUNNING, the tasks it waits for with their
    /// tokens, and how to answer them.
    static func renderWaiting(_ waiting: [PendingCallback], machine: String, style: Style) -> [String] {
        var lines = ["#:execution{:status \(style.yellow("RUNNING".ednLiteral)) :machine \(style.dim(machine.ednLiteral))}"]
        for task in waiting {
            lines.append("  waiting for a callback: \(style.bold(task.stateName)) (\(TaskView.shortResource(task.resource))) token \(task.taskToken)")
        }
        lines.append(
            style.dim("  :succeed TOKEN OUTPUT or :fail TOKEN ERROR CAUSE answers it and shows how the run goes on; until then it runs in the background"))
        return lines
    }
}
