import Foundation
import StepFunctions
import StepwiseHandlerPackages
import StepwiseJSON

/// An execution history as a readable timeline: time since the start, states entered (→)
/// and exited (←) with their input and output, activities, Lambda functions and integrations
/// with retries, errors — and the timeline of each nested execution indented under the Task
/// that started it.
public enum HistoryTimeline {
    /// `nested` holds the events of executions the history's Task states started, by ARN;
    /// `mocked` the Task states of the execution (not of nested ones) that a test case's mocked
    /// responses answered, with the response's name.
    public static func render(
        _ events: [HistoryEvent], style: Style, payloadLimit: Int = 72, nested: [String: [HistoryEvent]] = [:], mocked: [String: String] = [:]
    ) -> [String] {
        guard let start = events.first?.timestamp else { return ["(no events)"] }
        var shown: Set<String> = []
        return lines(
            events, start: start, indent: "", style: style, payloadLimit: payloadLimit, nested: nested, mocked: mocked, shown: &shown)
    }

    /// Nested timelines go this deep at most (a machine that starts itself has no end).
    static let maxDepth = 8

    private static func lines(
        _ events: [HistoryEvent], start: Date, indent: String, style: Style, payloadLimit: Int, nested: [String: [HistoryEvent]],
        mocked: [String: String], shown: inout Set<String>
    ) -> [String] {
        var lines: [String] = []
        var attempts = 0
        for event in events {
            // Times count from the top execution's start, so nested lines fall in place.
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
                if event.type == .taskStateEntered, let response = text("name").flatMap({ mocked[$0] }) {
                    detail = style.yellow("mocked (\(response))") + (detail.isEmpty ? "" : " · " + detail)
                }
            } else if type.hasSuffix("StateExited") {
                label = "← \(text("name") ?? "?")"
                detail = payload("output").map { "output \($0)" } ?? ""
            } else {
                (label, detail, failed) = describe(event.type, text: text, payload: payload)
                if [.activityScheduled, .taskScheduled, .lambdaFunctionScheduled].contains(event.type) {
                    attempts += 1
                    if attempts > 1 { label += " (retry \(attempts - 1))" }
                }
                if !type.hasPrefix("Execution") { label = "  " + label }
            }
            var detailLines = detail.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let first = detailLines.isEmpty ? "" : detailLines.removeFirst()
            let line = indent + "  " + time.padded(to: 11) + " " + label.padded(to: 30) + " " + first
            lines.append(failed ? style.red(line.trimmingTrailingWhitespace) : line.trimmingTrailingWhitespace)
            lines += detailLines.filter { !$0.isEmpty }.map { indent + String(repeating: " ", count: 45) + $0 }
            if let child = startedExecution(event), let childEvents = nested[child], indent.count / 4 < maxDepth,
                shown.insert(child).inserted
            {
                let name = child.split(separator: ":").suffix(2).joined(separator: ":")
                lines.append(indent + "    " + style.dim("┊ nested execution \(name)"))
                lines += Self.lines(
                    childEvents, start: start, indent: indent + "    ", style: style, payloadLimit: payloadLimit, nested: nested, mocked: [:],
                    shown: &shown)
            }
        }
        return lines
    }

    /// The executions that `events`' Task states started (`states:startExecution`), in order.
    public static func nestedExecutions(in events: [HistoryEvent]) -> [String] {
        var found: [String] = []
        for event in events {
            if let child = startedExecution(event), !found.contains(child) { found.append(child) }
        }
        return found
    }

    /// The execution a `states:startExecution` task reports having started: in the response
    /// its TaskSubmitted (`.sync`, `.waitForTaskToken`) or TaskSucceeded records.
    static func startedExecution(_ event: HistoryEvent) -> String? {
        guard [.taskSubmitted, .taskSucceeded].contains(event.type), case .string("states")? = event.details?["resourceType"],
            case .string(let resource)? = event.details?["resource"], resource.hasPrefix("startExecution"),
            case .string(let output)? = event.details?["output"], let response = try? JSONParser.parse(output)
        else { return nil }
        return response["ExecutionArn"]?.stringValue
    }

    /// Label, detail and whether it is a failure, for events other than state entry and exit.
    private static func describe(
        _ type: HistoryEventType, text: (String) -> String?, payload: (String) -> String?
    ) -> (String, String, Bool) {
        let failure = [text("error"), text("cause")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        // `lambda:invoke`, `sqs:sendMessage.waitForTaskToken`, `aws-sdk:s3:getObject`.
        let resource = [text("resourceType"), text("resource")].compactMap { $0 }.joined(separator: ":")
        func joined(_ parts: String?...) -> String { parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ") }
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
        case .taskScheduled: return ("task scheduled", joined(resource, payload("parameters").map { "parameters \($0)" }), false)
        case .taskStarted: return ("task started", resource, false)
        case .taskSubmitted:
            let waits = text("resource")?.hasSuffix(".waitForTaskToken") == true ? "waiting for its callback ·" : nil
            return ("task submitted", joined(resource, waits, payload("output").map { "response \($0)" }), false)
        case .taskSucceeded: return ("task succeeded", joined(resource, payload("output").map { "output \($0)" }), false)
        case .taskFailed: return ("task failed", joined(resource, failure), true)
        case .taskTimedOut: return ("task timed out", joined(resource, failure), true)
        case .lambdaFunctionScheduled:
            let function = text("resource").map { lambdaFunctionName($0) }
            return ("lambda scheduled", joined(function, payload("input").map { "input \($0)" }), false)
        case .lambdaFunctionStarted: return ("lambda started", "", false)
        case .lambdaFunctionSucceeded: return ("lambda succeeded", payload("output").map { "output \($0)" } ?? "", false)
        case .lambdaFunctionFailed: return ("lambda failed", failure, true)
        case .lambdaFunctionTimedOut: return ("lambda timed out", failure, true)
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

    /// The function a Lambda function ARN names, with its qualifier: `price-order`, `price-order:live`.
    static func lambdaFunctionName(_ arn: String) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard let function = parts.firstIndex(of: "function"), function + 1 < parts.count else { return arn }
        return parts[(function + 1)...].joined(separator: ":")
    }
}
