import AsyncHTTPClient
import Foundation
import NIOCore
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real Step Functions emulator (moto, LocalStack) run by the tests: installed by
/// `scripts/install-peers.sh` under `.build-peers/`, bound to 127.0.0.1 on a free port, and
/// stopped by PID — its own and its descendants' — when the tests are done. Its output goes to
/// its log through this process, and each line it writes, like its exit, is the cue to look
/// again at whether it is ready or gone.
final class PeerProcess: @unchecked Sendable {
    // `Process` is not Sendable; it is only touched by `start` and `stop`, which never overlap.
    private let process: Process
    let name: String
    let port: Int
    let logURL: URL
    private let pidFile: URL
    private let changes = ChangeCounter()

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var pid: Int32 { process.processIdentifier }

    private init(process: Process, name: String, port: Int, logURL: URL, pidFile: URL) {
        self.process = process
        self.name = name
        self.port = port
        self.logURL = logURL
        self.pidFile = pidFile
    }

    static var peersDirectory: URL { SharedFixtures.packageRoot.appendingPathComponent(".build-peers") }
    static var runDirectory: URL { peersDirectory.appendingPathComponent("run") }

    /// Why the peer `name` cannot be used (nil when it is installed), for skip messages.
    static func unavailability(_ name: String, executable: String) -> String? {
        let venv = peersDirectory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent(executable).path),
           FileManager.default.fileExists(atPath: venv.appendingPathComponent(".stepwise-installed").path) {
            return nil
        }
        let failure = (try? String(contentsOf: peersDirectory.appendingPathComponent("\(name).failed"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return "\(name) is not installed in \(venv.path)" + (failure.map { " (\($0))" } ?? " (run scripts/install-peers.sh)")
    }

    /// Starts `arguments` (the first is relative to the virtualenv `installation`) and waits
    /// until `GET readyPath` answers 200, or fails with the end of the peer's log.
    static func start(
        name: String, installation: String, arguments: [String], environment: [String: String], port: Int, readyPath: String, readyWithin: Duration
    ) async throws -> PeerProcess {
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let pidFile = runDirectory.appendingPathComponent("\(name).pid")
        stopStale(pidFile: pidFile)

        let logURL = runDirectory.appendingPathComponent("\(name).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else { throw PeerError("cannot create \(logURL.path)") }
        let log = try FileHandle(forWritingTo: logURL)
        let output = Pipe()
        let process = Process()
        process.executableURL = peersDirectory.appendingPathComponent(installation).appendingPathComponent(arguments[0])
        process.arguments = Array(arguments.dropFirst())
        // Unbuffered, so that what the peer prints (its readiness) arrives when it happens.
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONUNBUFFERED": "1"]) { $1 }.merging(environment) { $1 }
        process.currentDirectoryURL = runDirectory
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let peer = PeerProcess(process: process, name: name, port: port, logURL: logURL, pidFile: pidFile)
        process.terminationHandler = { [changes = peer.changes] _ in changes.announce() }
        try process.run()
        Thread.detachNewThread { [changes = peer.changes] in
            let reader = output.fileHandleForReading
            while case let data = reader.availableData, !data.isEmpty {
                log.write(data)
                changes.announce()
            }
            try? log.close()
        }
        try? "\(process.processIdentifier)".write(to: pidFile, atomically: true, encoding: .utf8)
        do {
            try await peer.waitUntilReady(path: readyPath, within: readyWithin)
            return peer
        } catch {
            await peer.stop()
            throw error
        }
    }

    /// Asks `GET path` after each line the peer prints (it prints when it starts serving)
    /// until the answer is 200.
    private func waitUntilReady(path: String, within limit: Duration) async throws {
        let ready = try await Self.within(limit) { [self] in
            while true {
                let seen = changes.count
                guard process.isRunning else {
                    throw PeerError("\(name) exited with status \(process.terminationStatus) while starting:\n\(logTail())")
                }
                if await PeerHTTP.status(of: endpoint.appendingPathComponent(path)) == 200 { return true }
                await changes.wait(after: seen)
                try Task.checkCancellation()
            }
        }
        guard ready != nil else { throw PeerError("\(name) did not answer on port \(port) within \(limit):\n\(logTail())") }
    }

    /// SIGTERM to the peer and every process under it; SIGKILL to whatever is left once the
    /// peer has exited, or after 10 s.
    func stop() async {
        let pids = [process.processIdentifier] + Self.descendants(of: process.processIdentifier)
        for pid in pids { kill(pid, SIGTERM) }
        _ = try? await Self.within(.seconds(10)) { [self] in await exited() }
        for pid in pids where Self.isAlive(pid) { kill(pid, SIGKILL) }
        await exited()
        try? FileManager.default.removeItem(at: pidFile)
    }

    private func exited() async {
        while case let seen = changes.count, process.isRunning, !Task.isCancelled { await changes.wait(after: seen) }
    }

    /// Runs `body` until it returns, or for at most `limit` (then nil, `body` cancelled).
    private static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// A peer left running by a test process that died: stopped if its PID still runs a
    /// program from `.build-peers` (a reused PID of something else is left alone).
    private static func stopStale(pidFile: URL) {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return
        }
        let commandLine = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        if commandLine.contains(peersDirectory.path) {
            for child in descendants(of: pid) { kill(child, SIGKILL) }
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(at: pidFile)
    }

    private static func isAlive(_ pid: Int32) -> Bool {
        // A zombie still answers kill(0); its /proc state says it is gone.
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    /// Every process below `pid`, from `/proc/<pid>/task/<tid>/children`.
    private static func descendants(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let children = tasks.flatMap { tid -> [Int32] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0) }
        }
        return children + children.flatMap(descendants(of:))
    }

    /// A port nobody listens on right now (bound to 0, read back, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw PeerError("could not bind a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct PeerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Plain HTTP calls to a peer's own admin API (readiness, configuration).
enum PeerHTTP {
    /// The status of `GET url`, or nil when nothing answers.
    static func status(of url: URL) async -> Int? {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)) else { return nil }
        _ = try? await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    static func post(_ url: URL, json: String) async throws {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(Array(json.utf8))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard (200..<300).contains(response.status.code) else {
            throw PeerError("POST \(url) answered \(response.status.code): \(String(buffer: body))")
        }
    }
}
