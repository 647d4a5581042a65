import Foundation
import StepFunctions
import Stepwise
import StepwiseJSON
import TestSupport
import Testing

@testable import StepwiseAWS

/// The AWS backend against moto's server: executions of Pass/Choice/Map/Fail machines, the
/// describe/list/history/stop calls, AWS's error codes, and S3 offload.
@Suite("AWS backend against moto", .enabled(if: PeerSpec.moto.isInstalled, PeerSpec.moto.skipComment), .peer(.moto))
struct MotoTests {
    static let branching = """
        {:start-at :classify
         :states {:classify {:type :choice
                             :choices [{:condition [:> "$.n" 10] :next :big}]
                             :default :small}
                  :big {:type :pass :result "big" :result-path "$.size" :next :each}
                  :small {:type :pass :result "small" :result-path "$.size" :next :each}
                  :each {:type :map
                         :items-path "$.items"
                         :item-processor {:start-at :wrap
                                          :states {:wrap {:type :pass :parameters {:item.$ "$"} :end true}}}
                         :result-path "$.wrapped"
                         :end true}}}
        """

    @Test("ensureStateMachine creates a machine once and finds it again by name")
    func ensureStateMachine() async throws {
        let peer = try PeerSpec.moto.running()
        let stepwise = try peer.stepwise()
        let name = uniqueName("ensure")
        let definition = try Definition.edn("{:start-at :a :states {:a {:type :pass :result 1 :end true}}}")
        let first = try await stepwise.ensureStateMachine(name, definition: definition)
        let second = try await stepwise.ensureStateMachine(name, definition: definition)
        #expect(first == second)
        #expect(first.hasSuffix(":stateMachine:\(name)"))
        // (moto answers a CreateStateMachine for an existing name with the old machine instead of
        // StateMachineAlreadyExists, so updating in place is checked against LocalStack.)

        let api = try peer.api()
        let described = try await api.describeStateMachine(DescribeStateMachineInput(stateMachineArn: first))
        #expect(described.name == name)
        #expect(try JSONParser.parse(described.definition)["States"]?["a"]?["Result"] == 1)
        let listed = try await api.listStateMachines(ListStateMachinesInput())
        #expect(listed.stateMachines.contains { $0.stateMachineArn == first })
        #expect(try await stepwise.stateMachineArn(name) == first)
    }

    @Test("A Choice, Pass and Map machine succeeds with the output AWS would give", arguments: [
        (42, "big"), (3, "small"),
    ])
    func passChoiceMap(n: Int, size: String) async throws {
        let stepwise = try PeerSpec.moto.running().stepwise()
        let name = uniqueName("branching")
        try await stepwise.ensureStateMachine(name, definition: .edn(Self.branching))
        let result = try await stepwise.startExecution(name, input: ["n": .number(JSONNumber(n)), "items": [1, "two"]], wait: true, timeout: 60)
        #expect(result.status == .succeeded)
        let expected: JSONValue = [
            "n": .number(JSONNumber(n)), "items": [1, "two"], "size": .string(size), "wrapped": [["item": 1], ["item": "two"]],
        ]
        #expect(result.output == expected)
        #expect(result.error == nil)
    }

    @Test("A Fail state ends the execution FAILED with its error and cause, as a result rather than a throw")
    func failState() async throws {
        let stepwise = try PeerSpec.moto.running().stepwise()
        let name = uniqueName("failing")
        try await stepwise.ensureStateMachine(name, definition: .edn(#"{:start-at :boom :states {:boom {:type :fail :error :my.app/oops :cause "it broke"}}}"#))
        let result = try await stepwise.startExecution(name, input: ["x": 1], wait: true, timeout: 60)
        #expect(result.status == .failed)
        #expect(result.error == "my.app/oops")
        #expect(result.cause == "it broke")
        #expect(result.output == nil)
    }

    @Test("Executions can be described, listed, stopped and their history read")
    func describeListHistoryStop() async throws {
        let peer = try PeerSpec.moto.running()
        let stepwise = try peer.stepwise()
        let api = try peer.api()

        let waiting = uniqueName("waiting")
        try await stepwise.ensureStateMachine(waiting, definition: .edn("{:start-at :nap :states {:nap {:type :wait :seconds 300 :end true}}}"))
        let running = try await stepwise.startExecution(waiting, input: ["a": 1], executionName: "first")
        let described = try await api.describeExecution(DescribeExecutionInput(executionArn: running))
        #expect(described.status == .running)
        #expect(described.name == "first")
        #expect(try described.input.map { try JSONParser.parse($0) } == ["a": 1])
        let machineArn = try await stepwise.stateMachineArn(waiting)
        let listed = try await api.listExecutions(ListExecutionsInput(stateMachineArn: machineArn))
        #expect(listed.executions.map(\.executionArn) == [running])
        // moto answers StopExecution with `{}` (no stopDate), so only the call and its effect are
        // checked here; LocalStack's full answer is checked in LocalStackTests.
        let _: EmptyOutput = try await api.call("StopExecution", StopExecutionInput(executionArn: running, error: "Test.Stop", cause: "by the test"))
        #expect(try await api.describeExecution(DescribeExecutionInput(executionArn: running)).status == .aborted)
        let aborted = try await api.listExecutions(ListExecutionsInput(stateMachineArn: machineArn, statusFilter: .aborted))
        #expect(aborted.executions.map(\.executionArn) == [running])

        let quick = uniqueName("quick")
        try await stepwise.ensureStateMachine(quick, definition: .edn("{:start-at :p :states {:p {:type :pass :end true}}}"))
        let finished = try await stepwise.startExecution(quick, input: ["b": 2], wait: true, timeout: 60)
        let history = try await api.getExecutionHistory(GetExecutionHistoryInput(executionArn: finished.executionArn))
        let types = history.events.map(\.type)
        #expect(types.first == .executionStarted)
        #expect(types.last == .executionSucceeded)
        #expect(types.contains(.passStateEntered))
        #expect(history.events.map(\.id) == Array(1...history.events.count))
    }

    @Test("Missing machines and executions and malformed ARNs give AWS's error codes")
    func errorCodes() async throws {
        let api = try PeerSpec.moto.running().api()
        let missingMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:\(uniqueName("missing"))"
        let noMachine = try await #require(throws: StepFunctionsError.self) {
            _ = try await api.describeStateMachine(DescribeStateMachineInput(stateMachineArn: missingMachine))
        }
        #expect(noMachine.code == .stateMachineDoesNotExist)
        #expect(noMachine.httpStatus == 400)
        #expect(noMachine.message.contains(missingMachine))

        let noStart = try await #require(throws: StepFunctionsError.self) {
            _ = try await api.startExecution(StartExecutionInput(stateMachineArn: missingMachine, input: "{}"))
        }
        #expect(noStart.code == .stateMachineDoesNotExist)

        let noExecution = try await #require(throws: StepFunctionsError.self) {
            _ = try await api.describeExecution(DescribeExecutionInput(executionArn: "arn:aws:states:us-east-1:123456789012:execution:nope:nope"))
        }
        #expect(noExecution.code == .executionDoesNotExist)

        let badArn = try await #require(throws: StepFunctionsError.self) {
            _ = try await api.describeStateMachine(DescribeStateMachineInput(stateMachineArn: "not-an-arn"))
        }
        #expect(badArn.code == .invalidArn)
    }

    @Test("S3BlobStore round-trips payloads, including through the offload and loader interceptors")
    func s3Offload() async throws {
        let store = try await PeerSpec.moto.running().blobStore()
        let data = Data(#"{"report":"ü ✓"}"#.utf8)
        try await store.put(data, key: "stepwise/odd key+ü.json")
        #expect(try await store.get(bucket: store.bucket, key: "stepwise/odd key+ü.json") == data)
        let head = try await store.client.headObject(bucket: store.bucket, key: "stepwise/odd key+ü.json")
        #expect(head.contentLength == data.count)
        #expect(head.contentType == "application/json")
        await #expect(throws: BlobStoreError.self) { _ = try await store.get(bucket: store.bucket, key: "stepwise/absent.json") }

        // A large member of a handler's output goes to S3 and comes back when a later task loads it.
        let big = JSONValue.string(String(repeating: "x", count: 2_000))
        var context = TaskContext(request: [:], taskToken: "t", activityArn: "arn:a", sendHeartbeat: {})
        context.response = ["big": big, "small": 1]
        let offload = try #require(Interceptor.offload(keys: ["big"], to: store, threshold: 1_000).leave)
        try await offload(&context)
        let reference = try #require(context.response?["big"]?["stepwise-offloaded-to-s3"]?.stringValue)
        #expect(reference.hasPrefix("\(store.bucket)/"))
        #expect(context.response?["small"] == 1)

        var next = TaskContext(request: try #require(context.response), taskToken: "t2", activityArn: "arn:a", sendHeartbeat: {})
        let load = try #require(Interceptor.loadOffloaded(from: store).enter)
        try await load(&next)
        #expect(next.request == ["big": big, "small": 1])
    }
}

extension MotoTests {
    @Test("`stepwise run --backend endpoint=URL` runs a definition on the peer, signing with placeholders when nothing is configured")
    func commandLineRunsAgainstTheEndpoint() async throws {
        let peer = try PeerSpec.moto.running()
        let binary = SharedFixtures.packageRoot.appendingPathComponent(".build/debug/stepwise")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the package first (swift build)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(uniqueName("double")).json")
        try #"{"StartAt":"D","States":{"D":{"Type":"Pass","Parameters":{"doubled.$":"States.MathAdd($.n, $.n)"},"End":true}}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try await ChildRun.run(binary, ["run", file.path, "--input", #"{"n": 21}"#, "--json", "--backend", "endpoint=\(peer.endpoint.absoluteString)"],
                                         environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") })
        #expect(run.status == 0, "\(run.stderr)")
        let last = try JSONParser.parse(String(run.stdout.split(separator: "\n").last ?? ""))
        #expect(last["status"] == "SUCCEEDED")
        #expect(last["output"] == ["doubled": 42])
    }
}
