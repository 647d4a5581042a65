import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON

/// Runs one recorded case on a fresh embedded engine with a manual clock: time jumps from
/// deadline to deadline, and activity tasks are answered as the recorded worker answered.
struct ConformanceRunner {
    struct Outcome {
        let status: ExecutionStatus
        let output: JSONValue?
        let error: String?
        let cause: String?
        let eventTypes: [String]
        let previousEventIds: [Int]
    }

    /// The account the recordings mask as 111111111111: using it makes ARNs line up.
    static let account = "111111111111"

    let testCase: ConformanceCase

    func run() async throws -> Outcome {
        let clock = ManualClock()
        let engine = Engine(configuration: .init(region: "us-east-1", account: Self.account), clock: clock)
        let activityArns = Self.activityArns(in: testCase.definition)
        for arn in activityArns {
            _ = try await engine.createActivity(CreateActivityInput(name: try ARN.parse(arn, expecting: [.activity]).name))
            if testCase.requiredActions.contains("delete_activity") {
                _ = try await engine.deleteActivity(DeleteActivityInput(activityArn: arn))
            }
        }
        let machine = try await engine.createStateMachine(
            CreateStateMachineInput(
                name: "conformance", definition: JSONSerializer.string(testCase.definition),
                roleArn: "arn:aws:iam::\(Self.account):role/stepwise"))
        let started = try await engine.startExecution(
            StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "case", input: testCase.input))
        if testCase.requiredActions.contains("stop_execution") {
            _ = try await engine.stopExecution(StopExecutionInput(executionArn: started.executionArn))
        }
        var script = (testCase.workerScript ?? []).filter { $0["event"]?.stringValue != "ActivityScheduled" }
        // Answer tasks as they come; when there are none, move the clock to the next timer.
        while true {
            await engine.idle()
            guard try await engine.describeExecution(DescribeExecutionInput(executionArn: started.executionArn)).status == .running else { break }
            if let (token, worker) = try await nextTask(engine, activityArns) {
                try await answer(engine, token: token, worker: worker, script: &script)
                continue
            }
            guard let deadline = await engine.nextTimerDeadline() else { throw RunnerError.stuck }
            clock.advance(to: max(deadline, clock.now()))
            await engine.fireDueTimers()
        }
        let result = try await engine.describeExecution(DescribeExecutionInput(executionArn: started.executionArn))
        let events = try await engine.recordedEvents(started.executionArn)
        return Outcome(
            status: result.status, output: try result.output.map { try JSONParser.parse($0) }, error: result.error,
            cause: result.cause, eventTypes: events.map(\.type.rawValue), previousEventIds: events.map(\.previousEventId))
    }

    enum RunnerError: Error, CustomStringConvertible {
        case stuck
        var description: String { "the execution neither progressed nor waited on a timer or task" }
    }

    /// A queued activity task, if any, taken without waiting.
    private func nextTask(_ engine: Engine, _ arns: [String]) async throws -> (String, String?)? {
        let worker = testCase.workerScript?.first { $0["event"]?.stringValue == "ActivityStarted" }?["activityStartedEventDetails"]?["workerName"]?.stringValue
        for arn in arns {
            let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: arn, workerName: worker), waitingAtMost: 0)
            if let token = task.taskToken { return (token, worker) }
        }
        return nil
    }

    /// Answers a task the way the recorded worker did (or leaves it to time out).
    private func answer(_ engine: Engine, token: String, worker: String?, script: inout [JSONValue]) async throws {
        while let step = script.first, step["event"]?.stringValue == "ActivityStarted" { script.removeFirst() }
        guard let step = script.first else { return }
        script.removeFirst()
        switch step["event"]?.stringValue {
        case "ActivitySucceeded":
            let output = step["output"].map { JSONSerializer.string($0) } ?? "{}"
            _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: output))
        case "ActivityFailed":
            let cause = step["cause"].map { value -> String in value.stringValue ?? JSONSerializer.string(value) }
            _ = try await engine.sendTaskFailure(SendTaskFailureInput(taskToken: token, error: step["error"]?.stringValue, cause: cause))
        default:
            break  // ActivityTimedOut: the worker never answers.
        }
    }

    static func activityArns(in value: JSONValue) -> [String] {
        var found: [String] = []
        func visit(_ value: JSONValue) {
            switch value {
            case .string(let s) where s.hasPrefix("arn:aws:states:") && s.contains(":activity:"): found.append(s)
            case .array(let items): items.forEach(visit)
            case .object(let object): object.values.forEach(visit)
            default: break
            }
        }
        visit(value)
        return Array(Set(found)).sorted()
    }
}
