import Foundation

/// How one case went.
public struct CaseResult: Sendable {
    public enum Outcome: Sendable, Hashable {
        case passed
        /// The execution ended, but not as expected.
        case failed([Mismatch])
        /// The case could not be run to an end (an engine error, an execution that never ends).
        case error(String)
    }

    /// The test file.
    public var file: String
    public var name: String
    public var duration: Duration
    public var outcome: Outcome
    /// The execution, when there was one.
    public var observation: Observation?

    public init(file: String, name: String, duration: Duration, outcome: Outcome, observation: Observation? = nil) {
        self.file = file
        self.name = name
        self.duration = duration
        self.outcome = outcome
        self.observation = observation
    }
}

/// How one test file went: its cases, or the problems that kept it from running.
public struct FileResult: Sendable {
    public var path: String
    public var problems: [FileProblem]
    public var cases: [CaseResult]

    public init(path: String, problems: [FileProblem] = [], cases: [CaseResult] = []) {
        self.path = path
        self.problems = problems
        self.cases = cases
    }
}

/// The results of a `stepwise test` run.
public struct TestReport: Sendable {
    public var files: [FileResult]
    public var duration: Duration

    public init(files: [FileResult], duration: Duration) {
        self.files = files
        self.duration = duration
    }

    public var cases: [CaseResult] { files.flatMap(\.cases) }
    public var passed: Int { cases.count(where: { $0.outcome == .passed }) }
    public var failed: Int { cases.count(where: { if case .failed = $0.outcome { true } else { false } }) }
    /// Cases that could not run, and files that could not be read.
    public var errors: Int { cases.count(where: { if case .error = $0.outcome { true } else { false } }) + files.count(where: { !$0.problems.isEmpty }) }
    public var succeeded: Bool { failed == 0 && errors == 0 }

    /// One line per case (and per file that could not be read), each failure's mismatches
    /// under it, then a summary line.
    public var text: String {
        var lines: [String] = []
        for file in files {
            if !file.problems.isEmpty {
                lines.append("ERROR \(file.path)")
                lines += file.problems.map { "      \($0)" }
            }
            for result in file.cases {
                let title = "\(file.path) › \(result.name) (\(Self.milliseconds(result.duration)))"
                switch result.outcome {
                case .passed:
                    lines.append("PASS  \(title)")
                case .failed(let mismatches):
                    lines.append("FAIL  \(title)")
                    lines += mismatches.map { "      \($0)" }
                case .error(let message):
                    lines.append("ERROR \(title)")
                    lines.append("      \(message)")
                }
            }
        }
        if !lines.isEmpty { lines.append("") }
        let counts = ["\(passed) passed", failed > 0 ? "\(failed) failed" : nil, errors > 0 ? "\(errors) \(errors == 1 ? "error" : "errors")" : nil]
        lines.append(
            "\(cases.count) \(cases.count == 1 ? "case" : "cases") in \(files.count) \(files.count == 1 ? "file" : "files"): "
                + counts.compactMap { $0 }.joined(separator: ", ") + " (\(Self.seconds(duration)) s)")
        return lines.joined(separator: "\n")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return ms < 10 ? String(format: "%.1f ms", ms) : "\(Int(ms.rounded())) ms"
    }

    /// Seconds with three decimals, as JUnit XML writes times.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
