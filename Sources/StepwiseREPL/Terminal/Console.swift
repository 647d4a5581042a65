import CLibEdit
import Glibc
import StepwiseHandlerPackages
import Synchronization

/// The shell's output. Command output is written at once; a notice (a file changed, a build
/// finished) that arrives while the user is typing is queued for the line editor, which prints
/// it above the prompt and redraws the line — so the line being typed is never disturbed.
public final class Console: Sendable {
    public let isTTY: Bool
    public let style: Style
    private let outputFD: Int32
    private let wake: (read: Int32, write: Int32)?
    private let state = Mutex(State())

    private struct State {
        var editing = false
        var pending: [String] = []
        /// A progress line is on screen (written without a newline).
        var progressShown = false
    }

    public init(outputFD: Int32 = STDOUT_FILENO, isTTY: Bool, style: Style) {
        self.outputFD = outputFD
        self.isTTY = isTTY
        self.style = style
        wake = FileDescriptor.pipe()
        if let wake {
            FileDescriptor.setNonBlocking(wake.read)
            FileDescriptor.setNonBlocking(wake.write)
        }
    }

    /// Readable when notices are waiting for the line editor.
    var wakeFD: Int32 { wake?.read ?? -1 }

    /// Prints lines of command output.
    public func print(_ text: String) {
        state.withLock { emitLine(text, &$0) }
    }

    /// Prints a notice now, or hands it to the line editor when one is reading a line.
    public func notice(_ text: String) {
        let queued = state.withLock { s -> Bool in
            guard s.editing else {
                emitLine(text, &s)
                return false
            }
            s.pending.append(text)
            return true
        }
        if queued, let wake { FileDescriptor.writeAll(wake.write, [1]) }
    }

    /// Shows `text` on a line rewritten in place — on a terminal, and only while nobody is
    /// typing (a line being edited is never disturbed by progress).
    func progress(_ text: String) {
        guard isTTY else { return }
        state.withLock { s in
            guard !s.editing else { return }
            s.progressShown = true
            emit("\r\u{1B}[K" + String(text.prefix(100)))
        }
    }

    /// Removes the progress line, if one is shown.
    func clearProgress() {
        state.withLock { s in
            guard s.progressShown else { return }
            s.progressShown = false
            emit("\r\u{1B}[K")
        }
    }

    /// The line editor starts reading: notices queue from now on.
    func beginEditing() {
        state.withLock { s in
            if s.progressShown { emit("\r\u{1B}[K") }
            s.progressShown = false
            s.editing = true
        }
    }

    /// The line editor has returned: notices print directly again; any still queued print now.
    func endEditing() {
        state.withLock { s in
            s.editing = false
            for text in s.pending { emitLine(text, &s) }
            s.pending = []
        }
    }

    /// Notices queued for the line editor.
    func takeNotices() -> [String] {
        if let wake { FileDescriptor.drain(wake.read) }
        return state.withLock { s in
            defer { s.pending = [] }
            return s.pending
        }
    }

    /// Writes raw text (the line editor's own output); the caller holds no lock.
    func write(_ text: String) {
        state.withLock { _ in emit(text) }
    }

    private func emitLine(_ text: String, _ s: inout State) {
        emit((s.progressShown ? "\r\u{1B}[K" : "") + text + "\n")
        s.progressShown = false
    }

    private func emit(_ text: String) {
        // libedit writes through stdio: flush it so the two streams keep their order.
        stepwise_flush_stdout()
        FileDescriptor.writeAll(outputFD, Array(text.utf8))
    }
}
