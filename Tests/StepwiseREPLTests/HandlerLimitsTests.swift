import Foundation
import Glibc
import Stepwise
import StepwiseHandlerABI
import Testing

@testable import StepwiseHandlerPackages

@Suite struct HandlerLimitsTests {
    let add = HandlerKey(.activity, "activity/add")

    func definition(_ states: String) throws -> Definition {
        try .edn("{:start-at :a :states {\(states)}}")
    }

    @Test func aCallIsBoundByItsStatesTimeoutSecondsPlusAGrace() throws {
        let flow = try definition(":a {:type :task :resource :activity/add :timeout-seconds 5 :end true}")
        #expect(CallLimit.forHandler(add, in: [flow], fallback: 300) == CallLimit(seconds: 6, timeoutSeconds: 5))
    }

    @Test func theLargestBoundWinsWhenSeveralStatesCallOneHandler() throws {
        let flow = try definition(
            """
            :a {:type :task :resource :activity/add :timeout-seconds 5 :next :b}
            :b {:type :parallel :branches [{:start-at :c :states {:c {:type :task :resource :activity/add :timeout-seconds 9 :end true}}}] :end true}
            """)
        #expect(CallLimit.forHandler(add, in: [flow], fallback: 300).seconds == 10)
        // A state with no TimeoutSeconds may run as long as the shell's default allows.
        let mixed = try definition(
            ":a {:type :task :resource :activity/add :timeout-seconds 5 :next :b} :b {:type :task :resource :activity/add :end true}")
        #expect(CallLimit.forHandler(add, in: [mixed], fallback: 300) == CallLimit(seconds: 300))
        #expect(CallLimit.forHandler(add, in: [mixed], fallback: 2).seconds == 6)
    }

    /// A Lambda function's handler is bound by the states that call it, by ARN or through
    /// `lambda:invoke` with any form of its name; an integration's by its `service:action`.
    @Test func lambdaFunctionsAndIntegrationsAreBoundByTheStatesTheyServe() throws {
        let flow = try definition(
            """
            :a {:type :task :resource "arn:aws:states:::lambda:invoke" :parameters {:FunctionName "price:live"} :timeout-seconds 7 :next :b}
            :b {:type :task :resource "arn:aws:lambda:us-east-1:1:function:price" :timeout-seconds 3 :next :c}
            :c {:type :task :resource "arn:aws:states:::sqs:sendMessage.waitForTaskToken" :timeout-seconds 20 :end true}
            """)
        #expect(CallLimit.forHandler(HandlerKey(.lambda, "price"), in: [flow], fallback: 300) == CallLimit(seconds: 8, timeoutSeconds: 7))
        #expect(CallLimit.forHandler(HandlerKey(.lambda, "arn:aws:lambda:us-east-1:1:function:price"), in: [flow], fallback: 300).seconds == 8)
        #expect(CallLimit.forHandler(HandlerKey(.integration, "sqs:sendMessage"), in: [flow], fallback: 300).seconds == 21)
        #expect(CallLimit.forHandler(HandlerKey(.integration, "dynamodb:putItem"), in: [flow], fallback: 300) == CallLimit(seconds: 300))
    }

    @Test func withoutTimeoutSecondsTheShellsDefaultBounds() throws {
        let flow = try definition(":a {:type :task :resource :activity/add :end true}")
        let limit = CallLimit.forHandler(add, in: [flow], fallback: 1.5)
        #expect(limit == CallLimit(seconds: 1.5))
        #expect(limit.description == "1.5 s (--handler-timeout)")
        #expect(CallLimit(seconds: 2, timeoutSeconds: 1).description == "2 s (TimeoutSeconds 1 of its Task state, plus 1 s)")
    }

    @Test(arguments: [("512M", 512 << 20), ("4G", 4 << 30), ("4GiB", 4 << 30), ("64kb", 64 << 10), ("1048576", 1 << 20), (" 2t ", 2 << 40)])
    func memorySizesReadWithBinaryUnits(_ text: String, _ bytes: Int) {
        #expect(MemorySize(text)?.bytes == bytes)
    }

    @Test(arguments: ["", "G", "0", "-1M", "1.5G", "12X", "99999999999T"])
    func nonsenseIsNoMemorySize(_ text: String) {
        #expect(MemorySize(text) == nil)
    }

    @Test func memorySizesPrintInTheLargestExactUnit() {
        #expect(MemorySize(bytes: 4 << 30).description == "4 GiB")
        #expect(MemorySize(bytes: 1536 << 20).description == "1536 MiB")
        #expect(MemorySize(bytes: 1000).description == "1000 bytes")
    }

    /// Lines read from a pipe holding `text`, as the host's stderr reader sees them.
    func lines(of text: [UInt8], maxLineBytes: Int) async throws -> [String] {
        let pipe = try #require(FileDescriptor.pipe())
        Thread.detachNewThread {
            FileDescriptor.writeAll(pipe.write, text)
            close(pipe.write)
        }
        let collected = OutputCollector()
        await withCheckedContinuation { continuation in
            ChildProcess.readLines(pipe.read, maxLineBytes: maxLineBytes, line: { collected.add(String(decoding: $0, as: UTF8.self)) }) {
                continuation.resume()
            }
        }
        return collected.lines
    }

    @Test(.timeLimit(.minutes(5))) func anEndlessLineIsCutAndTheRestOfItSkipped() async throws {
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 3_000_000)
        let lines = try await lines(of: Array("first\n".utf8) + long + Array("\nafter\n".utf8) + long, maxLineBytes: 100)
        let cut = String(repeating: "a", count: 100) + " …[line cut at 100 bytes]"
        #expect(lines == ["first", cut, "after", cut])
    }

    @Test(.timeLimit(.minutes(5))) func linesUpToTheCapArriveWhole() async throws {
        let exact = String(repeating: "b", count: 100)
        #expect(try await lines(of: Array("\(exact)\nlast without newline".utf8), maxLineBytes: 100) == [exact, "last without newline"])
    }

    @Test func theErrorLogKeepsTheLastLinesWithinItsBytes() {
        let log = HostErrorLog()
        for index in 0..<100 { _ = log.add("line \(index)") }
        #expect(log.lines(since: 0) == (60..<100).map { "line \($0)" })
        #expect(log.lines(since: 95) == (95..<100).map { "line \($0)" })
        for _ in 0..<10 { _ = log.add(String(repeating: "x", count: HostErrorLog.maxLineBytes)) }
        let kept = log.lines(since: 0)
        #expect(kept.count == HostErrorLog.keptBytes / HostErrorLog.maxLineBytes)
        #expect(kept.joined().utf8.count <= HostErrorLog.keptBytes)
    }

    @Test func theScreenGetsABudgetOfLinesPerCall() {
        let log = HostErrorLog()
        _ = log.callStarted()
        let shown = (0..<(HostErrorLog.shownLinesPerCall + 50)).compactMap { log.add("line \($0)") }
        #expect(shown.count == HostErrorLog.shownLinesPerCall + 1)
        #expect(shown.last?.hasPrefix("… more output not shown") == true)
        _ = log.callStarted()
        #expect(log.add("next call") == "next call")
    }

    @Test(arguments: [
        "Fatal error: failed to allocate 16777248 bytes of memory with alignment 8",
        "terminate called after throwing an instance of 'std::bad_alloc'",
    ])
    func allocationFailuresAreRecognised(_ line: String) {
        #expect(HostErrorLog.isAllocationFailure(line))
        #expect(!HostErrorLog.isAllocationFailure("Fatal error: x is zero"))
    }
}
