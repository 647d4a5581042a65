import Foundation
import Glibc
import Synchronization

/// How a child process ended.
enum Termination: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    var succeeded: Bool { self == .exited(0) }

    var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signalled(let signal):
            let name = strsignal(signal).map { String(cString: $0) } ?? "signal"
            return "signal \(signal) (\(name))"
        }
    }
}

package struct SpawnError: Error, CustomStringConvertible {
    package var description: String

    package init(description: String) {
        self.description = description
    }
}

/// A child process with pipes for stdin, stdout and stderr, started in its own process group
/// so that Ctrl-C in the shell's terminal reaches the shell only.
final class ChildProcess: Sendable {
    let pid: pid_t
    let inputFD: Int32
    let outputFD: Int32
    /// -1 when stderr goes to the output pipe.
    let errorFD: Int32
    /// Set once the process is reaped: its pid may then belong to another process.
    private let reaped = Mutex(false)

    private init(pid: pid_t, inputFD: Int32, outputFD: Int32, errorFD: Int32) {
        self.pid = pid
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.errorFD = errorFD
    }

    /// Starts `executable` (a path, or a name looked up in PATH) with `environment` added to
    /// the shell's own.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], mergingErrors: Bool = false
    ) throws(SpawnError) -> ChildProcess {
        guard let input = FileDescriptor.pipe(), let output = FileDescriptor.pipe(), let errors = FileDescriptor.pipe() else {
            throw SpawnError(description: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, output.write, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, mergingErrors ? output.write : errors.write, STDERR_FILENO)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // The shell ignores SIGPIPE and catches SIGINT; children start with the defaults.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        for fd in [input.read, output.write, errors.write] { close(fd) }
        guard status == 0 else {
            for fd in [input.write, output.read, errors.read] { close(fd) }
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        if mergingErrors { close(errors.read) }
        return ChildProcess(pid: pid, inputFD: input.write, outputFD: output.read, errorFD: mergingErrors ? -1 : errors.read)
    }

    /// Waits for the process to end (blocking) and reaps it.
    func wait() -> Termination {
        // Wait without reaping first, so that `signal` never reaches a recycled pid.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
        return reaped.withLock { reaped in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            reaped = true
            let signal = status & 0x7F
            return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        }
    }

    /// Kills a process nobody will talk to again, closes its stdin and stdout (its stderr
    /// reader closes that), and reaps it on a thread of its own.
    func discard() {
        signal(SIGKILL)
        closeInput()
        close(outputFD)
        Thread.detachNewThread { _ = self.wait() }
    }

    func closeInput() { close(inputFD) }

    /// Signals the whole process group (a build's compiler jobs, a handler's own children),
    /// unless the process has been reaped.
    func signal(_ signal: Int32) {
        reaped.withLock { reaped in
            if !reaped { _ = kill(-pid, signal) }
        }
    }

    func terminate() { signal(SIGTERM) }

    /// Calls `line` for each line read from `fd` on a thread of its own, then `end` at end of
    /// file, and closes `fd`. A line longer than `maxLineBytes` is cut there (marked as cut)
    /// and the rest of it skipped, so one endless line cannot grow the shell's memory.
    static func readLines(
        _ fd: Int32, maxLineBytes: Int = .max, line: @escaping @Sendable ([UInt8]) -> Void, end: @escaping @Sendable () -> Void
    ) {
        Thread.detachNewThread {
            var pending: [UInt8] = []
            var skipping = false
            func cut() {
                line(Array(pending.prefix(maxLineBytes)) + Array(" …[line cut at \(maxLineBytes) bytes]".utf8))
                pending = []
                skipping = true
            }
            while true {
                let chunk = FileDescriptor.read(fd)
                if chunk.isEmpty { break }
                var rest = chunk[...]
                while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
                    if !skipping {
                        pending += rest[..<newline]
                        if pending.count > maxLineBytes { cut() } else { line(pending) }
                    }
                    pending = []
                    skipping = false
                    rest = rest[(newline + 1)...]
                }
                if !skipping {
                    pending += rest
                    if pending.count > maxLineBytes { cut() }
                }
            }
            if !pending.isEmpty { line(pending) }
            close(fd)
            end()
        }
    }

    /// Runs a command to completion, reporting each output line (stdout and stderr merged);
    /// cancelling the calling task terminates it.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], line: @escaping @Sendable (String) -> Void
    ) async throws(SpawnError) -> Termination {
        let process = try spawn(executable, arguments, environment: environment, mergingErrors: true)
        return await finish(process, reading: [(process.outputFD, line)])
    }

    /// Runs a command to completion and returns its stdout and stderr lines apart, so that what
    /// a tool says on stderr (SwiftPM waiting for another build's lock) cannot break the data it
    /// prints; cancelling the calling task terminates it.
    static func capture(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:]
    ) async throws(SpawnError) -> (Termination, output: [String], errors: [String]) {
        let process = try spawn(executable, arguments, environment: environment)
        let output = OutputCollector()
        let errors = OutputCollector()
        let termination = await finish(process, reading: [(process.outputFD, output.add), (process.errorFD, errors.add)])
        return (termination, output.lines, errors.lines)
    }

    /// Reads the process's pipes to their ends, then reaps it.
    private static func finish(_ process: ChildProcess, reading readers: [(Int32, @Sendable (String) -> Void)]) async -> Termination {
        process.closeInput()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let open = Mutex(readers.count)
                for (fd, line) in readers {
                    readLines(fd, line: { line(String(decoding: $0, as: UTF8.self)) }) {
                        let last = open.withLock { count in
                            count -= 1
                            return count == 0
                        }
                        if last { continuation.resume(returning: process.wait()) }
                    }
                }
            }
        } onCancel: {
            process.terminate()
        }
    }
}
