import Foundation
import StepwiseJSON
import TestSupport
import Testing

/// `stepwise run` with AWS's mock files and virtual time, and `stepwise test`.
@Suite(.timeLimit(.minutes(2))) struct MockCLITests {
    let cli = CLITests()

    static let machine = #"""
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 3600, "MaxAttempts": 2}],
            "ResultSelector": {"charged.$": "$.Payload.amount"}, "Next": "Branches"},
          "Branches": {"Type": "Parallel", "Branches": [
              {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": true}}},
              {"StartAt": "Right", "States": {"Right": {"Type": "Wait", "Seconds": 86400, "End": true}}}],
            "ResultPath": null, "End": true}}}
        """#

    static let mocks = #"""
        {"StateMachines": {"orders": {"TestCases": {"Paid": {"Charge": "BusyThenPaid"}}}},
         "MockedResponses": {"BusyThenPaid": {
            "0": {"Throw": {"Error": "Busy", "Cause": "later"}},
            "1": {"Return": {"Payload": {"amount": 42}}}}}}
        """#

    func lastLine(_ text: String) throws -> JSONValue {
        try JSONParser.parse(String(text.split(separator: "\n").last ?? ""))
    }

    @Test func runTakesATestCaseOfAMockFileAndVirtualTime() async throws {
        let definition = try cli.temporaryFile("orders.asl.json", Self.machine)
        let mocks = try cli.temporaryFile("MockConfigFile.json", Self.mocks)
        let started = ContinuousClock.now
        let run = try await cli.stepwise(
            "run", definition, "--mock-config", mocks, "--state-machine-name", "orders", "--test-case", "Paid", "--virtual-time", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        // An hour's backoff and a day's wait, in virtual time.
        #expect(ContinuousClock.now - started < .seconds(30))
        let last = try lastLine(run.stdout)
        #expect(last["status"] == "SUCCEEDED")
        #expect(last["output"] == ["charged": 42])
        #expect(last["path"] == ["Charge", "Branches", "Left", "Right"])
        #expect(last["executionArn"]?.stringValue?.contains(":execution:orders:") == true)
    }

    @Test func theMockFileComesFromSFN_MOCK_CONFIGUnlessGiven() async throws {
        let definition = try cli.temporaryFile("orders.json", Self.machine)
        let mocks = try cli.temporaryFile("mocks.json", Self.mocks)
        var environment = ProcessInfo.processInfo.environment
        environment["SFN_MOCK_CONFIG"] = mocks
        let run = try await ChildRun.run(
            CLITests.binary, ["run", definition, "--test-case", "Paid", "--virtual-time", "--json"], in: SharedFixtures.packageRoot,
            environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try lastLine(run.stdout)["output"] == ["charged": 42])
    }

    @Test func aMalformedMockFileIsReportedOneProblemPerLineWithItsPlace() async throws {
        let definition = try cli.temporaryFile("orders.json", Self.machine)
        let mocks = try cli.temporaryFile(
            "mocks.json",
            """
            {"StateMachines": {"orders": {"TestCases": {"Paid": {"Charge": "Nowhere"}}}},
             "MockedResponses": {"R": {"0": {"Return": 1, "Throw": {"Error": "E", "Cause": "C"}}}},
             "Extra": true}
            """)
        let run = try await cli.stepwise("run", definition, "--mock-config", mocks, "--test-case", "Paid")
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "\(mocks):3:11: /Extra: unknown key 'Extra'; a mock file has StateMachines and MockedResponses",
                "\(mocks):2:33: /MockedResponses/R/0: has both Return and Throw; an answer has exactly one",
                "\(mocks):1:64: /StateMachines/orders/TestCases/Paid/Charge: names the mocked response 'Nowhere', which MockedResponses does not define",
            ])
    }

    @Test func aTestCaseNamingWhatTheMachineLacksIsRefusedSayingWhich() async throws {
        let definition = try cli.temporaryFile("orders.json", Self.machine)
        let mocks = try cli.temporaryFile(
            "mocks.json",
            """
            {"StateMachines": {"orders": {"TestCases": {"Paid": {"Charge": "R", "Left": "R", "Ghost": "R"}}}},
             "MockedResponses": {"R": {"0": {"Return": 1}}}}
            """)
        let run = try await cli.stepwise("run", definition, "--mock-config", mocks, "--test-case", "Paid")
        #expect(run.status == 1)
        #expect(
            run.stderr.split(separator: "\n").map(String.init) == [
                "\(mocks):1:91: /StateMachines/orders/TestCases/Paid/Ghost: the state machine has no state 'Ghost'",
                "\(mocks):1:77: /StateMachines/orders/TestCases/Paid/Left: 'Left' is a Pass state; only Task states can be mocked",
            ])
        let unknown = try await cli.stepwise("run", definition, "--mock-config", mocks, "--state-machine-name", "payments", "--test-case", "Paid")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("\(mocks):1:19: /StateMachines: no state machine 'payments' (the file has: orders)"))
        let noFile = try await cli.stepwise("run", definition, "--test-case", "Paid")
        #expect(noFile.status != 0)
        #expect(noFile.stderr.contains("--test-case Paid names a test case of a mock file"))
    }

    @Test func activitiesNeedMocksInRealTimeAndTimeOutInVirtualTime() async throws {
        let definition = try cli.temporaryFile(
            "work.edn",
            """
            {:start-at :work :states {:work {:type :task :resource :activity/work :timeout-seconds 600 :end true}}}
            """)
        let refused = try await cli.stepwise("run", definition)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing takes the tasks of work (:activity/work)"))
        let timedOut = try await cli.stepwise("run", definition, "--virtual-time", "--json")
        #expect(timedOut.status == 0, "\(timedOut.stderr)")
        #expect(try lastLine(timedOut.stdout)["error"] == "States.Timeout")

        let forever = try cli.temporaryFile("forever.edn", "{:start-at :work :states {:work {:type :task :resource :activity/work :end true}}}")
        let stuck = try await cli.stepwise("run", forever, "--virtual-time")
        #expect(stuck.status == 1)
        #expect(stuck.stderr.contains("still running after a year of virtual time (longer than AWS lets one run), waiting in work"))
    }

    @Test func mocksAndVirtualTimeBelongToTheEmbeddedEngine() async throws {
        let definition = try cli.temporaryFile("orders.json", Self.machine)
        let run = try await cli.stepwise("run", definition, "--backend", "endpoint=http://127.0.0.1:9", "--virtual-time")
        #expect(run.status != 0)
        #expect(run.stderr.contains("--mock-config and --virtual-time apply to the embedded engine"))
    }

    @Test func stepwiseTestRunsThePizzaExample() async throws {
        let junit = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-junit-\(UUID().uuidString).xml").path
        let run = try await cli.stepwise("test", "examples/pizza", "--junit", junit)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("PASS  examples/pizza/pizza.test.yaml › a cold oven is retried until it bakes"))
        #expect(run.stdout.split(separator: "\n").last?.hasPrefix("7 cases in 1 file: 7 passed (") == true)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="examples/pizza/pizza.test.yaml" tests="7" failures="0" errors="0""#))
    }

    @Test func stepwiseTestFindsTestFilesInFoldersAndFailsOnAnyFailure() async throws {
        let folder = try cli.temporaryFile("orders.json", Self.machine)
        let root = (folder as NSString).deletingLastPathComponent
        try Self.mocks.write(toFile: "\(root)/orders.mocks.json", atomically: true, encoding: .utf8)
        try
            #"{"definition": "orders.json", "mock-config": "orders.mocks.json", "cases": [{"name": "paid", "test-case": "Paid", "expect": {"output": {"charged": 42}}}]}"#
            .write(toFile: "\(root)/a.test.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(root)/nested", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/.hidden", withIntermediateDirectories: true)
        try #"{:definition "../orders.json" :mock-config "../orders.mocks.json" :cases [{:name "wrong" :test-case "Paid" :expect {:output {:charged 41}}}]}"#
            .write(toFile: "\(root)/nested/b.test.edn", atomically: true, encoding: .utf8)
        try "not a test file".write(toFile: "\(root)/.hidden/c.test.json", atomically: true, encoding: .utf8)

        let run = try await cli.stepwise("test", root)
        #expect(run.status == 1)
        #expect(run.stdout.contains("PASS  \(root)/a.test.json › paid"))
        #expect(run.stdout.contains("FAIL  \(root)/nested/b.test.edn › wrong"))
        #expect(run.stdout.contains("      /output/charged: expected 41, got 42"))
        #expect(!run.stdout.contains(".hidden"))
        #expect(run.stdout.split(separator: "\n").last?.hasPrefix("2 cases in 2 files: 1 passed, 1 failed (") == true)

        let missing = try await cli.stepwise("test", "\(root)/nope")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such file or folder: \(root)/nope"))
    }
}
