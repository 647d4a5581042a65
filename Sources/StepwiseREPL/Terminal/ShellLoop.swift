import Dispatch
import Glibc
import StepwiseHandlerPackages
import Synchronization

/// Reads command lines — from the line editor on a terminal, from stdin otherwise, or from
/// `--eval` — and runs each on the session while watching for Ctrl-C, which cancels the
/// command (a `:run` stops its execution) and never the shell.
public final class ShellLoop {
    let session: Session
    let console: Console
    let interrupts: Interrupts

    public init(session: Session, console: Console, interrupts: Interrupts) {
        self.session = session
        self.console = console
        self.interrupts = interrupts
    }

    /// Runs one command line; blocks this thread until it ends or is cancelled and ended.
    public func execute(_ line: String) -> CommandResult {
        guard let done = FileDescriptor.pipe() else { return .failed }
        defer {
            close(done.read)
            close(done.write)
        }
        let outcome = Mutex<CommandResult?>(nil)
        let session = self.session
        interrupts.clear()
        let task = Task.detached {
            let result = await session.execute(line)
            outcome.withLock { $0 = result }
            FileDescriptor.writeAll(done.write, [1])
        }
        var cancelled = false
        while true {
            let ready = FileDescriptor.waitReadable([done.read, interrupts.readFD])
            if ready.contains(done.read) { break }
            if interrupts.readFD >= 0, ready.contains(interrupts.readFD) {
                interrupts.clear()
                if !cancelled {
                    cancelled = true
                    // On a terminal this overwrites the ^C the terminal echoed.
                    console.print((console.isTTY ? "\r" : "") + "^C — cancelling")
                    task.cancel()
                }
            }
        }
        return outcome.withLock { $0 } ?? .failed
    }

    /// The interactive loop on a terminal. Returns the exit status.
    public func runInteractive(editor: LineEditor) -> Int32 {
        console.print(console.style.dim("stepwise-repl — :help lists the commands, Ctrl-D leaves"))
        while true {
            switch editor.readLine(prompt: session.prompt) {
            case .end:
                console.print("")
                return 0
            case .cancelled:
                continue
            case .line(let line):
                if execute(line) == .quit { return 0 }
            }
        }
    }

    /// Commands from a pipe or file on stdin, no prompt. Exit status 1 if any command failed.
    public func runPiped() -> Int32 {
        var failed = false
        while let line = readLine(strippingNewline: true) {
            switch execute(line) {
            case .quit: return failed ? 1 : 0
            case .failed: failed = true
            case .succeeded: break
            }
        }
        return failed ? 1 : 0
    }

    /// `--eval` commands in order; stops at `:quit`. Exit status 1 if any command failed.
    public func runCommands(_ lines: [String]) -> Int32 {
        var failed = false
        for line in lines {
            switch execute(line) {
            case .quit: return failed ? 1 : 0
            case .failed: failed = true
            case .succeeded: break
            }
        }
        return failed ? 1 : 0
    }
}

extension ShellLoop {
    /// Stops the handler hosts and removes this shell's files; blocks until done.
    public func finish() {
        let finished = DispatchSemaphore(value: 0)
        let session = self.session
        Task.detached {
            await session.shutdown()
            finished.signal()
        }
        finished.wait()
    }
}
