import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// A fresh engine on a manual clock, with shortcuts for the calls most tests make. Time only
/// moves when a test moves it, so Wait, Retry and timeouts run instantly and deterministically.
struct Harness {
    static let role = "arn:aws:iam::123456789012:role/stepwise"
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    let clock: ManualClock
    let engine: Engine

    /// Steps never pause (`Configuration.stepSlice`): a pause depends on how busy the host is,
    /// and each test here asserts what one call leads to. Pausing has tests of its own.
    init(pollTimeout: TimeInterval = 60) {
        clock = ManualClock(start: Self.start)
        engine = Engine(configuration: .init(activityPollTimeout: pollTimeout, stepSlice: .seconds(1_000_000)), clock: clock)
    }

    // MARK: - Machines and executions

    func createMachine(_ definition: String, name: String = "machine") async throws -> String {
        try await engine.createStateMachine(CreateStateMachineInput(name: name, definition: definition, roleArn: Self.role)).stateMachineArn
    }

    func start(_ machineArn: String, input: String = "{}", name: String? = nil) async throws -> String {
        try await engine.startExecution(StartExecutionInput(stateMachineArn: machineArn, name: name, input: input)).executionArn
    }

    /// Creates a machine, runs one execution to its end (moving the clock through its timers)
    /// and describes it.
    func run(_ definition: String, input: String = "{}") async throws -> DescribeExecutionOutput {
        let machine = try await createMachine(definition, name: "machine-" + UUID().uuidString.prefix(8))
        return try await finish(try await start(machine, input: input))
    }

    /// Moves the clock from timer to timer until the execution ends. Fails (instead of hanging)
    /// when the execution waits on something no timer will bring, such as an unanswered task.
    func finish(_ executionArn: String) async throws -> DescribeExecutionOutput {
        while true {
            await engine.idle()
            let described = try await describe(executionArn)
            if described.status != .running { return described }
            guard let deadline = await engine.nextTimerDeadline() else { throw HarnessError.stuck(executionArn) }
            clock.advance(to: max(deadline, clock.now()))
            await engine.fireDueTimers()
        }
    }

    func describe(_ executionArn: String) async throws -> DescribeExecutionOutput {
        try await engine.describeExecution(DescribeExecutionInput(executionArn: executionArn))
    }

    /// Moves the clock and waits until the engine has handled the timers that fell due.
    func advance(by seconds: TimeInterval) async {
        clock.advance(by: seconds)
        await engine.fireDueTimers()
    }

    /// Seconds from now until the engine's next timer.
    func secondsToNextTimer() async -> TimeInterval? {
        await engine.nextTimerDeadline().map { $0.timeIntervalSince(clock.now()) }
    }

    func history(_ executionArn: String, includeData: Bool? = nil) async throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var token: String?
        repeat {
            let page = try await engine.getExecutionHistory(
                GetExecutionHistoryInput(executionArn: executionArn, maxResults: 1000, nextToken: token, includeExecutionData: includeData))
            events += page.events
            token = page.nextToken
        } while token != nil
        return events
    }

    func eventTypes(_ executionArn: String) async throws -> [HistoryEventType] {
        try await history(executionArn).map(\.type)
    }

    // MARK: - Activities

    func createActivity(_ name: String = "work") async throws -> String {
        try await engine.createActivity(CreateActivityInput(name: name)).activityArn
    }

    /// Takes the next task of an activity; the task must already be queued.
    func takeTask(_ activityArn: String, worker: String? = "worker") async throws -> (token: String, input: JSONValue) {
        let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: activityArn, workerName: worker), waitingAtMost: 0)
        let token = try #require(task.taskToken, "no task queued for \(activityArn)")
        return (token, try JSONParser.parse(task.input ?? "null"))
    }

    func succeed(_ token: String, _ output: String) async throws {
        _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: output))
    }

    func fail(_ token: String, error: String?, cause: String? = nil) async throws {
        _ = try await engine.sendTaskFailure(SendTaskFailureInput(taskToken: token, error: error, cause: cause))
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case stuck(String)

    var description: String {
        switch self {
        case .stuck(let arn): return "execution \(arn) neither ended nor waited on a timer"
        }
    }
}

/// Parses JSON text from an API answer.
func json(_ text: String?) throws -> JSONValue {
    try JSONParser.parse(try #require(text, "expected a JSON payload"))
}

extension HistoryEvent {
    /// A payload member of the details (`input`, `output` …) parsed as JSON.
    func payload(_ key: String) throws -> JSONValue {
        try json(details?[key]?.stringValue)
    }
}
