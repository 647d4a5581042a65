import Foundation
import TestSupport

// Drives the real stepwise-repl binary through pipes, on copies of the examples: shared by the
// REPL tests and the REPL benchmark.

/// Why a shell test could not go on (a bound was hit, a file is missing).
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// The executables `swift build` puts in `.build/debug`. The tests drive the real binary and
/// never build it themselves: `.ci/run` runs `swift build` before `swift test`.
public enum BuiltProducts {
    /// The repository (this file is Tests/StepwiseREPLDriver/ShellDriver.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `.build/debug`, or `STEPWISE_BUILD_DIR` (for a release build).
    public static let directory = ProcessInfo.processInfo.environment["STEPWISE_BUILD_DIR"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.appendingPathComponent(".build/debug")

    public static func path(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError(description: "\(path) is missing: run `swift build` before `swift test`")
        }
        return path
    }
}

/// Copies of the examples in a temporary directory, so tests can edit them.
public enum ScratchProjects {
    /// One directory per test run, holding the project copies and the handler builds. Those
    /// of earlier runs whose process has ended are removed first (there is no hook at the end
    /// of a run to remove one's own).
    public static let runDirectory: URL = {
        let temporary = FileManager.default.temporaryDirectory
        let prefix = "stepwise-repl-tests-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        let url = temporary.appendingPathComponent("\(prefix)\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    public static var buildRoot: String { runDirectory.appendingPathComponent("handler-builds").path }

    /// A fresh copy of `examples/<name>`, without a build of its handler package. The copy's
    /// handler package builds outside the repository as it is: the shell tells it where the
    /// handler contract is (`$STEPWISE_HANDLER_ABI`).
    public static func copy(_ example: String, as name: String? = nil) throws -> URL {
        let target = runDirectory.appendingPathComponent(name ?? "\(example)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: BuiltProducts.packageRoot.appendingPathComponent("examples/\(example)"), to: target)
        try? FileManager.default.removeItem(at: target.appendingPathComponent("Handlers/.build"))
        return target
    }

    /// The adder copy shared by the tests that need its handler package, so the package is
    /// built cold once per run; tests that edit its sources put them back.
    public static let sharedAdder: Result<URL, any Error> = Result { try copy("adder", as: "shared-adder") }

    /// A folder with one Pass-only machine (no handlers, nothing to build).
    public static func passFlow(result: String = "\"hello\"") throws -> URL {
        let folder = runDirectory.appendingPathComponent("flow-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try passDefinition(result).write(to: folder.appendingPathComponent("flow.edn"), atomically: false, encoding: .utf8)
        return folder
    }

    public static func passDefinition(_ result: String) -> String {
        "{:start-at :greet\n :states {:greet {:type :pass :result \(result) :end true}}}\n"
    }
}

/// Edits a file for the length of a test and puts it back.
public struct FileEdit {
    public let url: URL
    public let original: String

    public init(_ url: URL) throws {
        self.url = url
        original = try String(contentsOf: url, encoding: .utf8)
    }

    /// Writes in place, as editors that keep the inode do.
    public func write(_ text: String) throws {
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    /// Writes a new file and renames it over this one, as editors that save atomically do.
    public func renameOver(_ text: String) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).saving")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary.path, url.path) == 0 else { throw HarnessError(description: "cannot rename over \(url.path)") }
    }

    public func replace(_ old: String, with new: String) throws {
        guard original.contains(old) else { throw HarnessError(description: "\(url.lastPathComponent) does not contain \(old)") }
        try write(original.replacingOccurrences(of: old, with: new))
    }

    public func restore() { try? write(original) }
}

/// A `stepwise-repl` process with piped stdin and stdout (stderr merged into stdout). A thread
/// reads the output as it arrives and wakes whoever waits for it.
public final class PipedShell: @unchecked Sendable {
    // @unchecked: `output`, `consumed`, `ended` and `exited` are only touched with `lock` held.
    public let process: Process
    private let input: FileHandle
    private let lock = NSLock()
    private let changes = ChangeCounter()
    private var output = ""
    private var consumed: String.Index?
    private var ended = false
    private var exited = false

    public init(_ arguments: [String], in directory: URL) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("stepwise-repl"))
        process.arguments = arguments + ["--handler-build-path", ScratchProjects.buildRoot]
        process.currentDirectoryURL = directory
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        input = stdin.fileHandleForWriting
        let reader = stdout.fileHandleForReading
        process.terminationHandler = { [self] _ in
            lock.withLock { exited = true }
            changes.announce()
        }
        try process.run()
        Thread.detachNewThread { [self] in
            while true {
                let data = reader.availableData
                lock.withLock {
                    if data.isEmpty { ended = true } else { output += String(decoding: data, as: UTF8.self) }
                }
                changes.announce()
                if data.isEmpty { break }
            }
        }
    }

    /// Waits until `condition` (checked with the lock held) holds; false when the calling task
    /// is cancelled first.
    private func wait(until condition: () -> Bool) async -> Bool {
        while true {
            let seen = changes.count
            if lock.withLock(condition) { return true }
            if Task.isCancelled { return false }
            await changes.wait(after: seen)
        }
    }

    public func send(_ line: String) {
        input.write(Data((line + "\n").utf8))
    }

    /// The output after what earlier waits consumed, up to and including `text`; waits for it
    /// to arrive. Fails when the output ends without it, or when the waiting task is cancelled
    /// (a test's time limit), showing what the shell printed.
    @discardableResult
    public func wait(for text: String) async throws -> String {
        var found: String?
        _ = await wait {
            let start = consumed ?? output.startIndex
            if let range = output.range(of: text, range: start..<output.endIndex) {
                consumed = range.upperBound
                found = String(output[start..<range.upperBound])
            }
            return found != nil || ended
        }
        guard let found else {
            throw HarnessError(description: "the shell never printed \(text.debugDescription); it printed:\n\(transcript)")
        }
        return found
    }

    /// Sends a command and returns its output up to the line that ends a `:run` result.
    public func run(_ line: String) async throws -> String {
        send(line)
        return try await wait(for: "\"}\n")
    }

    /// Everything printed so far.
    public var transcript: String { lock.withLock { output } }

    /// Closes stdin: the shell finishes what it is doing and exits (for `defer`, which cannot wait).
    public func close() {
        try? input.close()
    }

    /// Closes stdin and waits for the exit status and the end of the output (-1 when the
    /// waiting task is cancelled first).
    public func finish() async -> Int32 {
        try? input.close()
        guard await wait(until: { exited && ended }) else { return -1 }
        return process.terminationStatus
    }
}

/// `stepwise-repl --eval …`: the transcript and the exit status.
public func evaluate(_ arguments: [String], in directory: URL) async throws -> (status: Int32, output: String) {
    let shell = try PipedShell(arguments, in: directory)
    let status = await shell.finish()
    return (status, shell.transcript)
}
