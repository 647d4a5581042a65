import Foundation
import Synchronization
import TestSupport
import Testing

/// Why a shell test could not go on (a bound was hit, a file is missing).
struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// The executables `swift build` puts in `.build/debug`. The tests drive the real binary and
/// never build it themselves: `.ci/run` runs `swift build` before `swift test`.
enum BuiltProducts {
    static let directory = SharedFixtures.packageRoot.appendingPathComponent(".build/debug")

    static func path(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError(description: "\(path) is missing: run `swift build` before `swift test`")
        }
        return path
    }
}

/// Copies of the examples in a temporary directory, so tests can edit them.
enum ScratchProjects {
    /// One directory per test run, holding the project copies and the handler builds.
    static let runDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-repl-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static var buildRoot: String { runDirectory.appendingPathComponent("handler-builds").path }

    /// A fresh copy of `examples/<name>` whose handler package depends on this repository by
    /// absolute path (the example's relative path only works inside the repository), pinned to
    /// the repository's resolved versions when it has them.
    static func copy(_ example: String, as name: String? = nil) throws -> URL {
        let root = SharedFixtures.packageRoot
        let target = runDirectory.appendingPathComponent(name ?? "\(example)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: root.appendingPathComponent("examples/\(example)"), to: target)
        let handlers = target.appendingPathComponent("Handlers")
        let manifest = handlers.appendingPathComponent("Package.swift")
        if FileManager.default.fileExists(atPath: manifest.path) {
            try? FileManager.default.removeItem(at: handlers.appendingPathComponent(".build"))
            let text = try String(contentsOf: manifest, encoding: .utf8)
            try text.replacingOccurrences(of: #"path: "../../..""#, with: "path: \"\(root.path)\"").write(to: manifest, atomically: true, encoding: .utf8)
            let resolved = root.appendingPathComponent("Package.resolved")
            if FileManager.default.fileExists(atPath: resolved.path) {
                try? FileManager.default.removeItem(at: handlers.appendingPathComponent("Package.resolved"))
                try FileManager.default.copyItem(at: resolved, to: handlers.appendingPathComponent("Package.resolved"))
            }
        }
        return target
    }

    /// The adder copy shared by the tests that need its handler package, so the package is
    /// built cold once per run; tests that edit its sources put them back.
    static let sharedAdder: Result<URL, any Error> = Result { try copy("adder", as: "shared-adder") }

    /// A folder with one Pass-only machine (no handlers, nothing to build).
    static func passFlow(result: String = "\"hello\"") throws -> URL {
        let folder = runDirectory.appendingPathComponent("flow-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try passDefinition(result).write(to: folder.appendingPathComponent("flow.edn"), atomically: false, encoding: .utf8)
        return folder
    }

    static func passDefinition(_ result: String) -> String {
        "{:start-at :greet\n :states {:greet {:type :pass :result \(result) :end true}}}\n"
    }
}

/// Edits a file for the length of a test and puts it back.
struct FileEdit {
    let url: URL
    let original: String

    init(_ url: URL) throws {
        self.url = url
        original = try String(contentsOf: url, encoding: .utf8)
    }

    /// Writes in place, as editors that keep the inode do.
    func write(_ text: String) throws {
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    /// Writes a new file and renames it over this one, as editors that save atomically do.
    func renameOver(_ text: String) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).saving")
        try text.write(to: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary.path, url.path) == 0 else { throw HarnessError(description: "cannot rename over \(url.path)") }
    }

    func replace(_ old: String, with new: String) throws {
        guard original.contains(old) else { throw HarnessError(description: "\(url.lastPathComponent) does not contain \(old)") }
        try write(original.replacingOccurrences(of: old, with: new))
    }

    func restore() { try? write(original) }
}

/// A `stepwise-repl` process with piped stdin and stdout (stderr merged into stdout).
final class PipedShell: Sendable {
    let process: Process
    private let input: FileHandle
    private let output = Mutex<(text: String, consumed: String.Index?)>(("", nil))
    private let ended = Mutex(false)

    init(_ arguments: [String], in directory: URL) throws {
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
        try process.run()
        Thread.detachNewThread { [self] in
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                output.withLock { $0.text += String(decoding: data, as: UTF8.self) }
            }
            ended.withLock { $0 = true }
        }
    }

    func send(_ line: String) {
        input.write(Data((line + "\n").utf8))
    }

    /// The output after what earlier waits consumed, up to and including `text`; waits for
    /// it (bounded, so a broken shell fails the test instead of hanging it).
    @discardableResult
    func wait(for text: String, seconds: Double = 180) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let found = output.withLock { state -> String? in
                let start = state.consumed ?? state.text.startIndex
                guard let range = state.text.range(of: text, range: start..<state.text.endIndex) else { return nil }
                state.consumed = range.upperBound
                return String(state.text[start..<range.upperBound])
            }
            if let found { return found }
            if ended.withLock({ $0 }), output.withLock({ $0.text.range(of: text) == nil }) { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw HarnessError(description: "the shell never printed \(text.debugDescription); it printed:\n\(transcript)")
    }

    /// Sends a command and returns its output up to the line that ends a `:run` result.
    func run(_ line: String) throws -> String {
        send(line)
        return try wait(for: "\"}\n")
    }

    var transcript: String { output.withLock { $0.text } }

    /// Closes stdin and waits for the exit status.
    func finish() -> Int32 {
        try? input.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// `stepwise-repl --eval …`: the transcript and the exit status.
func evaluate(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
    let shell = try PipedShell(arguments, in: directory)
    let status = shell.finish()
    while !shell.transcriptComplete { Thread.sleep(forTimeInterval: 0.01) }
    return (status, shell.transcript)
}

extension PipedShell {
    /// Whether the reader has seen the end of the output.
    var transcriptComplete: Bool { ended.withLock { $0 } }
}
