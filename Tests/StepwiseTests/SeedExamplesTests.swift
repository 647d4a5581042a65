import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing
@testable import Stepwise

/// The examples of the seed's README, on the embedded engine.
@Suite struct SeedExamplesTests {
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

    @Test func heartbeatInterceptorKeepsALongHandlerAlive() async throws {
        // HeartbeatSeconds 2 with a handler taking 4 s: only the heartbeats (every 0.25 s, so a
        // busy machine can delay several and still keep it alive) keep it going.
        let definition = try Definition.edn("""
            {:start-at :slow
             :states {:slow {:type :task :resource :activity/slow :heartbeat-seconds 2 :end true}}}
            """)
        let slow = Handler { (_: JSONValue) async throws -> String in
            try await Task.sleep(nanoseconds: 4_000_000_000)
            return "done"
        }
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("slow", definition: definition)
        let kept = try await stepwise.startWorkers(["activity/slow": slow.intercepted(by: [.heartbeat(every: 0.25)])])
        let alive = try await stepwise.startExecution("slow", wait: true)
        await kept.shutdown()
        #expect(alive.status == .succeeded)
        #expect(alive.output == "done")

        let unkept = try await stepwise.startWorkers(["activity/slow": slow])
        let lapsed = try await stepwise.startExecution("slow", wait: true)
        await unkept.kill()
        #expect(lapsed.status == .failed)
        #expect(lapsed.error == "States.HeartbeatTimeout")
    }
}
