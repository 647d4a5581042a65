import Foundation
import StepFunctions
import Stepwise
import StepwiseEngine
import StepwiseJSON
import StepwiseTesting
import Synchronization
import TestSupport
import Testing

/// The runner: test files with what they name, cases side by side in virtual time, and what
/// each execution came to.
@Suite(.timeLimit(.minutes(1))) struct TestRunnerTests {
    let scratch = Scratch()
    static let pizza = SharedFixtures.packageRoot.appendingPathComponent("examples/pizza/pizza.test.yaml").path

    static let orders = #"""
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 3600, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["Card.Declined"], "Next": "Declined"}], "ResultSelector": {"charged.$": "$.Payload.amount"}, "Next": "Pause"},
          "Pause": {"Type": "Wait", "Seconds": 86400, "Next": "Done"},
          "Done": {"Type": "Succeed"},
          "Declined": {"Type": "Fail", "Error": "Declined", "Cause": "the card was declined"}}}
        """#

    static let mocks = #"""
        {"StateMachines": {"orders": {"TestCases": {
            "Paid": {"Charge": "Charged"}, "BusyThenPaid": {"Charge": "BusyOnce"}}}},
         "MockedResponses": {
            "Charged": {"0": {"Return": {"Payload": {"amount": 42}}}},
            "BusyOnce": {"0": {"Throw": {"Error": "Busy", "Cause": "later"}}, "1": {"Return": {"Payload": {"amount": 7}}}}}}
        """#

    func suite(_ cases: String, mocks: String? = Self.mocks) throws -> String {
        try scratch.write("orders.json", Self.orders)
        if let mocks { try scratch.write("orders.mocks.json", mocks) }
        return try scratch.write("orders.test.json", #"{"definition": "orders.json", "mock-config": "orders.mocks.json", "cases": \#(cases)}"#)
    }

    @Test func thePizzaExampleRunsEveryPathInVirtualTime() async throws {
        let report = await TestRunner().run([Self.pizza])
        #expect(report.succeeded, "\(report.text)")
        #expect(report.passed == 7)
        // The case that times out waits a minute of virtual time: in real time it would overrun the suite's time limit.
        let timedOut = try #require(report.cases.first { $0.name.contains("never answers") }?.observation)
        #expect(timedOut.taskAnswers["bake"] == [.throw(error: "States.Timeout", cause: "")])
        let retried = try #require(report.cases.first { $0.name.contains("retried") }?.observation)
        #expect(retried.taskAnswers["bake"]?.count == 3)
        #expect(retried.path == ["check-order", "prepare", "make-dough", "slice-toppings", "bake", "serve"])
    }

    @Test func casesThatFailShowWhereAndTheRestPass() async throws {
        let file = try suite(
            #"""
            [{"name": "paid", "test-case": "Paid", "expect": {"status": "SUCCEEDED", "output": {"charged": 42}}},
             {"name": "wrong amount", "test-case": "BusyThenPaid", "expect": {"output": {"charged": 8}, "not-visited": ["Pause"]}},
             {"name": "declined inline", "mocks": {"Charge": [{"Throw": {"Error": "Card.Declined", "Cause": "no"}}]},
              "expect": {"status": "FAILED", "error": "Declined", "visited": ["Declined"]}}]
            """#)
        let report = await TestRunner().run([file])
        #expect(report.passed == 2)
        #expect(report.failed == 1)
        #expect(!report.succeeded)
        let failure = try #require(report.cases.first { $0.name == "wrong amount" })
        #expect(
            failure.outcome
                == .failed([
                    Mismatch(pointer: "/output/charged", expected: "8", actual: "7"),
                    Mismatch(pointer: "/path/1", expected: "never to enter 'Pause'", actual: "it entered: Charge → Pause → Done"),
                ]))
        #expect(report.text.contains("FAIL  \(file) › wrong amount"))
        #expect(report.text.contains("      /output/charged: expected 8, got 7"))
        #expect(report.text.hasSuffix("3 cases in 1 file: 2 passed, 1 failed (\(report.text.split(separator: "(").last!)"))
    }

    @Test func problemsInTheFilesATestFileNamesArePlacedInThem() async throws {
        let file = try suite(
            #"""
            [{"name": "a", "test-case": "Nope", "expect": {"status": "SUCCEEDED"}},
             {"name": "b", "mocks": {"Pause": [{"Return": 1}], "Ghost": [{"Return": 1}]}, "expect": {"visited": ["Chrage"]}}]
            """#, mocks: #"{"StateMachines": {"orders": {"TestCases": {"Paid": {"Charge": "Missing"}}}}, "MockedResponses": {}}"#)
        let report = await TestRunner().run([file])
        #expect(report.errors == 1)
        let problems = report.files[0].problems.map(\.description)
        #expect(
            problems == [
                "\(scratch.folder.path)/orders.mocks.json:1:64: /StateMachines/orders/TestCases/Paid/Charge: names the mocked response 'Missing', which MockedResponses does not define"
            ])

        try scratch.write("orders.mocks.json", Self.mocks)
        let again = await TestRunner().run([file]).files[0].problems.map(\.description)
        #expect(
            again == [
                "\(scratch.folder.path)/orders.mocks.json:1:44: /StateMachines/orders/TestCases: no test case 'Nope' (the machine has: BusyThenPaid, Paid)",
                "\(file):2:61: /cases/1/mocks/Ghost: the state machine has no state 'Ghost'",
                "\(file):2:35: /cases/1/mocks/Pause: 'Pause' is a Wait state; only Task states can be mocked",
                "\(file):2:102: /cases/1/expect/visited/0: the definition has no state 'Chrage'",
            ])
    }

    @Test func aDefinitionThatDoesNotLoadIsReportedWithItsDiagnostics() async throws {
        try scratch.write("broken.json", #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#)
        let file = try scratch.write("broken.test.json", #"{"definition": "broken.json", "cases": [{"name": "a", "expect": {"status": "SUCCEEDED"}}]}"#)
        let report = await TestRunner().run([file])
        let problem = try #require(report.files[0].problems.first)
        #expect(problem.file.hasSuffix("broken.json"))
        #expect(problem.pointer == "/States/A/Next")
        #expect(problem.message.hasPrefix("MISSING_TRANSITION_TARGET: "))
    }

    @Test func anExecutionThatWouldWaitForEverIsReportedNotAwaited() async throws {
        try scratch.write("idle.edn", "{:start-at :work :states {:work {:type :task :resource :activity/work :end true}}}")
        let file = try scratch.write("idle.test.edn", #"{:definition "idle.edn" :cases [{:name "nobody works" :expect {:status :succeeded}}]}"#)
        let report = await TestRunner().run([file])
        let result = try #require(report.cases.first)
        guard case .error(let message) = result.outcome else {
            Issue.record("expected an error, got \(result.outcome)")
            return
        }
        #expect(message.contains("still running after a year of virtual time"))
        #expect(message.contains("waiting in work"))
        #expect(result.observation?.waitingIn == ["work"])

        let realTime = await TestRunner(virtualTime: false).run([file])
        guard case .error(let refusal)? = realTime.cases.first?.outcome else {
            Issue.record("expected an error, got \(String(describing: realTime.cases.first?.outcome))")
            return
        }
        #expect(refusal.contains("nothing takes the tasks of the activity states work (:activity/work)"))
    }

    @Test func substitutionsFillTheDefinitionsPlaceholders() async throws {
        try scratch.write(
            "wait.json",
            #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "${Delay}", "Next": "P"}, "P": {"Type": "Pass", "Result": "${Word}", "End": true}}}"#
        )
        try scratch.write("values.yaml", "Word: from a file\nDelay: 5\n")
        let inline = try scratch.write(
            "inline.test.json",
            #"{"definition": "wait.json", "substitutions": {"Delay": 3600, "Word": "hello"}, "cases": [{"name": "a", "expect": {"output": "hello"}}]}"#)
        let fromFile = try scratch.write(
            "file.test.json", #"{"definition": "wait.json", "substitutions": "values.yaml", "cases": [{"name": "a", "expect": {"output": "from a file"}}]}"#)
        let missing = try scratch.write("missing.test.json", #"{"definition": "wait.json", "cases": [{"name": "a", "expect": {"output": "x"}}]}"#)
        let report = await TestRunner().run([inline, fromFile, missing])
        #expect(report.passed == 2)
        #expect(report.files[2].problems.first?.message.contains("${Delay} and ${Word} are not filled in") == true)
    }

    @Test func aCaseRecordedFromARunReplaysWithoutWhatServedIt() async throws {
        // A run whose task a Swift handler serves, recorded as a case: the handler's answers become mocks.
        let engine = Engine(clock: VirtualClock())
        let calls = Counter()
        await engine.registerTaskHandler(.lambda("charge")) { _ in
            if calls.next() == 0 { throw TaskFailure("Busy", cause: "later") }
            return ["amount": 42]
        }
        let stepwise = Stepwise(backend: .local(engine))
        let machine = try await MachineUnderTest.create(try .json(Self.orders), name: "orders", on: stepwise, virtualTime: true)
        let observation = try await machine.run(input: ["order": 1])
        #expect(observation.status == .succeeded)

        let recorded = TestCase(name: "recorded", input: ["order": 1], recording: observation)
        // The answers as the state saw them: lambda:invoke's result shape around the handler's value.
        let answers = try #require(recorded.mocks["Charge"]?.answers.map(\.answer))
        // A Lambda function's error arrives as Step Functions words it.
        #expect(answers.first == .throw(error: "Busy", cause: #"{"errorMessage":"later","errorType":"Busy"}"#))
        guard case .return(let result)? = answers.last, answers.count == 2 else {
            Issue.record("expected a failure then a result, got \(answers)")
            return
        }
        #expect(result["Payload"] == ["amount": 42])
        #expect(recorded.expect == Expectations(status: .succeeded, output: ["charged": 42]))
        try scratch.write("orders.json", Self.orders)
        let file = try scratch.write("recorded.test.json", JSONSerializer.string(TestFile(definition: "orders.json", cases: [recorded]).json, pretty: true))
        let report = await TestRunner().run([file])
        #expect(report.succeeded, "\(report.text)")
    }

    @Test func aFailedRunIsRecordedWithItsErrorAndCause() {
        let failed = Observation(
            executionArn: "e", status: .failed, error: "Declined", cause: "no", taskAnswers: ["Charge": [.throw(error: "Card.Declined", cause: "no")]])
        let recorded = TestCase(name: "r", input: [:], recording: failed)
        #expect(recorded.expect == Expectations(status: .failed, error: .equals("Declined"), cause: .equals("no")))
    }
}

/// Hands out 0, 1, 2 … across concurrent calls.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { n in
            defer { n += 1 }
            return n
        }
    }
}
