import EngineTestSupport
import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Synchronization
import Testing

/// Inputs that once crashed or wedged the engine (issue 12): each now ends as a named error,
/// and the engine keeps answering.
@Suite(.timeLimit(.minutes(5))) struct HostileInputTests {
    let h = Harness()

    func jsonataPass(_ expression: String, catchAll: Bool = false) -> String {
        let pass = #"{"Type":"Pass","Output":"{% \#(expression) %}","End":true}"#
        guard catchAll else { return #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":\#(pass)}}"# }
        // Pass states cannot catch: a Parallel around it does.
        return #"""
            {"QueryLanguage":"JSONata","StartAt":"Both","States":{"Both":{"Type":"Parallel","Branches":[{"StartAt":"P","States":{"P":\#(pass)}}],
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Pass","End":true}}}
            """#
    }

    @Test func aJSONataExpressionNestedThousandsDeepIsAnInvalidDefinition() async throws {
        let deep = String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000)
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.createMachine(jsonataPass(deep)) }
        #expect(error.code == .invalidDefinition)
        let minus = String(repeating: "-", count: 3000) + "1"
        await #expect(throws: StepFunctionsError.self) { _ = try await h.createMachine(jsonataPass(minus), name: "minus") }
    }

    @Test(arguments: [
        (#"$reduce([1..10000], function($acc, $x){ {\"a\": $acc} }, {})"#, "512"),
        (#"($f := function($n){ $f($n + 1) }; $f(0))"#, "U100"),
    ])
    func aHostileJSONataEvaluationFailsTheStateWithACatchableError(expression: String, mentioned: String) async throws {
        let result = try await h.run(jsonataPass(expression))
        #expect(result.status == .failed)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(result.cause?.contains("'Output'") == true)
        #expect(result.cause?.contains(mentioned) == true, "\(result.cause ?? "")")
        let caught = try await h.run(jsonataPass(expression, catchAll: true))
        #expect(caught.status == .succeeded)
    }

    @Test func aZeroDigitBeyondTheBasicPlaneNoLongerTraps() async throws {
        let result = try await h.run(jsonataPass(#"$formatNumber(12345, '#', {'zero-digit': '\uDBFF\uDFFF'})"#))
        #expect(result.status == .succeeded)
    }

    @Test func aDescendantQueryOnADeepInputStopsAtItsBudget() async throws {
        var input = "1"
        for _ in 0..<400 { input = "[\(input), \(input == "1" ? "2" : "0")]" }
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$..*..*..*..*..*","End":true}}}"#
        let result = try await h.run(definition, input: input)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(result.cause?.contains("The field 'InputPath' of state 'P'") == true)
        #expect(result.cause?.contains("steps") == true)
    }

    @Test func aLoopThatNestsItsInputDeeperStopsAtTheDepthLimit() async throws {
        let definition = #"""
            {"StartAt":"Wrap","States":{"Wrap":{"Type":"Pass","Parameters":{"a.$":"$"},"Next":"Wrap2"},
              "Wrap2":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"Done"}],"Default":"Wrap"},"Done":{"Type":"Succeed"}}}
            """#
        let result = try await h.run(definition)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(result.cause?.contains("nested more than 512 levels") == true)
    }

    @Test func anInputAtTheDepthLimitRunsAndReadsBack() async throws {
        let input = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        let machine = try await h.createMachine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#)
        let execution = try await h.start(machine, input: input)
        let result = try await h.finish(execution)
        #expect(result.status == .succeeded)
        #expect(result.output == input)
        #expect(try await h.history(execution).count == 4)
        let tooDeep = "[" + input + "]"
        let refused = try await #require(throws: StepFunctionsError.self) { _ = try await h.start(machine, input: tooDeep) }
        #expect(refused.code == .invalidExecutionInput)
    }

    @Test func aHandlerResultTooDeepFailsItsTask() async throws {
        await h.engine.registerTaskHandler(.lambda("deep")) { _ in
            var value: JSONValue = 1
            for _ in 0..<600 { value = [value] }
            return value
        }
        let result = try await h.run(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:deep","End":true}}}"#)
        #expect(result.error == "Stepwise.InvalidOutput")
    }

    /// A loop of states that never wait runs in slices: StartExecution answers, StopExecution
    /// reaches it between states, and its history ends as AWS records a stopped execution.
    @Test func anEndlessLoopAnswersItsStartAndCanBeStopped() async throws {
        let engine = Engine(configuration: .init(stepSlice: .zero), clock: ManualClock())
        let loop = try await engine.createStateMachine(CreateStateMachineInput(
            name: "loop",
            definition: #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"D"}],"Default":"A"},"D":{"Type":"Succeed"}}}"#,
            roleArn: Harness.role)).stateMachineArn
        let arn = try await engine.startExecution(StartExecutionInput(stateMachineArn: loop)).executionArn
        _ = try await engine.stopExecution(StopExecutionInput(executionArn: arn, error: "Enough"))
        let stopped = try await engine.waitForExecution(arn)
        #expect(stopped.status == .aborted)
        let history = try await engine.recordedEvents(arn)
        #expect(history.last?.type == .executionAborted)
        #expect(history.count < 100, "stopped within a few states, not at the history limit")
    }

    /// Pausing after every state changes nothing an execution records: Parallel branches, Map
    /// iterations and a chain give the same history and output as in one step.
    @Test func aRunPausedAfterEveryStateRecordsWhatOneStepWould() async throws {
        let definition = #"""
            {"StartAt":"Both","States":{"Both":{"Type":"Parallel","Next":"Each","ResultPath":"$.both","Branches":[
              {"StartAt":"L1","States":{"L1":{"Type":"Pass","Result":"left","Next":"L2"},"L2":{"Type":"Pass","End":true}}},
              {"StartAt":"R1","States":{"R1":{"Type":"Pass","Result":"right","End":true}}}]},
             "Each":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.each","ItemProcessor":{"StartAt":"I","States":{
               "I":{"Type":"Pass","Parameters":{"twice.$":"States.MathAdd($, $)"},"End":true}}},"Next":"Done"},
             "Done":{"Type":"Succeed"}}}
            """#
        func run(_ slice: Duration) async throws -> (DescribeExecutionOutput, [HistoryEventType]) {
            let engine = Engine(configuration: .init(stepSlice: slice), clock: ManualClock(start: Harness.start))
            let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: Harness.role))
            let arn = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "e", input: #"{"items":[1,2,3]}"#)).executionArn
            let result = try await engine.waitForExecution(arn)
            return (result, try await engine.recordedEvents(arn).map(\.type))
        }
        let (paused, pausedTypes) = try await run(.zero)
        let (whole, wholeTypes) = try await run(.seconds(1_000_000))
        #expect(paused.status == .succeeded)
        #expect(paused.output == whole.output)
        #expect(pausedTypes == wholeTypes)
    }

    /// Steps are evaluated on the engine's evaluation threads: the actor answers other calls
    /// while one is being evaluated, however long that takes. The step markers hold the first
    /// step on its thread until the other calls have been answered.
    @Test func otherCallsAreAnsweredWhileAStepIsEvaluated() async throws {
        let markers = HeldFirstStep()
        let engine = Engine(clock: ManualClock(), store: ForwardingStore(InMemoryEngineStore(), stepMarkers: markers))
        let burn = try await engine.createStateMachine(CreateStateMachineInput(
            name: "burn", definition: jsonataPass("$count([1..100000][$ % 7 = 0])"), roleArn: Harness.role)).stateMachineArn
        let burning = Task { try await engine.startExecution(StartExecutionInput(stateMachineArn: burn, name: "hot")) }
        await markers.begun.wait()
        // The step is being evaluated; these calls need the actor.
        let quick = try await engine.createStateMachine(CreateStateMachineInput(
            name: "quick", definition: #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#, roleArn: Harness.role)).stateMachineArn
        let other = try await engine.startExecution(StartExecutionInput(stateMachineArn: quick))
        #expect(try await engine.waitForExecution(other.executionArn).status == .succeeded)
        // Described, not listed: listings show executions whose start has been committed.
        let hot = burn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":hot"
        #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: hot)).status == .running, "the held step had not ended while the other calls were answered")
        markers.release()
        #expect(try await engine.waitForExecution(try await burning.value.executionArn).status == .succeeded)
    }
}

/// Holds the first step to begin on its evaluation thread until released, and says when it has begun.
final class HeldFirstStep: StepMarkers {
    let begun = Answer()
    private let held = Mutex(true)
    private let gate = DispatchSemaphore(value: 0)

    func begin(slot: Int, executionArn: String) {
        guard held.withLock({ first in defer { first = false }; return first }) else { return }
        begun.give()
        gate.wait()
    }
    func end(slot: Int) {}
    func takeInterrupted() -> [String] { [] }
    func release() { gate.signal() }

    /// A one-shot signal.
    final class Answer: Sendable {
        private let stream: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation
        init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self) }
        func give() { continuation.yield() }
        func wait() async { for await _ in stream { return } }
    }
}

