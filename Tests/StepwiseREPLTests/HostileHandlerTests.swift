import Foundation
import StepwiseREPLDriver
import Testing

/// A project whose handlers misbehave on purpose, made by the test (its package must not sit in
/// the test target's folder, where SwiftPM would compile it into the tests).
enum HostileProject {
    /// Built once per run; the tests share it and its handler build.
    static let shared: Result<URL, any Error> = Result { try make() }

    static let handlers = """
        import StepwiseHandlerABI
        #if canImport(Glibc)
        import Glibc
        #endif

        struct Nothing: Codable, Sendable {}

        /// Never answers.
        @Sendable func hang(_: Nothing) async throws -> Int {
            while true { try await Task.sleep(for: .seconds(3600)) }
        }

        /// Allocates, and touches, 16 MiB after 16 MiB.
        @Sendable func hoard(_: Nothing) async throws -> Int {
            var chunks: [[UInt8]] = []
            while chunks.count >= 0 { chunks.append([UInt8](repeating: 1, count: 16 << 20)) }
            return chunks.count
        }

        /// Writes one line to stderr that never ends.
        @Sendable func shout(_: Nothing) async throws -> Int {
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 65_536)
            while true { _ = chunk.withUnsafeBytes { write(2, $0.baseAddress, $0.count) } }
        }

        @_cdecl("stepwise_handlers")
        public func stepwiseHandlers() -> UnsafeMutableRawPointer {
            HandlerRegistry()
                .register("hostile/echo") { (input: [String: Int]) in input }
                .register("hostile/hang", hang)
                .register("hostile/hoard", hoard)
                .register("hostile/shout", shout)
                .exported()
        }
        """

    /// Machine name → its one Task state's fields.
    static let machines = [
        "echo": ":resource :hostile/echo",
        "hang": ":resource :hostile/hang :timeout-seconds 1",
        "stall": ":resource :hostile/hang",
        // A TimeoutSeconds of its own, so that the shell's 1 s default does not end it first.
        "hoard": ":resource :hostile/hoard :timeout-seconds 120",
        "shout": ":resource :hostile/shout",
    ]

    static func make() throws -> URL {
        let folder = ScratchProjects.runDirectory.appendingPathComponent("hostile")
        try? FileManager.default.removeItem(at: folder)
        try ScratchProjects.writeHandlerPackage(named: "HostileHandlers", source: handlers, in: folder.appendingPathComponent("Handlers"))
        for (name, task) in machines {
            try "{:start-at :call :states {:call {:type :task \(task) :end true}}}\n"
                .write(to: folder.appendingPathComponent("\(name).edn"), atomically: false, encoding: .utf8)
        }
        return folder
    }
}

/// Handlers that hang, hoard memory or print without end each fail their task with an error
/// that names what happened, the handler host is stopped and replaced, and the shell goes on.
@Suite(.serialized, .timeLimit(.minutes(10))) struct HostileHandlerTests {
    /// A shell on the hostile project: calls bounded at 1 s unless a state says otherwise, and
    /// hosts limited to 512 MiB of address space.
    func shell() async throws -> PipedShell {
        let shell = try PipedShell([".", "--handler-timeout", "1", "--handler-memory-limit", "512M"], in: try HostileProject.shared.get())
        try await shell.wait(for: "handlers: :hostile/echo")
        return shell
    }

    /// The result map of a failed run names `error` (its entries may stand one per line).
    func expectFailure(_ result: String, _ error: String) {
        #expect(result.contains(#":status "FAILED""#), "\(result)")
        #expect(result.contains(#":error "\#(error)""#), "\(result)")
    }

    /// The shell still runs a handler that behaves, on a host started afresh.
    func expectTheShellGoesOn(_ shell: PipedShell) async throws {
        #expect(try await shell.run(":run echo <x 1>").contains(#":status "SUCCEEDED" :output {:x 1}"#))
        shell.send(":workers")
        #expect(try await shell.wait(for: "handlers:").contains("restarted 1×"))
    }

    /// The host the shell said it stopped, in `output`.
    func stoppedHost(in output: String) throws -> Int32 {
        let pid = try #require(output.firstMatch(of: /stopped the handler host \(pid (\d+)\)/)?.1, "\(output)")
        return try #require(Int32(pid))
    }

    func expectGone(_ pid: Int32) {
        let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        #expect(stat == nil || stat!.contains(") Z "), "the stopped host \(pid) is still running: \(stat ?? "")")
    }

    /// The state's TimeoutSeconds fails it with States.Timeout, as on AWS; the run's clean-up
    /// cancels the call, and the host still running it is stopped.
    @Test func aHangingHandlerEndsAtItsStatesTimeoutSeconds() async throws {
        let shell = try await shell()
        defer { shell.close() }
        let result = try await shell.run(":run hang")
        expectFailure(result, "States.Timeout")
        #expect(result.contains("a cancelled call to :hostile/hang may still be running in it"))
        let host = try stoppedHost(in: result)
        try await expectTheShellGoesOn(shell)
        expectGone(host)
    }

    @Test func aHangingHandlerWithoutTimeoutSecondsEndsAtTheShellsLimit() async throws {
        let shell = try await shell()
        defer { shell.close() }
        let result = try await shell.run(":run stall")
        expectFailure(result, "Stepwise.HandlerTimedOut")
        #expect(result.contains(#":cause "the handler for :hostile/hang ran past its limit of 1 s (--handler-timeout) and was stopped""#))
        #expect(result.contains("its handler for :hostile/hang ran past its limit of 1 s"))
        let host = try stoppedHost(in: result)
        try await expectTheShellGoesOn(shell)
        expectGone(host)
    }

    @Test func aHandlerPastTheMemoryLimitFailsItsTask() async throws {
        let shell = try await shell()
        defer { shell.close() }
        let result = try await shell.run(":run hoard")
        expectFailure(result, "Stepwise.HandlerOutOfMemory")
        #expect(result.contains("[HostileHandlers] Fatal error: failed to allocate"))
        #expect(result.contains(#":cause "the handler host ran out of memory while running :hostile/hoard (its limit is 512 MiB, --handler-memory-limit):""#))
        #expect(try await shell.wait(for: "\n").hasPrefix("  Fatal error: failed to allocate"), "the cause keeps the host's last words")
        try await expectTheShellGoesOn(shell)
    }

    /// The endless line is shown and kept cut at 4 KiB; the shell's memory does not follow it.
    @Test func anEndlessStderrLineIsCutAndTheShellStaysSmall() async throws {
        let shell = try await shell()
        defer { shell.close() }
        let result = try await shell.run(":run shout")
        expectFailure(result, "Stepwise.HandlerTimedOut")
        let cut = String(repeating: "a", count: 4096) + " …[line cut at 4096 bytes]"
        #expect(result.contains("[HostileHandlers] " + cut))
        #expect(try await shell.wait(for: "bytes]\n").hasSuffix("  " + cut + "\n"), "the cause keeps the cut line")
        let status = try String(contentsOfFile: "/proc/\(shell.process.processIdentifier)/status", encoding: .utf8)
        let peak = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        #expect(peak < 200_000, "the shell's peak resident memory is \(peak) kB")
        let host = try stoppedHost(in: result)
        try await expectTheShellGoesOn(shell)
        expectGone(host)
    }
}
