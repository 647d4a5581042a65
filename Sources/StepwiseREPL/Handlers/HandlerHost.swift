import Foundation
import Glibc
import StepwiseHandlerABI
import Synchronization

/// Why a handler call did not get an answer from its host.
struct HostFailure: Error, CustomStringConvertible {
    var description: String
}

/// The shell's side of one handler host process (`stepwise-handler-host LIBRARY`): requests go
/// to its stdin as JSON lines, answers come back on its stdout, and its stderr is kept (and
/// shown as it arrives) so that when a handler traps, the calls it was running fail with the
/// host's last words as their cause.
final class HandlerHost: Sendable {
    let library: String
    let activities: [String]
    let process: ChildProcess
    private let state: Mutex<State>
    private let errorsDone = DispatchSemaphore(value: 0)

    struct State {
        var nextID = 0
        var pending: [Int: Call] = [:]
        var retired = false
        var termination: Termination?
        var errorLines: [String] = []
        var errorLineCount = 0
        var calls = 0
    }

    struct Call {
        var activity: String
        var firstErrorLine: Int
        var continuation: CheckedContinuation<HandlerOutcome, any Error>
    }

    /// How many stderr lines are kept for causes.
    static let keptErrorLines = 40

    private init(library: String, activities: [String], process: ChildProcess, initial: State) {
        self.library = library
        self.activities = activities
        self.process = process
        self.state = Mutex(initial)
    }

    /// Starts a host on `library` and waits for its greeting. `log` receives its stderr lines.
    static func start(executable: String, library: String, log: @escaping @Sendable (String) -> Void) async throws(HostFailure) -> HandlerHost {
        let process: ChildProcess
        do {
            // The runtime's backtracer would spend seconds symbolicating a trapping handler.
            process = try ChildProcess.spawn(executable, [library], environment: ["SWIFT_BACKTRACE": "enable=no"])
        } catch {
            throw HostFailure(description: "cannot start the handler host: \(error)")
        }
        let starter = HostStarter(process: process)
        ChildProcess.readLines(process.errorFD, line: { bytes in
            let line = String(decoding: bytes, as: UTF8.self)
            guard !StackTraceLines.matches(line) else { return }
            starter.errorLine(line)
            log(line)
        }) {
            starter.errorsEnded()
        }
        let greeting: HostGreeting
        do {
            greeting = try await starter.greeting()
        } catch {
            throw error as? HostFailure ?? HostFailure(description: "\(error)")
        }
        guard let activities = greeting.activities else {
            throw HostFailure(description: greeting.failure ?? "the handler host did not say which activities it serves")
        }
        return starter.host(library: library, activities: activities)
    }

    fileprivate static func make(library: String, activities: [String], process: ChildProcess, errorLines: [String]) -> HandlerHost {
        var initial = State()
        initial.errorLines = errorLines
        initial.errorLineCount = errorLines.count
        return HandlerHost(library: library, activities: activities, process: process, initial: initial)
    }

    var isAlive: Bool { state.withLock { $0.termination == nil && !$0.retired } }
    var callCount: Int { state.withLock { $0.calls } }
    var runningCalls: Int { state.withLock { $0.pending.count } }

    /// Calls the handler for `activity` with JSON input text.
    func call(_ activity: String, input: String) async throws -> HandlerOutcome {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        let line: [UInt8]
        do {
            line = try HostLine.encode(HostRequest(id: id, activity: activity, input: input))
        } catch {
            throw HostFailure(description: "cannot encode the request: \(error)")
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let refused = state.withLock { s -> HostFailure? in
                    if let termination = s.termination { return HostFailure(description: "the handler host has stopped (\(termination))") }
                    if s.retired { return HostFailure(description: "the handler host was replaced by a newer build") }
                    s.calls += 1
                    s.pending[id] = Call(activity: activity, firstErrorLine: s.errorLineCount, continuation: continuation)
                    // Written under the lock so that `retire` cannot close the pipe mid-line.
                    FileDescriptor.writeAll(process.inputFD, line)
                    return nil
                }
                if let refused { continuation.resume(throwing: refused) }
            }
        } onCancel: {
            state.withLock { $0.pending.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Takes no new calls and closes the host's stdin: it exits once its running calls end.
    func retire() {
        state.withLock { s in
            guard !s.retired else { return }
            s.retired = true
            if s.termination == nil { process.closeInput() }
        }
    }

    /// Reads answers until the host's stdout ends; then fails what is still pending.
    fileprivate func serve() {
        ChildProcess.readLines(process.outputFD, line: { [self] bytes in
            guard let response = try? HostLine.decode(HostResponse.self, from: bytes) else { return }
            state.withLock { $0.pending.removeValue(forKey: response.id) }?.continuation.resume(returning: response.outcome)
        }) { [self] in
            errorsDone.wait()
            let termination = process.wait()
            let (pending, lines, count) = state.withLock { s in
                s.termination = termination
                if !s.retired { close(process.inputFD) }
                s.retired = true
                defer { s.pending = [:] }
                return (s.pending, s.errorLines, s.errorLineCount)
            }
            for call in pending.values {
                let since = max(0, call.firstErrorLine - (count - lines.count))
                let words = lines[min(since, lines.count)...].joined(separator: "\n")
                let cause = "the handler host stopped with \(termination) while running \(call.activity)" + (words.isEmpty ? "" : ":\n" + words)
                call.continuation.resume(throwing: HostFailure(description: cause))
            }
        }
    }

    fileprivate func errorLine(_ line: String) {
        state.withLock { s in
            s.errorLines.append(line)
            s.errorLineCount += 1
            if s.errorLines.count > Self.keptErrorLines { s.errorLines.removeFirst(s.errorLines.count - Self.keptErrorLines) }
        }
    }

    fileprivate func errorsEnded() { errorsDone.signal() }
}

/// Waits for a new host's greeting, collecting stderr until the host object exists.
private final class HostStarter: Sendable {
    let process: ChildProcess
    private let state = Mutex<(lines: [String], host: HandlerHost?, ended: Bool)>(([], nil, false))

    init(process: ChildProcess) { self.process = process }

    func errorLine(_ line: String) {
        let host = state.withLock { s -> HandlerHost? in
            if s.host == nil { s.lines.append(line) }
            return s.host
        }
        host?.errorLine(line)
    }

    func errorsEnded() {
        let host = state.withLock { s -> HandlerHost? in
            s.ended = true
            return s.host
        }
        host?.errorsEnded()
    }

    /// The first stdout line; if the host dies first, its stderr explains why.
    func greeting() async throws -> HostGreeting {
        let first: [UInt8]? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { [process] in
                var bytes: [UInt8] = []
                var byte: UInt8 = 0
                while read(process.outputFD, &byte, 1) == 1 {
                    if byte == UInt8(ascii: "\n") { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: bytes.isEmpty ? nil : bytes)
            }
        }
        guard let first else {
            let termination = process.wait()
            let lines = state.withLock { $0.lines }.suffix(HandlerHost.keptErrorLines)
            throw HostFailure(description: "the handler host stopped with \(termination) before it was ready" + (lines.isEmpty ? "" : ":\n" + lines.joined(separator: "\n")))
        }
        do {
            return try HostLine.decode(HostGreeting.self, from: first)
        } catch {
            process.terminate()
            throw HostFailure(description: "the handler host did not greet with JSON: \(String(decoding: first, as: UTF8.self).prefix(200))")
        }
    }

    func host(library: String, activities: [String]) -> HandlerHost {
        let (host, ended) = state.withLock { s -> (HandlerHost, Bool) in
            let host = HandlerHost.make(library: library, activities: activities, process: process, errorLines: s.lines)
            s.host = host
            return (host, s.ended)
        }
        if ended { host.errorsEnded() }
        host.serve()
        return host
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
