import Foundation
import Glibc
import StepwiseHandlerABI
import Synchronization

/// Why a handler call got no answer from its host. `HandlerCallError` names each one.
enum HostFailure: Error, CustomStringConvertible {
    /// The host could not be started, or has stopped.
    case unavailable(String)
    /// The host was retired before the call reached it: the call belongs on its successor.
    case retired
    /// The host died while running the call.
    case crashed(handler: HandlerKey, termination: Termination, lastWords: [String])
    /// The host died of an allocation that its memory limit refused.
    case outOfMemory(handler: HandlerKey, limit: MemorySize, lastWords: [String])
    /// The call ran past its limit; the host is stopped once its other calls end.
    case timedOut(handler: HandlerKey, limit: CallLimit, lastWords: [String])

    var description: String { HandlerCallError(self).cause }
}

/// The shell's side of one handler host process (`stepwise-handler-host LIBRARY`): requests go
/// to its stdin as JSON lines, answers come back on its stdout, and its stderr is kept (and
/// shown as it arrives) so that a call that fails has the host's last words as its cause.
///
/// Every call is bounded by its `CallLimit`. A host is retired when a rebuild replaces it, or
/// when a call overruns or is cancelled (that handler may still be running in it): it takes no
/// new calls, and is killed as soon as no call it runs is awaited — so no host outlives its
/// calls' limits.
final class HandlerHost: Sendable {
    let keys: [HandlerKey]
    let process: ChildProcess
    let memoryLimit: MemorySize
    private let errors: HostErrorLog
    /// Shows the host's stderr lines and the shell's notes about the host.
    private let log: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// A new host must greet within this time (a handler library's set-up code runs first).
    static let startupLimit = Duration.seconds(30)

    private struct State {
        var nextID = 0
        var pending: [Int: Call] = [:]
        var retired = false
        /// Why the host is killed once its awaited calls end, when that is news to the user.
        var killReason: String?
        var killed = false
        var termination: Termination?
        var calls = 0
    }

    private struct Call {
        var handler: HandlerKey
        var firstErrorLine: Int
        var continuation: CheckedContinuation<HandlerOutcome, any Error>
        var deadline: Task<Void, Never>?
    }

    private init(
        keys: [HandlerKey], process: ChildProcess, memoryLimit: MemorySize, errors: HostErrorLog, log: @escaping @Sendable (String) -> Void
    ) {
        self.keys = keys
        self.process = process
        self.memoryLimit = memoryLimit
        self.errors = errors
        self.log = log
    }

    /// Starts a host on `library` and waits for its greeting. `log` receives its stderr lines.
    static func start(
        executable: String, library: String, memoryLimit: MemorySize, log: @escaping @Sendable (String) -> Void
    ) async throws(HostFailure) -> HandlerHost {
        let process: ChildProcess
        do {
            // The runtime's backtracer would spend seconds symbolicating a trapping handler.
            process = try ChildProcess.spawn(
                executable, ["--memory-limit", "\(memoryLimit.bytes)", library], environment: ["SWIFT_BACKTRACE": "enable=no"])
        } catch {
            throw .unavailable("cannot start the handler host: \(error)")
        }
        let errors = HostErrorLog()
        ChildProcess.readLines(process.errorFD, maxLineBytes: HostErrorLog.maxLineBytes, line: { bytes in
            let line = String(decoding: bytes, as: UTF8.self)
            guard !StackTraceLines.matches(line) else { return }
            if let shown = errors.add(line) { log(shown) }
        }) {
            errors.end()
        }
        let greeting = try await Self.greeting(of: process, errors: errors)
        guard let keys = greeting.handlers else {
            process.discard()
            throw .unavailable(greeting.failure ?? "the handler host did not say which handlers it serves")
        }
        let host = HandlerHost(keys: keys, process: process, memoryLimit: memoryLimit, errors: errors, log: log)
        host.serve()
        return host
    }

    /// The host's first stdout line. If the host dies first — or is killed for not greeting
    /// within `startupLimit` — its stderr says why.
    private static func greeting(of process: ChildProcess, errors: HostErrorLog) async throws(HostFailure) -> HostGreeting {
        enum First: Sendable {
            case line([UInt8])
            case stopped(Termination, lastWords: [String])
        }
        let watchdog = Task { () -> Bool in
            guard (try? await Task.sleep(for: startupLimit)) != nil else { return false }
            process.signal(SIGKILL)
            return true
        }
        let first: First = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                var byte: UInt8 = 0
                while read(process.outputFD, &byte, 1) == 1 {
                    if byte == UInt8(ascii: "\n") { break }
                    bytes.append(byte)
                }
                guard bytes.isEmpty else { return continuation.resume(returning: .line(bytes)) }
                errors.waitForEnd()
                let termination = process.wait()
                process.closeInput()
                close(process.outputFD)
                continuation.resume(returning: .stopped(termination, lastWords: errors.lines(since: 0)))
            }
        }
        watchdog.cancel()
        switch first {
        case .stopped(let termination, let lines):
            let why = await watchdog.value
                ? "the handler host was stopped: it was not ready within \(startupLimit.components.seconds) s"
                : "the handler host stopped with \(termination) before it was ready"
            throw .unavailable(why + (lines.isEmpty ? "" : ":\n" + lines.joined(separator: "\n")))
        case .line(let line):
            do {
                return try HostLine.decode(HostGreeting.self, from: line)
            } catch {
                process.discard()
                throw .unavailable("the handler host did not greet with JSON: \(String(decoding: line, as: UTF8.self).prefix(200))")
            }
        }
    }

    /// Takes calls: neither retired nor dead.
    var isAlive: Bool { state.withLock { $0.termination == nil && !$0.retired } }
    var isRunning: Bool { state.withLock { $0.termination == nil } }
    var callCount: Int { state.withLock { $0.calls } }
    var runningCalls: Int { state.withLock { $0.pending.count } }

    /// Calls the handler for `handler` with JSON input text; fails with `HostFailure` when the
    /// host gives no answer, and with `CancellationError` when the caller is cancelled.
    func call(_ handler: HandlerKey, input: String, limit: CallLimit) async throws -> HandlerOutcome {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        let line: [UInt8]
        do {
            line = try HostLine.encode(HostRequest(id: id, handler: handler, input: input))
        } catch {
            throw HostFailure.unavailable("cannot encode the request: \(error)")
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let refused = state.withLock { s -> (any Error)? in
                    if Task.isCancelled { return CancellationError() }
                    if let termination = s.termination { return HostFailure.unavailable("the handler host has stopped (\(termination))") }
                    if s.retired { return HostFailure.retired }
                    s.calls += 1
                    s.pending[id] = Call(handler: handler, firstErrorLine: errors.callStarted(), continuation: continuation)
                    // Written under the lock so that `retire` cannot close the pipe mid-line.
                    FileDescriptor.writeAll(process.inputFD, line)
                    return nil
                }
                if let refused { return continuation.resume(throwing: refused) }
                let deadline = Task { [self] in
                    guard (try? await Task.sleep(for: limit.duration)) != nil else { return }
                    overran(id, limit: limit)
                }
                let ended = state.withLock { s in
                    s.pending[id]?.deadline = deadline
                    return s.pending[id] == nil
                }
                if ended { deadline.cancel() }
            }
        } onCancel: {
            guard let call = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
            call.deadline?.cancel()
            // Stopped before the caller hears back, so the notice precedes what the caller prints.
            retire(killing: "a cancelled call to \(call.handler) may still be running in it")
            call.continuation.resume(throwing: CancellationError())
        }
    }

    private func overran(_ id: Int, limit: CallLimit) {
        guard let call = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        retire(killing: "its handler for \(call.handler) ran past its limit of \(limit)")
        let words = errors.lines(since: call.firstErrorLine)
        call.continuation.resume(throwing: HostFailure.timedOut(handler: call.handler, limit: limit, lastWords: words))
    }

    /// Takes no new calls and closes the host's stdin; the host is killed once no call it runs
    /// is awaited. `reason` is shown when it is killed.
    func retire(killing reason: String? = nil) {
        let notice = state.withLock { s -> String? in
            if !s.retired {
                s.retired = true
                if s.termination == nil { process.closeInput() }
            }
            if s.killReason == nil { s.killReason = reason }
            return killIfDrained(&s)
        }
        notice.map(log)
    }

    /// Kills a retired host with no awaited call: what still runs in it is orphaned (a call
    /// that overran or was cancelled), and a host that is only winding down loses nothing.
    /// Returns the notice to show, if any.
    private func killIfDrained(_ s: inout State) -> String? {
        guard s.retired, s.pending.isEmpty, s.termination == nil, !s.killed else { return nil }
        s.killed = true
        process.signal(SIGKILL)
        return s.killReason.map { "stopped the handler host (pid \(process.pid)): \($0)" }
    }

    /// Reads answers until the host's stdout ends; then fails what is still pending.
    private func serve() {
        ChildProcess.readLines(process.outputFD, line: { [self] bytes in
            guard let response = try? HostLine.decode(HostResponse.self, from: bytes) else { return }
            let (call, notice) = state.withLock { s in
                let call = s.pending.removeValue(forKey: response.id)
                return (call, killIfDrained(&s))
            }
            notice.map(log)
            call?.deadline?.cancel()
            call?.continuation.resume(returning: response.outcome)
        }) { [self] in
            errors.waitForEnd()
            let termination = process.wait()
            let pending = state.withLock { s in
                s.termination = termination
                if !s.retired { process.closeInput() }
                s.retired = true
                defer { s.pending = [:] }
                return s.pending
            }
            for call in pending.values {
                call.deadline?.cancel()
                let words = errors.lines(since: call.firstErrorLine)
                call.continuation.resume(
                    throwing: words.contains(where: HostErrorLog.isAllocationFailure)
                        ? HostFailure.outOfMemory(handler: call.handler, limit: memoryLimit, lastWords: words)
                        : HostFailure.crashed(handler: call.handler, termination: termination, lastWords: words))
            }
        }
    }
}

/// A host's stderr as the shell keeps it. Lines arrive cut at `maxLineBytes`; the last
/// `keptLines` (at most `keptBytes` in all) are kept for the causes of failing calls, and at most
/// `shownLinesPerCall` lines are shown per call started — so a handler printing without end
/// grows neither the shell's memory nor its screen without bound.
final class HostErrorLog: Sendable {
    static let maxLineBytes = 4096
    static let keptLines = 40
    static let keptBytes = 16_384
    static let shownLinesPerCall = 1000

    private struct State {
        var kept: [String] = []
        var keptBytes = 0
        /// Lines ever added: positions for `lines(since:)`.
        var count = 0
        var shown = 0
    }

    private let state = Mutex(State())
    private let ended = DispatchSemaphore(value: 0)

    /// Keeps a line; returns what to show for it: the line, once a note that the rest is
    /// hidden, or nothing.
    func add(_ line: String) -> String? {
        state.withLock { s in
            s.kept.append(line)
            s.keptBytes += line.utf8.count
            s.count += 1
            while s.kept.count > Self.keptLines || (s.keptBytes > Self.keptBytes && s.kept.count > 1) {
                s.keptBytes -= s.kept.removeFirst().utf8.count
            }
            s.shown += 1
            if s.shown <= Self.shownLinesPerCall { return line }
            guard s.shown == Self.shownLinesPerCall + 1 else { return nil }
            return "… more output not shown until the next call (the last lines go into a failing task's cause)"
        }
    }

    /// A call starts: its lines are those from the position returned; the screen budget renews.
    func callStarted() -> Int {
        state.withLock { s in
            s.shown = 0
            return s.count
        }
    }

    /// The kept lines from `position` on.
    func lines(since position: Int) -> [String] {
        state.withLock { s in
            Array(s.kept.suffix(max(0, min(s.kept.count, s.count - position))))
        }
    }

    func end() { ended.signal() }

    /// Blocks until stderr has ended (the host and its children have exited).
    func waitForEnd() { ended.wait() }

    /// What the Swift runtime, C++ and libc print when an allocation fails.
    static func isAllocationFailure(_ line: String) -> Bool {
        let lower = line.lowercased()
        let phrases = ["failed to allocate", "could not allocate", "bad_alloc", "out of memory", "cannot allocate memory"]
        return phrases.contains { lower.contains($0) }
    }
}

/// The runtime's fallback stack dump after a fatal error: addresses it mostly cannot name.
/// The message above it says what happened; the dump would only bury it.
enum StackTraceLines {
    static func matches(_ line: String) -> Bool {
        if line == "Current stack trace:" { return true }
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count >= 3 && fields[0].allSatisfy(\.isNumber) && fields.contains { $0.hasPrefix("0x") }
    }
}
