import Foundation
import StepFunctions
import Stepwise
import StepwiseJSON

/// A state machine created on a backend, run and observed one execution at a time: how
/// `stepwise run` and `stepwise test` run a definition.
public struct MachineUnderTest: Sendable {
    public let stepwise: Stepwise
    public let name: String
    /// Whether the backend's engine keeps virtual time (see `run`).
    let virtualTime: Bool

    /// Far enough for the watchdog: AWS ends a standard execution after a year.
    static let watchdogSeconds = 366 * 24 * 3600
    static let watchdogName = "stepwise-watchdog"

    /// Creates (or updates) the machine `name` on `stepwise`'s backend. With `virtualTime`
    /// the backend must be an embedded engine on a `VirtualClock`.
    public static func create(_ definition: Definition, name: String, on stepwise: Stepwise, virtualTime: Bool) async throws -> MachineUnderTest {
        try await stepwise.ensureStateMachine(name, definition: definition)
        if virtualTime {
            let watchdog = #"{"StartAt":"Watch","States":{"Watch":{"Type":"Wait","Seconds":\#(watchdogSeconds),"End":true}}}"#
            try await stepwise.ensureStateMachine(watchdogName, definition: try .json(watchdog))
        }
        return MachineUnderTest(stepwise: stepwise, name: name, virtualTime: virtualTime)
    }

    /// Runs one execution to its end and observes it; with `testCase`, that test case of the
    /// backend's mock configuration answers its tasks.
    ///
    /// In virtual time an execution that waits for what never comes (a task that nothing mocks
    /// or serves, with no timeout) would never end, and nothing moves the clock past it. So a
    /// watchdog execution waits, on the same engine, longer than AWS lets any execution run:
    /// time reaches it only when nothing else is left to happen, and then this throws
    /// `ExecutionNeverEnds`. `watching` runs beside the execution and is cancelled when it ends.
    public func run(
        input: JSONValue, testCase: String? = nil, watching: (@Sendable (_ executionArn: String) async -> Void)? = nil
    ) async throws -> Observation {
        let arn = try await stepwise.startExecution(name, input: input, testCase: testCase)
        let watcher = watching.map { watch in Task { await watch(arn) } }
        defer { watcher?.cancel() }
        if virtualTime {
            let watchdog = try await stepwise.startExecution(Self.watchdogName)
            let first = try await withThrowingTaskGroup(of: String.self) { race in
                for execution in [arn, watchdog] {
                    race.addTask { try await stepwise.waitForExecution(execution).executionArn }
                }
                defer { race.cancelAll() }
                return try await race.next()
            }
            if first == arn { _ = try await stepwise.backend.api.stopExecution(StopExecutionInput(executionArn: watchdog)) }
        } else {
            _ = try await stepwise.waitForExecution(arn)
        }
        let description = try await stepwise.backend.api.describeExecution(DescribeExecutionInput(executionArn: arn))
        let observation = Observation(description, history: try await stepwise.history(arn))
        if observation.status == .running { throw ExecutionNeverEnds(observation: observation) }
        return observation
    }
}

/// An execution still running when virtual time has run out: it waits for what never comes.
public struct ExecutionNeverEnds: Error, Sendable, CustomStringConvertible {
    public var observation: Observation

    public var description: String {
        let waiting = observation.waitingIn.isEmpty ? "" : ", waiting in \(observation.waitingIn.joined(separator: ", "))"
        return "the execution is still running after a year of virtual time (longer than AWS lets one run)\(waiting): "
            + "a task that no mock answers and nothing serves waits for ever unless it has a timeout; mock it"
    }
}
