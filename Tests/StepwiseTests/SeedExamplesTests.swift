import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import TestSupport
import Testing
@testable import Stepwise

/// The examples of the seed's README, on the embedded engine.
@Suite(.timeLimit(.minutes(5))) struct SeedExamplesTests {
    @Test func adderAddsOneAndOne() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let result = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1], wait: true)
        await workers.shutdown()
        #expect(result.status == .succeeded)
        #expect(result.output == 2)
        #expect(try result.output(as: Int.self) == 2)
    }

    @Test func reloadedAdderGives42() async throws {
        let stepwise = Stepwise()
        let result = try await stepwise.reloaded.run(
            "adder", definition: .edn(adderEDN), handlers: ["activity/add": Handler { (input: AddInput) in input.x + input.y }],
            input: ["x": 41, "y": 1])
        #expect(result.status == .succeeded)
        #expect(result.output == 42)
        #expect(result.stateMachineArn.contains(":stateMachine:adder-"))
    }

    @Test func interceptorIncrementsXBeforeTheHandler() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let incX = Interceptor(name: "inc-x", enter: { context in
            guard case .object(var object) = context.request, let x = object["x"]?.intValue else { return }
            object["x"] = .number(x + 1)
            context.request = .object(object)
        })
        let workers = try await stepwise.startWorkers(["activity/add": Handler(interceptors: [incX]) { (input: AddInput) in input.x + input.y }])
        let result = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1], wait: true)
        await workers.shutdown()
        #expect(result.output == 3)
    }

    static let slowEDN = """
        {:start-at :slow
         :states {:slow {:type :task :resource :activity/slow :heartbeat-seconds 2 :end true}}}
        """

    /// A slow handler on an engine whose clock the test moves: it holds its task until released.
    struct SlowTask {
        let clock = ManualClock()
        let engine: Engine
        let stepwise: Stepwise
        /// When (on the engine's clock) each heartbeat was sent.
        let heartbeats = Recorder<Date>()
        let started = Signal()
        let release = Signal()

        init() async throws {
            engine = Engine(clock: clock)
            let (clock, heartbeats) = (clock, heartbeats)
            let backend = InterceptedBackend(base: engine, before: { if $0 == "SendTaskHeartbeat" { heartbeats.record(clock.now()) } })
            stepwise = Stepwise(backend: .init(api: backend, roleArn: "arn:aws:iam::123456789012:role/r"))
            try await stepwise.ensureStateMachine("slow", definition: .edn(SeedExamplesTests.slowEDN))
        }

        var handler: Handler {
            let (started, release) = (started, release)
            return Handler { (_: JSONValue) async -> String in
                started.fire()
                await release.wait()
                return "done"
            }
        }

        func moveClock(by seconds: TimeInterval) async {
            clock.advance(by: seconds)
            await engine.fireDueTimers()
        }
    }

    @Test func heartbeatInterceptorKeepsALongHandlerAlive() async throws {
        // HeartbeatSeconds 2, and the handler holds its task while the clock moves 4.5 s in
        // steps of 1.5 s, each step after a heartbeat sent at the time reached.
        let slow = try await SlowTask()
        let workers = try await slow.stepwise.startWorkers(["activity/slow": slow.handler.intercepted(by: [.heartbeat(every: 0.01)])])
        let arn = try await slow.stepwise.startExecution("slow")
        await slow.started.wait()
        for _ in 0..<3 {
            let now = slow.clock.now()
            #expect(await slow.heartbeats.first { $0 >= now } != nil)
            await slow.moveClock(by: 1.5)
        }
        slow.release.fire()
        let result = try await slow.engine.waitForExecution(arn)
        await workers.shutdown()
        #expect(result.status == .succeeded)
        #expect(result.output == #""done""#)
    }

    @Test func withoutHeartbeatsALongHandlerTimesOut() async throws {
        let slow = try await SlowTask()
        let workers = try await slow.stepwise.startWorkers(["activity/slow": slow.handler])
        let arn = try await slow.stepwise.startExecution("slow")
        await slow.started.wait()
        await slow.moveClock(by: 2)
        let result = try await slow.engine.waitForExecution(arn)
        slow.release.fire()
        await workers.shutdown()
        #expect(result.status == .failed)
        #expect(result.error == "States.HeartbeatTimeout")
        #expect(slow.heartbeats.values.isEmpty)
    }
}
