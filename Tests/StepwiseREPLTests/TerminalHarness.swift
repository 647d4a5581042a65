import Foundation
import StepwiseREPLDriver

@testable import StepwiseREPL

/// `stepwise-repl` in a pseudo-terminal: a detached tmux session on a private server, driven
/// with `send-keys` and read with `capture-pane`.
final class TerminalShell {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private let tmux: String
    private let socket = "stepwise-repl-tests-\(getpid())-\(UUID().uuidString.prefix(8))"

    init(_ arguments: [String], in directory: URL, historyFile: URL) throws {
        guard let tmux = Self.tmux else { throw HarnessError(description: "tmux is not installed") }
        self.tmux = tmux
        let command = ([try BuiltProducts.path("stepwise-repl")] + arguments + ["--history-file", historyFile.path])
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        try control(["-f", "/dev/null", "new-session", "-d", "-s", "repl", "-x", "120", "-y", "50", "-c", directory.path, command,
                     ";", "set-option", "-t", "repl", "remain-on-exit", "on"])
    }

    deinit { _ = try? control(["kill-server"]) }

    /// Runs a tmux command; returns its output when `reading`. (Not Foundation's Process:
    /// it passes on the caller's blocked signals, and the server `new-session` starts would
    /// inherit them — and keep the output pipe open, so only commands that start no server
    /// are read.)
    @discardableResult
    private func control(_ arguments: [String], reading: Bool = false) throws -> String {
        let process = try ChildProcess.spawn(tmux, ["-L", socket] + arguments, mergingErrors: true)
        process.closeInput()
        var output: [UInt8] = []
        if reading {
            while case let chunk = FileDescriptor.read(process.outputFD), !chunk.isEmpty { output += chunk }
        }
        let termination = process.wait()
        close(process.outputFD)
        guard termination.succeeded else {
            throw HarnessError(description: "tmux \(arguments.joined(separator: " ")) ended with \(termination)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Types text as it is.
    func type(_ text: String) throws { try control(["send-keys", "-t", "repl", "-l", text]) }

    /// Presses keys by tmux name: Tab, Enter, BSpace, Left, Right, C-a, C-c, C-d …
    func press(_ keys: String...) throws { try control(["send-keys", "-t", "repl"] + keys) }

    /// The visible screen, trailing blank lines removed.
    func screen() throws -> [String] {
        var lines = try control(["capture-pane", "-p", "-t", "repl"], reading: true).components(separatedBy: "\n").map { $0.trimmingTrailingSpaces }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Waits (bounded) until the screen satisfies `condition`; returns it.
    @discardableResult
    func waitUntil(_ what: String, seconds: Double = 60, _ condition: ([String]) -> Bool) async throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [String] = []
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError(description: "the terminal never showed \(what); it shows:\n" + last.joined(separator: "\n"))
    }

    /// Waits until the last line is `line` (the prompt with what is typed after it).
    @discardableResult
    func waitForLastLine(_ line: String) async throws -> [String] {
        try await waitUntil("a last line \(line.debugDescription)") { $0.last == line }
    }

    /// Waits (bounded) until the shell has exited; returns its exit status.
    func waitForExit(seconds: Double = 60) async throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let state = try control(["display-message", "-p", "-t", "repl", "#{pane_dead} #{pane_dead_status}"], reading: true)
            let fields = state.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if fields.first == "1", let status = fields.dropFirst().first.flatMap({ Int($0) }) { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError(description: "the shell did not exit; the terminal shows:\n" + (try screen()).joined(separator: "\n"))
    }

    @discardableResult
    func waitFor(_ text: String) async throws -> [String] {
        try await waitUntil(text.debugDescription) { $0.contains { $0.contains(text) } }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
