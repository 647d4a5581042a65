import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Synchronization
import Testing
@testable import Stepwise

@Suite struct WorkerTests {
    @Test func aCustomErrorIsRetriedThenCaught() async throws {
        let definition = try Definition.edn("""
            {:start-at :risky
             :states {:risky {:type :task :resource :activity/risky
                              :retry [{:error-equals :my.app/oops :interval-seconds 1 :max-attempts 2 :backoff-rate 1.0}]
                              :catch [{:error-equals :my.app/oops :result-path "$.caught" :next :handled}]
                              :end true}
                      :handled {:type :pass :end true}}}
            """)
        let probe = Probe()
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("risky", definition: definition)
        let workers = try await stepwise.startWorkers(["activity/risky": Handler { (_: JSONValue) -> JSONValue in
            _ = probe.bump("calls")
            throw TaskFailure("my.app/oops", cause: "it went wrong")
        }])
        let result = try await stepwise.startExecution("risky", input: ["n": 1], wait: true)
        await workers.shutdown()
        #expect(probe["calls"] == 3, "one call and two retries")
        #expect(result.status == .succeeded)
        #expect(result.output == ["n": 1, "caught": ["Error": "my.app/oops", "Cause": "it went wrong"]])
    }

    struct Unnamed: Error, CustomStringConvertible {
        var description: String { "no name given" }
    }

    @Test func anOrdinaryErrorIsNamedAfterItsType() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (_: AddInput) -> Int in throw Unnamed() }])
        let result = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1], wait: true)
        await workers.shutdown()
        #expect(result.status == .failed)
        #expect(result.error == "Unnamed")
        #expect(result.cause == "no name given")
    }

    @Test func longErrorNamesAndCausesAreTruncatedToAWSLimits() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (_: AddInput) -> Int in
            throw TaskFailure(String(repeating: "e", count: 300), cause: String(repeating: "c", count: 40_000))
        }])
        let result = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1], wait: true)
        await workers.shutdown()
        #expect(result.error?.count == 256)
        #expect(result.cause?.count == 32_768)
    }

    @Test func anInputThatDoesNotDecodeFailsTheTask() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let result = try await stepwise.startExecution("adder", input: ["x": "one"], wait: true)
        await workers.shutdown()
        #expect(result.error == "Stepwise.InvalidInput")
    }

    @Test func anOversizedOutputFailsTheTaskInsteadOfHanging() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (_: AddInput) -> String in
            String(repeating: "x", count: 300_000)
        }])
        let result = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1], wait: true)
        await workers.shutdown()
        #expect(result.status == .failed)
        #expect(result.error == "States.DataLimitExceeded")
        #expect(result.cause?.contains("262144") == true)
    }

    @Test func shutdownLetsARunningTaskFinishAndReport() async throws {
        let started = Signal()
        let release = Signal()
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) async -> Int in
            started.fire()
            await release.wait()
            return input.x + input.y
        }])
        let arn = try await stepwise.startExecution("adder", input: ["x": 2, "y": 3])
        await started.wait()
        async let stopped: Void = workers.shutdown()
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(workers.runningTasks == 1, "shutdown waits for the running task")
        release.fire()
        await stopped
        let result = try await stepwise.waitForExecution(arn)
        #expect(result.status == .succeeded)
        #expect(result.output == 5)
    }

    @Test func killCancelsARunningHandler() async throws {
        let started = Signal()
        let probe = Probe()
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (_: AddInput) async throws -> Int in
            started.fire()
            do {
                try await Task.sleep(nanoseconds: 60_000_000_000)
            } catch {
                _ = probe.bump("cancelled")
                throw error
            }
            return 0
        }])
        let arn = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1])
        await started.wait()
        await workers.kill()
        let result = try await stepwise.waitForExecution(arn)
        #expect(probe["cancelled"] == 1)
        #expect(result.status == .failed)
        #expect(result.error == "Stepwise.WorkerKilled")
    }

    @Test func concurrencyFourRunsFourTasksAtOnce() async throws {
        let definition = try Definition.edn("""
            {:start-at :each
             :states {:each {:type :map
                             :item-processor {:start-at :work
                                              :states {:work {:type :task :resource :activity/work :end true}}}
                             :end true}}}
            """)
        let probe = Probe()
        let allIn = Signal()
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("fan", definition: definition)
        let workers = try await stepwise.startWorkers(["activity/work": Handler { (n: Int) async -> Int in
            let inFlight = probe.bump("inFlight")
            probe.set("max", max: inFlight)
            if inFlight == 4 { allIn.fire() }
            await allIn.wait()
            _ = probe.bump("inFlight", by: -1)
            return n * 10
        }], concurrency: 4)
        let result = try await stepwise.startExecution("fan", input: [1, 2, 3, 4], wait: true)
        await workers.shutdown()
        #expect(probe["max"] == 4)
        #expect(result.output == [10, 20, 30, 40])
    }

    @Test func aDeletedActivityStopsItsWorkers() async throws {
        let stepwise = Stepwise()
        let workers = try await stepwise.startWorkers(["activity/gone": Handler { (x: Int) in x }])
        let arn = try await stepwise.backend.api.createActivity(CreateActivityInput(name: "activity__gone")).activityArn
        _ = try await stepwise.backend.api.deleteActivity(DeleteActivityInput(activityArn: arn))
        // The loop's next poll answers ActivityDoesNotExist and the loop ends by itself.
        try await workers.run()
    }

    @Test func pollErrorsBackOffAndRecover() async throws {
        let engine = Engine()
        let failures = Mutex(3)
        let backend = RemoteLookingBackend(base: engine, beforePoll: {
            let fail = failures.withLock { n -> Bool in
                defer { n -= 1 }
                return n > 0
            }
            if fail { throw StepFunctionsError(.serviceUnavailable, "try again") }
        })
        let stepwise = Stepwise(backend: .init(api: backend, roleArn: "arn:aws:iam::123456789012:role/r"))
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let started = Date()
        let result = try await stepwise.startExecution("adder", input: ["x": 20, "y": 22], wait: true, timeout: 30)
        await workers.shutdown()
        #expect(result.output == 42)
        // Three failures back off 200, 400 and 600 ms before the poll that succeeds.
        #expect(Date().timeIntervalSince(started) >= 1.2)
    }

    @Test func remoteBackendsArePolledUntilTheExecutionEnds() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .init(api: RemoteLookingBackend(base: engine), roleArn: "arn:aws:iam::123456789012:role/r"))
        #expect(stepwise.backend.endWaiting == nil)
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let result = try await stepwise.run("adder", input: AddInput(x: 40, y: 2), timeout: 30)
        await workers.shutdown()
        #expect(result.output == 42)
    }

    @Test func waitingGivesUpAfterTheTimeout() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .init(api: RemoteLookingBackend(base: engine), roleArn: "arn:aws:iam::123456789012:role/r"))
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        await #expect(throws: StepwiseError.self) {
            _ = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1], wait: true, timeout: 0.3)
        }
    }

    @Test func workersRunAsAServiceUntilGracefulShutdown() async throws {
        let stepwise = Stepwise()
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let service = Task { try await workers.run() }
        try await Task.sleep(nanoseconds: 50_000_000)
        await workers.shutdown()
        try await service.value
    }
}
