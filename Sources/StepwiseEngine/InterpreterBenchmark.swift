import Foundation
import StepFunctions
import StepwiseJSON

/// The pure interpreter (`ExecutionRun`) on its own, for `stepwise-bench pass`: executions are
/// stepped the way the driver steps them, but with no actor, store, clock or timer queue in
/// between, so a figure measured through it is the cost of interpreting alone. It exists for
/// that benchmark; nothing in the engine uses it.
public struct InterpreterBenchmark: Sendable {
    /// What `run(executions:)` did.
    public struct Outcome: Sendable, Hashable {
        public var executions: Int
        /// States entered (`…StateEntered` events), over all executions.
        public var transitions: Int
        /// History events recorded, over all executions.
        public var historyEvents: Int
    }

    /// Why a machine cannot be benchmarked here.
    public struct Unsuitable: Error, CustomStringConvertible {
        public var description: String
    }

    /// States each execution enters (every execution records the same history: same input,
    /// seed and start time).
    public let transitionsPerExecution: Int
    private let graph: CompiledGraph
    private let info: ExecutionInfo

    /// Compiles `definition` (ASL JSON) as CreateStateMachine does and runs one execution to
    /// check that the machine suits: it must succeed within its first step (nothing that
    /// waits: no Task, Wait or timeout), since the benchmark measures interpreting, not a
    /// driver's timers or workers.
    public init(definition: String, input: String = "{}") throws {
        let (machine, graph) = try Engine.compile(definition)
        self.graph = graph
        info = ExecutionInfo(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:benchmark:e", name: "e",
            stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:benchmark", stateMachineName: "benchmark",
            roleArn: "arn:aws:iam::123456789012:role/benchmark", startTime: Date(timeIntervalSince1970: 1_700_000_000),
            input: try JSONParser.parse(input), timeoutSeconds: machine.timeoutSeconds, tokenKey: nil)
        let trial = try Self.execute(graph, info)
        transitionsPerExecution = trial.newEvents.count(where: { $0.type.rawValue.hasSuffix("StateEntered") })
    }

    /// Runs `executions` executions from start to end.
    public func run(executions: Int) throws(Unsuitable) -> Outcome {
        var historyEvents = 0
        for _ in 0..<executions {
            historyEvents += try Self.execute(graph, info).newEvents.count
        }
        return Outcome(executions: executions, transitions: transitionsPerExecution * executions, historyEvents: historyEvents)
    }

    private static func execute(_ graph: CompiledGraph, _ info: ExecutionInfo) throws(Unsuitable) -> ExecutionRun {
        let run = ExecutionRun(info: info, root: graph, seed: 1)
        _ = run.handle(.start, now: info.startTime, environment: NothingOutside())
        guard run.status == .succeeded else {
            let why = run.failure.map { "\($0.error): \($0.cause)" } ?? "it waits for something"
            throw Unsuitable(description: "an execution ended \(run.status.rawValue) in its first step (\(why)); the benchmark needs a machine that succeeds without waiting")
        }
        return run
    }
}

/// The benchmark's machines ask for no task.
private struct NothingOutside: RunEnvironment {
    func activityExists(_ arn: String) -> Bool { false }
    func canServe(_ resource: TaskResource, written: String, parameters: JSONValue) -> Bool { false }
    func isMocked(state: String) -> Bool { false }
}
