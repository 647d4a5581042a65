import Foundation

/// A finished child process: its exit status and what it printed.
public struct ChildRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Runs `executable` to completion without blocking a thread of the cooperative pool:
    /// tests run side by side on a pool as small as the machine's core count, and a blocked
    /// thread there delays every other test's timers (heartbeats, timeouts) behind it.
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil) async throws -> ChildRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = AsyncStream<Int32> { continuation in
            process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
        }
        try process.run()
        async let stdout = drain(out.fileHandleForReading)
        async let stderr = drain(err.fileHandleForReading)
        var status: Int32 = -1
        for await code in exited { status = code }
        return ChildRun(status: status, stdout: await stdout, stderr: await stderr)
    }

    /// Reads a pipe to its end on a thread of its own.
    private static func drain(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
            }
        }
    }
}
