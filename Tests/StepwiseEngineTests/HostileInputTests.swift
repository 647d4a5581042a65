import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// Inputs that once crashed or wedged the engine (issue 12): each now ends as a named error,
/// and the engine keeps answering.
@Suite(.timeLimit(.minutes(2))) struct HostileInputTests {
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

    /// A CPU-heavy evaluation runs on the engine's evaluation threads: the actor answers other
    /// calls while it burns. The store's step markers say when the burning step has begun.
    @Test func otherCallsAreAnsweredWhileAnEvaluationBurns() async throws {
        let markers = BeginSignal()
        let engine = Engine(clock: ManualClock(), store: MarkedStore(markers: markers))
        let burn = try await engine.createStateMachine(CreateStateMachineInput(
            name: "burn", definition: jsonataPass("$count([1..800000][$ % 7 = 0])"), roleArn: Harness.role)).stateMachineArn
        let burning = Task { try await engine.startExecution(StartExecutionInput(stateMachineArn: burn, name: "hot")) }
        await markers.begun.wait()
        // The step is being evaluated; these calls need the actor.
        let quick = try await engine.createStateMachine(CreateStateMachineInput(
            name: "quick", definition: #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#, roleArn: Harness.role)).stateMachineArn
        _ = try await engine.startExecution(StartExecutionInput(stateMachineArn: quick))
        let hot = burn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":hot"
        #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: hot)).status == .running, "the burn was still going while the other calls were answered")
        // However long it burns, it ends (its budget bounds it).
        #expect(try await engine.waitForExecution(try await burning.value.executionArn).status != .running)
    }
}

/// Signals when the first step begins (see `StepMarkers`).
final class BeginSignal: StepMarkers {
    let begun = Answer()
    func begin(slot: Int, executionArn: String) { begun.give() }
    func end(slot: Int) {}
    func takeInterrupted() -> [String] { [] }

    /// A one-shot signal.
    final class Answer: Sendable {
        private let stream: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation
        init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self) }
        func give() { continuation.yield() }
        func wait() async { for await _ in stream { return } }
    }
}

/// The in-memory store with step markers.
final class MarkedStore: EngineStore {
    let base = InMemoryEngineStore()
    let markers: any StepMarkers
    init(markers: any StepMarkers) { self.markers = markers }
    var keepsJournal: Bool { false }
    var stepMarkers: (any StepMarkers)? { markers }
    func commit(_ writes: [StoreWrite]) async throws { base.commit(writes) }
    func execution(arn: String) throws -> ExecutionRecord? { base.execution(arn: arn) }
    func executions(_ query: ExecutionQuery) throws -> [ListedExecution] { base.executions(query) }
    func events(executionArn: String, page: HistoryPage) throws -> [RecordedEvent] { base.events(executionArn: executionArn, page: page) }
    func journal(executionArn: String) throws -> [JournalEntry] { [] }
    func loadStateMachines() throws -> [StateMachineRecord] { base.loadStateMachines() }
    func loadActivities() throws -> [ActivityRecord] { base.loadActivities() }
    func deleteExecutions(stoppedBefore date: Date, limit: Int) throws -> [String] { base.deleteExecutions(stoppedBefore: date, limit: limit) }
}
