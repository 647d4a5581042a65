import Foundation
import StepFunctions
import Stepwise
import StepwiseJSON
import Synchronization
import Testing

@testable import StepwiseAWS

/// Activities end to end through the AWS backend against LocalStack: workers long-poll with
/// GetActivityTask, report success and failure, and Retry sees handler errors.
@Suite(
    "AWS backend against LocalStack", .enabled(if: PeerSpec.localStack.isInstalled, PeerSpec.localStack.skipComment),
    .peer(.localStack), .timeLimit(.minutes(10))
)
struct LocalStackTests {
    struct AddInput: Codable, Sendable {
        var x: Int
        var y: Int
    }

    /// One Task on a keyword activity; `extra` goes into the task state.
    static func taskMachine(_ activity: String, extra: String = "") -> String {
        "{:start-at :work :states {:work {:type :task :resource :\(activity) \(extra) :end true}}}"
    }

    @Test("ensureStateMachine creates the keyword activity and points the machine at its ARN")
    func ensureWithActivity() async throws {
        let peer = try PeerSpec.localStack.running()
        let stepwise = try peer.stepwise()
        let api = try peer.api()
        let activity = uniqueName("add")
        let machine = uniqueName("adder")
        let machineArn = try await stepwise.ensureStateMachine(machine, definition: .edn(Self.taskMachine("activity/\(activity)")))

        let activities = try await api.listActivities(ListActivitiesInput(maxResults: 1000))
        let created = try #require(activities.activities.first { $0.name == "activity__\(activity)" })
        let definition = try JSONParser.parse(try await api.describeStateMachine(DescribeStateMachineInput(stateMachineArn: machineArn)).definition)
        #expect(definition["States"]?["work"]?["Resource"]?.stringValue == created.activityArn)

        // A second ensure reuses the activity and updates the machine in place.
        let changed = Self.taskMachine("activity/\(activity)", extra: ":timeout-seconds 30")
        #expect(try await stepwise.ensureStateMachine(machine, definition: .edn(changed)) == machineArn)
        let again = try await api.listActivities(ListActivitiesInput(maxResults: 1000))
        #expect(again.activities.filter { $0.name == "activity__\(activity)" }.count == 1)
        let updated = try JSONParser.parse(try await api.describeStateMachine(DescribeStateMachineInput(stateMachineArn: machineArn)).definition)
        #expect(updated["States"]?["work"]?["TimeoutSeconds"] == 30)
    }

    @Test("A running execution can be stopped; it ends ABORTED at the stop date")
    func stopExecution() async throws {
        let peer = try PeerSpec.localStack.running()
        let stepwise = try peer.stepwise()
        let api = try peer.api()
        let machine = uniqueName("napping")
        try await stepwise.ensureStateMachine(machine, definition: .edn("{:start-at :nap :states {:nap {:type :wait :seconds 300 :end true}}}"))
        let execution = try await stepwise.startExecution(machine, input: ["a": 1], executionName: "to-stop")
        let stopped = try await api.stopExecution(StopExecutionInput(executionArn: execution, error: "Test.Stop", cause: "by the test"))
        // Stopping takes effect asynchronously (on AWS too): wait for the execution to end.
        let ended = try await stepwise.waitForExecution(execution, timeout: 60)
        #expect(ended.status == .aborted)
        #expect(abs((ended.stopDate ?? .distantPast).timeIntervalSince(stopped.stopDate)) < 5)
        let history = try await api.getExecutionHistory(GetExecutionHistoryInput(executionArn: execution, reverseOrder: true))
        #expect(history.events.first?.type == .executionAborted)
    }

    @Test("Workers poll through the AWS backend and a blocking execution returns the handler's output")
    func workersRunHandlers() async throws {
        let stepwise = try PeerSpec.localStack.running().stepwise()
        let activity = "activity/\(uniqueName("add"))"
        let machine = uniqueName("adder")
        try await stepwise.ensureStateMachine(machine, definition: .edn(Self.taskMachine(activity)))
        let workers = try await stepwise.startWorkers([activity: Handler { (input: AddInput) in input.x + input.y }])
        let result = try await Self.run(stepwise, machine, input: ["x": 41, "y": 1], stoppingAfter: workers)
        #expect(result.status == .succeeded)
        #expect(try result.output(as: Int.self) == 42)
    }

    @Test("A handler that throws ends the execution FAILED with its error name and cause")
    func failingHandler() async throws {
        let stepwise = try PeerSpec.localStack.running().stepwise()
        let activity = "activity/\(uniqueName("explode"))"
        let machine = uniqueName("exploding")
        try await stepwise.ensureStateMachine(machine, definition: .edn(Self.taskMachine(activity)))
        let workers = try await stepwise.startWorkers([
            activity: Handler { (_: JSONValue) -> JSONValue in throw TaskFailure("my.app/oops", cause: "the handler gave up") },
        ])
        let result = try await Self.run(stepwise, machine, input: ["go": true], stoppingAfter: workers)
        #expect(result.status == .failed)
        #expect(result.error == "my.app/oops")
        #expect(result.cause == "the handler gave up")
    }

    @Test("Retry matches a handler's error name and a later attempt succeeds")
    func retryOnHandlerError() async throws {
        let stepwise = try PeerSpec.localStack.running().stepwise()
        let activity = "activity/\(uniqueName("flaky"))"
        let machine = uniqueName("retrying")
        let retry = "{:error-equals :oven/too-cold :interval-seconds 1 :max-attempts 3 :backoff-rate 1.0}"
        try await stepwise.ensureStateMachine(machine, definition: .edn(Self.taskMachine(activity, extra: ":retry [\(retry)]")))
        let calls = Mutex(0)
        let workers = try await stepwise.startWorkers([
            activity: Handler { (input: AddInput) -> Int in
                let call = calls.withLock { count in
                    count += 1
                    return count
                }
                if call < 3 { throw TaskFailure("oven/too-cold", cause: "attempt \(call)") }
                return input.x * input.y
            },
        ])
        let result = try await Self.run(stepwise, machine, input: ["x": 6, "y": 7], stoppingAfter: workers)
        #expect(result.status == .succeeded)
        #expect(try result.output(as: Int.self) == 42)
        #expect(calls.withLock { $0 } == 3)
    }

    @Test("A large handler output is offloaded to S3 and the next task loads it back")
    func offloadThroughWorkers() async throws {
        let peer = try PeerSpec.localStack.running()
        let store = try await peer.blobStore()
        let stepwise = try peer.stepwise(blobStore: store)
        let produce = "activity/\(uniqueName("produce"))"
        let measure = "activity/\(uniqueName("measure"))"
        let machine = uniqueName("offloading")
        try await stepwise.ensureStateMachine(machine, definition: .edn("""
            {:start-at :produce
             :states {:produce {:type :task :resource :\(produce) :next :measure}
                      :measure {:type :task :resource :\(measure) :end true}}}
            """))
        let text = String(repeating: "payload ", count: 20_000)
        let workers = try await stepwise.startWorkers([
            produce: Handler(interceptors: [.offload(keys: ["text"], to: store, threshold: 10_000)]) { (_: JSONValue) -> JSONValue in
                ["text": .string(text), "note": "kept inline"]
            },
            measure: Handler { (input: JSONValue) -> JSONValue in
                ["length": .number(JSONNumber(input["text"]?.stringValue?.count ?? -1)), "note": input["note"] ?? .null]
            },
        ])
        let result = try await Self.run(stepwise, machine, input: [:], stoppingAfter: workers)
        #expect(result.status == .succeeded)
        #expect(result.output == ["length": .number(JSONNumber(text.count)), "note": "kept inline"])
    }

    /// Runs one execution to its end, then shuts the workers down whatever happened.
    static func run(_ stepwise: Stepwise, _ machine: String, input: JSONValue, stoppingAfter workers: Workers) async throws -> ExecutionResult {
        do {
            let result = try await stepwise.startExecution(machine, input: input, wait: true, timeout: 120)
            await workers.shutdown()
            return result
        } catch {
            await workers.shutdown()
            throw error
        }
    }
}
