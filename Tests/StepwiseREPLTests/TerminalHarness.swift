import Foundation
import StepwiseREPLDriver
import Synchronization
import TestSupport

@testable import StepwiseHandlerPackages
@testable import StepwiseREPL

/// `stepwise-repl` in a pseudo-terminal: a detached tmux session on a private server, driven
/// with `send-keys` and read with `capture-pane`. Nothing polls: tmux copies the pane's output
/// into a FIFO (`pipe-pane`), and each arrival is the cue to look at the screen again; the
/// shell's exit status is written to a file, announced through the same FIFO.
final class TerminalShell {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    private let tmux: String
    private let socket = "stepwise-repl-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
    private var serverPID: pid_t?
    /// Holds the FIFO and the exit status file.
    private let scratch: URL
    private let changes = ChangeCounter()
    private let listener: FIFOListener

    private var statusFile: URL { scratch.appendingPathComponent("status") }

    init(_ arguments: [String], in directory: URL, historyFile: URL) throws {
        guard let tmux = Self.tmux else { throw HarnessError(description: "tmux is not installed") }
        self.tmux = tmux
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let fifo = scratch.appendingPathComponent("events").path
        guard mkfifo(fifo, 0o600) == 0 else { throw HarnessError(description: "mkfifo \(fifo) failed: errno \(errno)") }
        listener = try FIFOListener(path: fifo, announcing: changes)
        let shell = ([try BuiltProducts.path("stepwise-repl")] + arguments + ["--history-file", historyFile.path]).map(Self.quoted)
            .joined(separator: " ")
        // The pane's own sh records the status and announces the exit; it waits out Ctrl-C
        // (meant for the shell under test) instead of dying of it.
        let command = "trap : INT; \(shell); echo $? > \(Self.quoted(statusFile.path)); echo > \(Self.quoted(fifo))"
        try control([
            "-f", "/dev/null", "new-session", "-d", "-s", "repl", "-x", "120", "-y", "50", "-c", directory.path, command,
            ";", "set-option", "-t", "repl", "remain-on-exit", "on", ";", "pipe-pane", "-t", "repl", "cat > \(Self.quoted(fifo))",
        ])
        serverPID = pid_t(try control(["display-message", "-p", "#{pid}"], reading: true).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit {
        _ = try? control(["kill-server"])
        // A server that outlived kill-server would hold the descriptors it inherited from
        // this process.
        if let serverPID, let command = try? String(contentsOfFile: "/proc/\(serverPID)/cmdline", encoding: .utf8),
            command.contains(socket)
        {
            kill(serverPID, SIGKILL)
        }
        listener.stop()
        try? FileManager.default.removeItem(at: scratch)
    }

    private static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
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

    /// Waits until `look` finds what it looks for, looking again after each change; gives up
    /// when the calling task is cancelled (the suite's time limit).
    private func wait<T>(_ look: () throws -> T?) async throws -> T? {
        while !Task.isCancelled {
            let seen = changes.count
            if let found = try look() { return found }
            await changes.wait(after: seen)
        }
        return nil
    }

    /// Waits until the screen satisfies `condition`; returns it.
    @discardableResult
    func waitUntil(_ what: String, _ condition: ([String]) -> Bool) async throws -> [String] {
        var last: [String] = []
        let screen = try await wait { () throws -> [String]? in
            last = try self.screen()
            return condition(last) ? last : nil
        }
        guard let screen else {
            throw HarnessError(description: "the terminal never showed \(what); it shows:\n" + last.joined(separator: "\n"))
        }
        return screen
    }

    /// Waits until the last line is `line` (the prompt with what is typed after it).
    @discardableResult
    func waitForLastLine(_ line: String) async throws -> [String] {
        try await waitUntil("a last line \(line.debugDescription)") { $0.last == line }
    }

    @discardableResult
    func waitFor(_ text: String) async throws -> [String] {
        try await waitUntil(text.debugDescription) { $0.contains { $0.contains(text) } }
    }

    /// Waits until the shell has exited; returns its exit status.
    func waitForExit() async throws -> Int {
        let status = try await wait {
            (try? String(contentsOf: statusFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        guard let status else {
            throw HarnessError(description: "the shell did not exit; the terminal shows:\n" + (try screen()).joined(separator: "\n")
                + "\n" + (try stacks()))
        }
        return status
    }

    /// The threads of the shell under test as gdb sees them (when gdb is installed), so that a
    /// shell that hangs says where.
    private func stacks() throws -> String {
        let gdb = "/usr/bin/gdb"
        guard FileManager.default.isExecutableFile(atPath: gdb) else { return "(install gdb to see the shell's threads)" }
        let text = try control(["display-message", "-p", "-t", "repl", "#{pane_pid}"], reading: true)
        // The pane runs sh, which runs the shell under test.
        guard let pane = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let children = try? String(contentsOfFile: "/proc/\(pane)/task/\(pane)/children", encoding: .utf8),
            let shell = children.split(separator: " ").first.flatMap({ pid_t($0) })
        else { return "(the shell's process is gone)" }
        return try Self.run(gdb, ["-batch", "-p", String(shell), "-ex", "thread apply all bt 30"], reading: true).0
    }
}

/// Reads a FIFO on a thread of its own and announces each arrival. The FIFO is opened for
/// writing too, so reads never see an end while writers come and go, and `stop` can wake the
/// thread.
final class FIFOListener: Sendable {
    private let descriptor: Int32
    private let stopping = Atomic(false)

    init(path: String, announcing changes: ChangeCounter) throws {
        descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw HarnessError(description: "cannot open \(path): errno \(errno)") }
        Thread.detachNewThread { [self] in
            while !FileDescriptor.read(descriptor).isEmpty, !stopping.load(ordering: .acquiring) { changes.announce() }
            close(descriptor)
        }
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        FileDescriptor.writeAll(descriptor, [1])
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
