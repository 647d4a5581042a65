import CLibEdit
import Foundation
import Glibc
import StepwiseHandlerPackages
import Synchronization

/// What the line editor read.
public enum LineInput: Sendable, Hashable {
    case line(String)
    /// Ctrl-C: the line was abandoned.
    case cancelled
    /// Ctrl-D on an empty line, or the end of input.
    case end
}

/// Line editing, history and tab completion through libedit's readline API. `readline` blocks
/// in libedit; its character source is `editorGetc`, which waits on stdin, the console's
/// notice pipe and the Ctrl-C pipe together — that is how a notice is printed above the line
/// being typed and how Ctrl-C abandons a line without a signal handler inside libedit.
/// Used from one thread (the shell's main loop).
public final class LineEditor {
    private let historyFile: String?
    private var lastHistoryEntry: String?

    /// `completer(textBeforeWord, word)` returns the replacements offered for `word`.
    public init(
        console: Console, interrupts: Interrupts, historyFile: String?,
        completer: @escaping @Sendable (_ before: String, _ word: String) -> [String]
    ) {
        self.historyFile = historyFile
        editorHooks.withLock { $0 = EditorHooks(console: console, interrupts: interrupts, completer: completer) }
        UnicodeInput.enable()
        stepwise_rl_set_readline_name("stepwise")
        stepwise_rl_set_catch_signals(0)
        stepwise_rl_set_getc_function(editorGetc)
        stepwise_rl_set_completion_function(attemptCompletion)
        stepwise_rl_use_word_breaks()
        stepwise_rl_set_sort_completion_matches(1)
        // Initialises libedit once, with the settings above. (Calling rl_initialize again would
        // tear the first editor down, and its terminal reset discards type-ahead.)
        using_history()
        stifle_history(1000)
        if let historyFile { _ = read_history(historyFile) }
    }

    /// Reads one line with `prompt`. A non-empty line is added to the history (and the file).
    public func readLine(prompt: String) -> LineInput {
        guard let hooks = editorHooks.withLock({ $0 }) else { return .end }
        lineCancelled.store(false, ordering: .relaxed)
        hooks.interrupts.clear()
        hooks.console.beginEditing()
        let raw = readline(prompt)
        hooks.console.endEditing()
        guard let raw else { return .end }
        defer { free(raw) }
        if lineCancelled.load(ordering: .relaxed) { return .cancelled }
        let line = String(cString: raw)
        remember(line)
        return .line(line)
    }

    private func remember(_ typed: String) {
        let line = typed.trimmingTrailingWhitespace
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, line != lastHistoryEntry else { return }
        lastHistoryEntry = line
        _ = add_history(line)
        if let historyFile { _ = write_history(historyFile) }
    }
}

/// What libedit's C callbacks (which cannot capture anything) work with.
private struct EditorHooks: Sendable {
    let console: Console
    let interrupts: Interrupts
    let completer: @Sendable (String, String) -> [String]
}

private let editorHooks = Mutex<EditorHooks?>(nil)
private let lineCancelled = Atomic<Bool>(false)
private let completionState = Mutex<(candidates: [String], next: Int)>(([], 0))

private let newline: Int32 = 10

/// libedit's character source: the next character typed, after printing any queued notices;
/// on Ctrl-C it ends the line (the caller discards it).
private func editorGetc(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
    guard let hooks = editorHooks.withLock({ $0 }) else { return EOF }
    let wakeFD = hooks.console.wakeFD
    let interruptFD = hooks.interrupts.readFD
    while true {
        let ready = FileDescriptor.waitReadable([STDIN_FILENO, wakeFD, interruptFD])
        if interruptFD >= 0, ready.contains(interruptFD) {
            hooks.interrupts.clear()
            lineCancelled.store(true, ordering: .relaxed)
            hooks.console.write("^C")
            return newline
        }
        if wakeFD >= 0, ready.contains(wakeFD) {
            let notices = hooks.console.takeNotices()
            if !notices.isEmpty {
                hooks.console.write("\r\u{1B}[K" + notices.joined(separator: "\n") + "\n")
                rl_forced_update_display()
            }
            continue
        }
        if ready.contains(STDIN_FILENO) { return UnicodeInput.readScalar(from: STDIN_FILENO) }
    }
}

/// Tab: asks the shell's completer about the word before the cursor.
private func attemptCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    // Never fall back to libedit's own file-name completion: the completer knows the context.
    stepwise_rl_set_completion_over(1)
    guard let hooks = editorHooks.withLock({ $0 }), let buffer = stepwise_rl_line_buffer(), let text else { return nil }
    let line = String(cString: buffer)
    let word = String(cString: text)
    let before = String(String.UnicodeScalarView(line.unicodeScalars.prefix(max(0, Int(start)))))
    let candidates = hooks.completer(before, word)
    guard !candidates.isEmpty else { return nil }
    // A lone directory keeps the cursor after its slash so the next Tab goes inside it.
    let lonePath = candidates.count == 1 && candidates[0].hasSuffix("/")
    stepwise_rl_set_completion_append_character(lonePath ? 0 : 32)
    completionState.withLock { $0 = (candidates, 0) }
    return rl_completion_matches(text, completionGenerator)
}

private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    completionState.withLock { s in
        guard s.next < s.candidates.count else { return nil }
        defer { s.next += 1 }
        return strdup(s.candidates[s.next])
    }
}
