import Foundation
import StepFunctions
import StepwiseJSON
import Testing

@testable import StepwiseEngine

/// One `ExecutionRun` fed by hand, as its driver would feed it, with no actor, clock or store
/// in between: each test sends events and checks the commands and history events that come out.
final class InterpreterHarness {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    static let activity = "arn:aws:states:us-east-1:123456789012:activity:work"
    static let lambda = "arn:aws:lambda:us-east-1:123456789012:function:f"

    struct Environment: RunEnvironment {
        var activities: Set<String> = [InterpreterHarness.activity]
        var resources: Set<String> = [InterpreterHarness.lambda]
        func activityExists(_ arn: String) -> Bool { activities.contains(arn) }
        func canServe(_ resource: TaskResource, written: String, parameters: JSONValue) -> Bool { resources.contains(written) }
        func isMocked(state: String) -> Bool { false }
        /// Pause a step after this many states (nil: never).
        var pauseAfter: Int?
        func shouldPause(afterRunning states: Int) -> Bool { pauseAfter.map { states >= $0 } ?? false }
    }

    /// What one event did.
    struct Step {
        let commands: [RunCommand]
        let events: [RecordedEvent]
        var types: [HistoryEventType] { events.map(\.type) }
    }

    let run: ExecutionRun
    var environment = Environment()
    private(set) var now = InterpreterHarness.start

    init(_ definition: String, input: JSONValue = [:], seed: UInt64 = 7) throws {
        let (machine, graph) = try Engine.compile(definition)
        let info = ExecutionInfo(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:m:e", name: "e",
            stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m", stateMachineName: "m",
            roleArn: "arn:aws:iam::123456789012:role/r", startTime: Self.start, input: input,
            timeoutSeconds: machine.timeoutSeconds, tokenKey: TokenKey(bytes: Array(repeating: 1, count: 32)))
        run = ExecutionRun(info: info, root: graph, seed: seed)
    }

    /// Feeds an event `after` seconds past the previous one.
    @discardableResult
    func send(_ event: RunEvent, after seconds: TimeInterval = 0) -> Step {
        now = now.addingTimeInterval(seconds)
        let commands = run.handle(event, now: now, environment: environment)
        let events = run.newEvents
        run.newEvents = []
        return Step(commands: commands, events: events)
    }

    func at(_ seconds: TimeInterval) -> Date { Self.start.addingTimeInterval(seconds) }

    /// The command that runs a task of `state` (the first or a later one) with `token`.
    static func task(_ token: String, _ resource: String, _ input: JSONValue, state: String = "T", invocation: Int = 0) -> RunCommand {
        .invokeTask(TaskCall(token: token, resource: TaskResource(resource), written: resource, parameters: input, stateName: state, invocation: invocation))
    }
}

extension InterpreterHarness.Step {
    /// The token of the task the step scheduled (an activity or a local resource).
    var scheduledToken: String? {
        for command in commands {
            switch command {
            case .invokeTask(let call): return call.token
            default: continue
            }
        }
        return nil
    }
}
