import Foundation
import Logging
import ServiceLifecycleTestKit
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Synchronization
import TestSupport
import Testing
@testable import Stepwise

@Suite(.timeLimit(.minutes(1))) struct WorkerTests {
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

    /// An execution whose worker failed goes on from the failed Task once the worker is fixed.
    @Test func aFailedExecutionIsRedrivenOnceTheWorkerIsFixed() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let broken = try await stepwise.startWorkers(["activity/add": Handler { (_: AddInput) -> Int in throw TaskFailure("adder/broken") }])
        let executionArn = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1])
        #expect(try await stepwise.waitForExecution(executionArn).error == "adder/broken")
        await broken.shutdown()
        let fixed = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let result = try await stepwise.redriveExecution(executionArn, wait: true)
        await fixed.shutdown()
        #expect(result.status == .succeeded)
        #expect(result.output == 2)
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

    static let role = "arn:aws:iam::123456789012:role/r"

    @Test func shutdownLetsARunningTaskFinishAndReport() async throws {
        let engine = Engine()
        let started = Signal()
        let release = Signal()
        let withdrawn = Recorder<InterceptedBackend.Call>()
        let backend = InterceptedBackend(base: engine, after: { if $0.cancelled { withdrawn.record($0) } })
        let stepwise = Stepwise(backend: .init(api: backend, roleArn: Self.role))
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let events = Recorder<String>()
        // Two loops: one runs the task, the other polls, and shutdown withdraws that poll.
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) async -> Int in
            started.fire()
            await release.wait()
            events.record("handler returned")
            return input.x + input.y
        }], concurrency: 2)
        let arn = try await stepwise.startExecution("adder", input: ["x": 2, "y": 3])
        await started.wait()
        await engine.pollsParked(1, activityArn: try await engine.activityArn("activity__add"))
        let stopped = Task {
            await workers.shutdown()
            events.record("shutdown returned")
        }
        // Shutdown has begun once the waiting poll is withdrawn.
        #expect(await withdrawn.first { $0.operation == "GetActivityTask" } != nil)
        #expect(workers.runningTasks == 1, "the running task goes on")
        #expect(events.values.isEmpty, "shutdown waits for the running task")
        release.fire()
        await stopped.value
        #expect(events.values == ["handler returned", "shutdown returned"])
        let result = try await engine.waitForExecution(arn)
        #expect(result.status == .succeeded)
        #expect(result.output == "5")
    }

    @Test func killCancelsARunningHandler() async throws {
        let started = Signal()
        let probe = Probe()
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (_: AddInput) async throws -> Int in
            started.fire()
            await suspendUntilCancelled()
            _ = probe.bump("cancelled")
            throw CancellationError()
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
        let engine = Engine()
        let calls = Recorder<InterceptedBackend.Call>()
        let stepwise = Stepwise(backend: .init(api: InterceptedBackend(base: engine, after: { _ = calls.record($0) }), roleArn: Self.role))
        let workers = try await stepwise.startWorkers(["activity/gone": Handler { (x: Int) in x }])
        let arn = try await engine.activityArn("activity__gone")
        await engine.pollsParked(1, activityArn: arn)
        _ = try await engine.deleteActivity(DeleteActivityInput(activityArn: arn))
        // The loop ends by itself, so its service returns.
        try await workers.run()
        let failures = calls.values.filter { $0.operation == "GetActivityTask" }.compactMap(\.failure)
        #expect(failures == [.activityDoesNotExist], "the loop stops at the first ActivityDoesNotExist, without retrying")
    }

    @Test func pollErrorsBackOffAndRecover() async throws {
        let engine = Engine()
        let failures = Mutex(3)
        let backend = InterceptedBackend(base: engine, before: { operation in
            guard operation == "GetActivityTask" else { return }
            let fail = failures.withLock { n -> Bool in
                defer { n -= 1 }
                return n > 0
            }
            if fail { throw StepFunctionsError(.serviceUnavailable, "try again") }
        })
        let stepwise = Stepwise(backend: .local(engine))
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let activity = try await engine.activityArn("activity__add")
        let pauses = Recorder<Duration>()
        let workers = Workers(
            backend: backend, bindings: [.init(activityArn: activity, handler: Handler { (input: AddInput) in input.x + input.y })],
            concurrency: 1, blobStore: nil, workerName: "backoff", logger: Logger(label: "backoff"), pause: { _ = pauses.record($0) })
        workers.start()
        let result = try await stepwise.startExecution("adder", input: ["x": 20, "y": 22], wait: true)
        await workers.shutdown()
        #expect(result.output == 42)
        // Three failures back off 200, 400 and 600 ms before the poll that succeeds.
        #expect(pauses.values == [.milliseconds(200), .milliseconds(400), .milliseconds(600)])
    }

    @Test func remoteBackendsArePolledUntilTheExecutionEnds() async throws {
        let engine = Engine()
        // Without the end-waiting capability, the library polls DescribeExecution as on AWS.
        let stepwise = Stepwise(backend: .init(api: engine, roleArn: Self.role))
        #expect(stepwise.backend.endWaiting == nil)
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let result = try await stepwise.run("adder", input: AddInput(x: 40, y: 2), timeout: 30)
        await workers.shutdown()
        #expect(result.output == 42)
    }

    @Test func waitingGivesUpAfterTheTimeout() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .init(api: InterceptedBackend(base: engine), roleArn: Self.role))
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        await #expect(throws: StepwiseError.self) {
            _ = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1], wait: true, timeout: 0.3)
        }
    }

    @Test func workersRunAsAServiceUntilGracefulShutdown() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine))
        try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        let activity = try await engine.activityArn("activity__add")
        try await testGracefulShutdown { shutdown in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await workers.run() }
                let served = try await stepwise.startExecution("adder", input: ["x": 40, "y": 2], wait: true)
                #expect(served.output == 42)
                await engine.pollsParked(1, activityArn: activity)
                shutdown.triggerGracefulShutdown()
                // The service returns once its loops have exited…
                try await group.waitForAll()
            }
        }
        // …and takes no more tasks: one queued now waits for a worker.
        let waiting = try await stepwise.startExecution("adder", input: ["x": 1, "y": 1])
        let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        #expect(task.taskToken != nil)
        #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: waiting)).status == .running)
    }
}
