import ArgumentParser
import Foundation

let benchRoleArn = "arn:aws:iam::123456789012:role/stepwise-bench"

enum Scenario: String, CaseIterable, ExpressibleByArgument, Sendable {
    case chain, start, activity, map

    var title: String {
        switch self {
        case .chain: "10-state Pass chain, start + wait"
        case .start: "StartExecution alone (10-state chain, not awaited)"
        case .activity: "one-activity machine, start + wait, answered by workers"
        case .map: "inline Map over 100 items (Pass), start + wait"
        }
    }

    /// Starters wait for the end of what they start (DescribeExecution until it is not RUNNING).
    var waits: Bool { self != .start }

    /// The chain `Benchmarks/serve-bench.py` runs, so that the figures compare.
    static let chainDefinition: String = {
        var states: [String] = []
        for index in 0..<9 {
            states.append(#""Step\#(index)": {"Type": "Pass", "Result": {"step": \#(index)}, "ResultPath": "$.s\#(index)", "Next": "Step\#(index + 1)"}"#)
        }
        states.append(#""Step9": {"Type": "Pass", "End": true}"#)
        return #"{"StartAt": "Step0", "States": {\#(states.joined(separator: ", "))}}"#
    }()

    static func activityDefinition(_ activityArn: String) -> String {
        #"{"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\#(activityArn)", "End": true}}}"#
    }

    static let mapDefinition = #"""
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}, "End": true}}}
        """#
    static let mapInput = #"{"items": [\#((0..<100).map(String.init).joined(separator: ", "))]}"#

    var input: String { self == .map ? Self.mapInput : #"{"n": 1}"# }
}

/// A hostile neighbour: a JSONata Pass state that runs out of its evaluation budget (or into
/// JSONata's range limit), its Parallel caught and started over, for as long as the history
/// limit allows.
let burnerDefinition = #"""
    {"QueryLanguage": "JSONata", "StartAt": "Burn", "States": {"Burn": {"Type": "Parallel", "Branches": [
      {"StartAt": "Evaluate", "States": {"Evaluate": {"Type": "Pass", "End": true,
        "Output": "{% $count([1..10000000][$ % 7 = 0]) + $count([1..10000000][$ % 7 = 0]) + $count([1..10000000][$ % 7 = 0]) %}"}}}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Burn"}], "Next": "Again"},
      "Again": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "Burn"}], "Default": "Done"},
      "Done": {"Type": "Succeed"}}}
    """#

/// Starts `count` burners (`burnerDefinition`) that run through the whole benchmark. Their
/// StartExecution calls are not awaited: the embedded engine answers one when the execution's
/// first step has ended, and a burner's loop of states that never wait is one step until the
/// history limit ends it.
func startBurners(_ count: Int, tag: String, client: any BenchClient, on executor: EventLoopExecutor) async throws {
    let session = try await client.session(on: executor.eventLoop)
    let machineArn: String
    do {
        machineArn = try await session.createStateMachine(name: "bench-burn-\(tag)", definition: burnerDefinition)
    } catch {
        await session.close()
        throw error
    }
    await session.close()
    for index in 0..<count {
        Task {
            guard let burner = try? await client.session(on: executor.eventLoop) else { return }
            _ = try? await burner.startExecution(stateMachineArn: machineArn, name: "burn-\(tag)-\(index)", input: "{}")
            await burner.close()
        }
    }
}

/// One measurement: a scenario against one endpoint at one concurrency.
struct CellSettings: Sendable {
    var scenario: Scenario
    var concurrency: Int
    var activityWorkers: Int
    var warmup: Double
    var duration: Double
    /// An execution still running after this long is an error, not a sample.
    var executionTimeout: Double
    /// Makes names unique across runs against a server that keeps its data.
    var tag: String
}

struct CellResult: Sendable {
    /// Executions that ended inside the measured window (for `start`: were started).
    var executions = 0
    /// Start to observed end (for `start`: the StartExecution call), in nanoseconds, sorted.
    var latencies: [UInt64] = []
    /// Requests answered inside the window, by starters and activity workers.
    var requests = 0
    var seconds = 0.0
    /// CPU this process used inside the window (user + system).
    var clientCPUSeconds = 0.0
    /// For `start`: how long after the window the last executions took to end.
    var drainSeconds: Double?

    var executionsPerSecond: Double { Double(executions) / seconds }

    /// Nearest-rank percentile, in milliseconds.
    func latency(_ quantile: Double) -> Double? {
        guard !latencies.isEmpty else { return nil }
        let rank = min(latencies.count - 1, max(0, Int((quantile * Double(latencies.count)).rounded(.up)) - 1))
        return Double(latencies[rank]) / 1e6
    }

    var clientMicrosecondsPerRequest: Double? { requests == 0 ? nil : clientCPUSeconds * 1e6 / Double(requests) }
}

func uptimeNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time this process has used, user and system, in seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The measured window: warm-up before it, nothing started after it.
private struct Window: Sendable {
    let opens: UInt64
    let closes: UInt64
    func contains(_ time: UInt64) -> Bool { time >= opens && time <= closes }
}

private struct Tally: Sendable {
    var executions = 0
    var latencies: [UInt64] = []
    var requests = 0
    var drainedAt: UInt64?

    mutating func answered(in window: Window) {
        if window.contains(uptimeNanoseconds()) { requests += 1 }
    }
}

private enum Piece: Sendable {
    case starter(Tally)
    case worker(requests: Int)
    case cpu(Double)
}

/// Runs one cell: creates its machine (and activity), then `concurrency` starters loop over
/// the scenario for the warm-up and the window while activity workers, if any, answer tasks.
/// The first error ends the cell and is thrown.
func runCell(_ settings: CellSettings, client: any BenchClient, executors: [EventLoopExecutor]) async throws -> CellResult {
    let setup = try await client.session(on: executors[0].eventLoop)
    let name = "bench-\(settings.scenario.rawValue)-\(settings.tag)-c\(settings.concurrency)"
    let machineArn: String
    var activityArn: String?
    do {
        let definition: String
        switch settings.scenario {
        case .chain, .start: definition = Scenario.chainDefinition
        case .map: definition = Scenario.mapDefinition
        case .activity:
            let arn = try await setup.createActivity(name: name)
            activityArn = arn
            definition = Scenario.activityDefinition(arn)
        }
        machineArn = try await setup.createStateMachine(name: name, definition: definition)
        await setup.close()
    } catch {
        await setup.close()
        throw error
    }

    let begins = uptimeNanoseconds()
    let window = Window(opens: begins + UInt64(settings.warmup * 1e9), closes: begins + UInt64((settings.warmup + settings.duration) * 1e9))
    var result = CellResult(seconds: settings.duration)
    try await withThrowingTaskGroup(of: Piece.self) { group in
        group.addTask {
            // Not `try`: the cancellation that stops the workers once the starters are done may
            // come while this sleeps past the window's end; sampling then is as good.
            try? await Task.sleep(nanoseconds: window.opens - min(window.opens, uptimeNanoseconds()))
            let before = processCPUSeconds()
            try? await Task.sleep(nanoseconds: window.closes - min(window.closes, uptimeNanoseconds()))
            return .cpu(processCPUSeconds() - before)
        }
        if let activityArn {
            for index in 0..<settings.activityWorkers {
                let executor = executors[index % executors.count]
                group.addTask(executorPreference: executor) {
                    .worker(requests: try await answerTasks(activityArn, worker: index, client: client, on: executor, window: window))
                }
            }
        }
        for index in 0..<settings.concurrency {
            let executor = executors[index % executors.count]
            group.addTask(executorPreference: executor) {
                .starter(try await startExecutions(machineArn, starter: index, settings: settings, client: client, on: executor, window: window))
            }
        }
        var startersLeft = settings.concurrency
        var drainedAt: UInt64 = 0
        while let piece = try await group.next() {
            switch piece {
            case .starter(let tally):
                result.executions += tally.executions
                result.latencies += tally.latencies
                result.requests += tally.requests
                drainedAt = max(drainedAt, tally.drainedAt ?? 0)
                startersLeft -= 1
                // Workers long-poll until told to stop.
                if startersLeft == 0 { group.cancelAll() }
            case .worker(let requests): result.requests += requests
            case .cpu(let seconds): result.clientCPUSeconds = seconds
            }
        }
        if settings.scenario == .start { result.drainSeconds = Double(drainedAt - min(drainedAt, window.closes)) / 1e9 }
    }
    result.latencies.sort()
    return result
}

/// One starter: start an execution, wait for its end (unless the scenario is `start`), again,
/// until the window closes.
private func startExecutions(
    _ machineArn: String, starter: Int, settings: CellSettings, client: any BenchClient, on executor: EventLoopExecutor, window: Window
) async throws -> Tally {
    let session = try await client.session(on: executor.eventLoop)
    var tally = Tally()
    do {
        var serial = 0
        var last: String?
        while true {
            let begin = uptimeNanoseconds()
            if begin >= window.closes { break }
            serial += 1
            let arn = try await session.startExecution(
                stateMachineArn: machineArn, name: "\(settings.tag)-\(starter)-\(serial)", input: settings.scenario.input)
            tally.answered(in: window)
            if settings.scenario.waits {
                try await waitForEnd(arn, session: session, tally: &tally, window: window, timeout: settings.executionTimeout)
            }
            let end = uptimeNanoseconds()
            if window.contains(end) {
                tally.executions += 1
                tally.latencies.append(end - begin)
            }
            last = arn
        }
        // Executions started but not awaited would otherwise still be running in the next cell.
        if let last, !settings.scenario.waits {
            var uncounted = Tally()
            try await waitForEnd(last, session: session, tally: &uncounted, window: window, timeout: settings.executionTimeout)
            tally.drainedAt = uptimeNanoseconds()
        }
    } catch {
        await session.close()
        throw error
    }
    await session.close()
    return tally
}

/// DescribeExecution, again at once while it is RUNNING: the latency is then the time until
/// the end was observable, whatever the server's speed.
private func waitForEnd(_ executionArn: String, session: any BenchSession, tally: inout Tally, window: Window, timeout: Double) async throws {
    let deadline = uptimeNanoseconds() + UInt64(timeout * 1e9)
    while true {
        try Task.checkCancellation()
        let state = try await session.describeExecution(executionArn)
        tally.answered(in: window)
        if !state.isRunning {
            guard state.status == "SUCCEEDED" else {
                throw BenchError("execution \(executionArn) ended \(state.status): \(state.error ?? "") \(state.cause ?? "")")
            }
            return
        }
        if uptimeNanoseconds() > deadline { throw BenchError("execution \(executionArn) still RUNNING after \(timeout) s") }
    }
}

/// One activity worker: long-poll GetActivityTask and answer each task with its input, until
/// cancelled. Returns the requests answered inside the window.
private func answerTasks(_ activityArn: String, worker: Int, client: any BenchClient, on executor: EventLoopExecutor, window: Window) async throws -> Int {
    let session = try await client.session(on: executor.eventLoop)
    var tally = Tally()
    do {
        while !Task.isCancelled {
            let task: ActivityTask?
            do {
                task = try await session.getActivityTask(activityArn: activityArn, workerName: "stepwise-bench-\(worker)")
            } catch where Task.isCancelled {
                break
            }
            tally.answered(in: window)
            guard let task else { continue }
            try await session.sendTaskSuccess(taskToken: task.token, output: task.input)
            tally.answered(in: window)
        }
    } catch {
        await session.close()
        throw error
    }
    await session.close()
    return tally.requests
}
