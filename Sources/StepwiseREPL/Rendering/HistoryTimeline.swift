import Foundation
import StepFunctions

/// An execution history as a readable timeline: time since the start, states entered (→)
/// and exited (←) with their input and output, activities and tasks with retries, errors.
public enum HistoryTimeline {
    public static func render(_ events: [HistoryEvent], style: Style, payloadLimit: Int = 72) -> [String] {
        guard let start = events.first?.timestamp else { return ["(no events)"] }
        var lines: [String] = []
        var attempts = 0
        for event in events {
            let time = "+" + DurationText.format(event.timestamp.timeIntervalSince(start))
            let details = event.details ?? [:]
            func text(_ key: String) -> String? {
                switch details[key] {
                case .string(let s)?: return s
                case .number(let n)?: return n.description
                default: return nil
                }
            }
            func payload(_ key: String) -> String? { text(key).map { DataText.payload($0, limit: payloadLimit) } }
            let type = event.type.rawValue
            var label: String
            var detail = ""
            var failed = false
            if type.hasSuffix("StateEntered") {
                attempts = 0
                label = "→ \(text("name") ?? "?") (\(type.dropLast("StateEntered".count)))"
                detail = payload("input").map { "input \($0)" } ?? ""
            } else if type.hasSuffix("StateExited") {
                label = "← \(text("name") ?? "?")"
                detail = payload("output").map { "output \($0)" } ?? ""
            } else {
                (label, detail, failed) = describe(event.type, text: text, payload: payload)
                if [.activityScheduled, .taskScheduled].contains(event.type) {
                    attempts += 1
                    if attempts > 1 { label += " (retry \(attempts - 1))" }
                }
                if !type.hasPrefix("Execution") { label = "  " + label }
            }
            var detailLines = detail.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let first = detailLines.isEmpty ? "" : detailLines.removeFirst()
            let line = "  " + time.padded(to: 11) + " " + label.padded(to: 30) + " " + first
            lines.append(failed ? style.red(line.trimmingTrailingWhitespace) : line.trimmingTrailingWhitespace)
            lines += detailLines.filter { !$0.isEmpty }.map { String(repeating: " ", count: 45) + $0 }
        }
        return lines
    }

    /// Label, detail and whether it is a failure, for events other than state entry and exit.
    private static func describe(
        _ type: HistoryEventType, text: (String) -> String?, payload: (String) -> String?
    ) -> (String, String, Bool) {
        let failure = [text("error"), text("cause")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        switch type {
        case .executionStarted: return ("execution started", payload("input").map { "input \($0)" } ?? "", false)
        case .executionSucceeded: return ("execution succeeded", payload("output").map { "output \($0)" } ?? "", false)
        case .executionFailed: return ("execution failed", failure, true)
        case .executionAborted: return ("execution aborted", failure, true)
        case .executionTimedOut: return ("execution timed out", failure, true)
        case .activityScheduled:
            let activity = text("resource").map { "\(activityName($0)) " } ?? ""
            return ("activity scheduled", activity + (payload("input").map { "input \($0)" } ?? ""), false)
        case .activityStarted: return ("activity started", text("workerName").map { "worker \($0)" } ?? "", false)
        case .activitySucceeded: return ("activity succeeded", payload("output").map { "output \($0)" } ?? "", false)
        case .taskScheduled:
            return ("task scheduled", [text("resourceType"), text("resource")].compactMap { $0 }.joined(separator: " "), false)
        case .taskSucceeded: return ("task succeeded", payload("output").map { "output \($0)" } ?? "", false)
        case .mapStateStarted: return ("map started", text("length").map { "\($0) items" } ?? "", false)
        case .mapIterationStarted, .mapIterationSucceeded, .mapIterationFailed, .mapIterationAborted:
            let what = words(type.rawValue).replacingOccurrences(of: "map iteration ", with: "")
            let index = text("index").map { " \($0)" } ?? ""
            return ("iteration\(index) \(what)", "", type == .mapIterationFailed)
        default:
            let failed = ["Failed", "TimedOut", "Aborted"].contains { type.rawValue.hasSuffix($0) } || type == .evaluationFailed
            return (words(type.rawValue), failure, failed)
        }
    }

    /// `ActivityScheduleFailed` → `activity schedule failed`.
    static func words(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase, !out.isEmpty { out += " " }
            out += c.lowercased()
        }
        return out
    }

    /// The activity an ARN names, as the definition writes it: a reloaded run's snapshot
    /// activity `…:activity:adder-1764003091234-activity__add` is `:activity/add`.
    static func activityName(_ arn: String) -> String {
        let name = ARN.Fields(arn)?.resource.last ?? arn
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard let millis = parts.dropLast().lastIndex(where: { $0.count == 13 && $0.allSatisfy(\.isNumber) }), millis > 0 else { return name }
        return ":" + parts[(millis + 1)...].joined(separator: "-").replacingOccurrences(of: "__", with: "/")
    }
}
