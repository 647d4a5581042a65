import Foundation
import StepwiseREPLDriver

@testable import StepwiseHandlerPackages
@testable import StepwiseREPL

/// `stepwise-repl` in a pseudo-terminal: a detached tmux session on a private server, driven
/// with `send-keys` and read with `capture-pane`.
final class TerminalShell {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private let tmux: String
    private let socket = "stepwise-repl-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
    private var serverPID: pid_t?

    init(_ arguments: [String], in directory: URL, historyFile: URL) throws {
        guard let tmux = Self.tmux else { throw HarnessError(description: "tmux is not installed") }
        self.tmux = tmux
        let command = ([try BuiltProducts.path("stepwise-repl")] + arguments + ["--history-file", historyFile.path])
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        try control(["-f", "/dev/null", "new-session", "-d", "-s", "repl", "-x", "120", "-y", "50", "-c", directory.path, command,
                     ";", "set-option", "-t", "repl", "remain-on-exit", "on"])
        serverPID = pid_t(try control(["display-message", "-p", "#{pid}"], reading: true).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit {
        _ = try? control(["kill-server"])
        // A server that waits for a SIGCHLD it lost (see waitForExit) would outlive the tests,
        // holding the descriptors it inherited from this process.
        if let serverPID, let command = try? String(contentsOfFile: "/proc/\(serverPID)/cmdline", encoding: .utf8),
           command.contains(socket) {
            kill(serverPID, SIGKILL)
        }
    }

    /// Runs a tmux command; returns its output when `reading`. (Not Foundation's Process:
    /// it passes on the caller's blocked signals, and the server `new-session` starts would
    /// inherit them — and keep the output pipe open, so only commands that start no server
    /// are read.)
    @discardableResult
    private func control(_ arguments: [String], reading: Bool = false) throws -> String {
        let (output, termination) = try Self.run(tmux, ["-L", socket] + arguments, reading: reading)
        guard termination.succeeded else {
            throw HarnessError(description: "tmux \(arguments.joined(separator: " ")) ended with \(termination)")
        }
        return output
    }

    /// Runs a program to its end, stdout and stderr merged; its output is read when `reading`.
    private static func run(_ executable: String, _ arguments: [String], reading: Bool) throws -> (String, Termination) {
        let process = try ChildProcess.spawn(executable, arguments, mergingErrors: true)
        process.closeInput()
        var output: [UInt8] = []
        if reading {
            while case let chunk = FileDescriptor.read(process.outputFD), !chunk.isEmpty { output += chunk }
        }
        let termination = process.wait()
        close(process.outputFD)
        return (String(decoding: output, as: UTF8.self), termination)
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
        let pid = try panePID()
        while Date() < deadline {
            let state = try control(["display-message", "-p", "-t", "repl", "#{pane_dead} #{pane_dead_status}"], reading: true)
            let fields = state.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if fields.first == "1", let status = fields.dropFirst().first.flatMap({ Int($0) }) { return status }
            // Debian's tmux is built with libutempter, which swaps in its own SIGCHLD handler
            // while it updates utmp as a pane closes: a shell that exits in that window stays
            // a zombie that tmux never reaps (tmux/tmux#311, #4559). Another SIGCHLD makes
            // tmux reap it and record the status.
            if let (state, parent) = Self.processState(pid), state == "Z" { kill(parent, SIGCHLD) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError(description: "the shell did not exit; the terminal shows:\n" + (try screen()).joined(separator: "\n")
                           + "\n" + (try stacks(pid)))
    }

    private func panePID() throws -> pid_t {
        let text = try control(["display-message", "-p", "-t", "repl", "#{pane_pid}"], reading: true)
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError(description: "tmux gave no pane pid: \(text.debugDescription)")
        }
        return pid
    }

    /// A process's state letter and parent from /proc/PID/stat ("pid (comm) S ppid …"; the
    /// command name may hold spaces and parentheses, so fields are counted after the last ")").
    private static func processState(_ pid: pid_t) -> (state: String, parent: pid_t)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let parent = pid_t(fields[1]) else { return nil }
        return (String(fields[0]), parent)
    }

    /// The threads of the shell's process as gdb sees them (when gdb is installed), so that a
    /// shell that hangs says where.
    private func stacks(_ pid: pid_t) throws -> String {
        let gdb = "/usr/bin/gdb"
        guard FileManager.default.isExecutableFile(atPath: gdb) else { return "(install gdb to see the shell's threads)" }
        return try Self.run(gdb, ["-batch", "-p", String(pid), "-ex", "thread apply all bt 30"], reading: true).0
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
