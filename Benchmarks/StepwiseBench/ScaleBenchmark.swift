import ArgumentParser
import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseSQLite
import Synchronization

/// Many finished executions in one SQLite data directory: fills it with real executions run
/// through the engine (many at once, so their steps share commits), then, at each size, opens
/// it as `stepwise serve` does (a new engine that recovers) and times the reads that must not
/// grow with it. The figures in BENCHMARKS.md under "Scale" come from here.
struct ScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "ListExecutions, DescribeExecution and GetExecutionHistory over 10k, 100k and 1M finished executions in SQLite.")

    @Option(help: ArgumentHelp("The sizes to measure at, ascending, comma-separated.", valueName: "n,n,…"))
    var sizes = "10000,100000,1000000"

    @Option(help: "The data directory (emptied first).")
    var directory = ".build/bench-scale"

    @Option(help: "Calls timed per figure.")
    var samples = 2000

    @Option(help: "Executions run at once while filling.")
    var concurrency = 64

    /// One execution in ten fails, so that a status filter selects a tenth of them.
    static let succeeding = #"{"StartAt":"Load","States":{"Load":{"Type":"Pass","Parameters":{"order.$":"$.order","total":42},"Next":"Done"},"Done":{"Type":"Pass","End":true}}}"#
    static let failing = #"{"StartAt":"Check","States":{"Check":{"Type":"Pass","Next":"Reject"},"Reject":{"Type":"Fail","Error":"Rejected","Cause":"over the limit"}}}"#

    func parsedSizes() throws -> [Int] {
        let parsed = sizes.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
        guard !parsed.isEmpty, parsed.count == sizes.split(separator: ",").count, parsed == parsed.sorted(), parsed.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--sizes takes ascending positive counts, e.g. 10000,100000,1000000")
        }
        return parsed
    }

    func validate() throws {
        _ = try parsedSizes()
        guard samples > 0, concurrency > 0 else { throw ValidationError("--samples and --concurrency must be positive") }
    }

    func run() async throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try? FileManager.default.removeItem(at: url)
        print("| executions | fill (executions/s) | database | recover | ListExecutions first page | deep page | FAILED filter | DescribeExecution | GetExecutionHistory | reversed |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        var filled = 0
        for size in try parsedSizes() {
            let fillSeconds = try await fill(url, from: filled, to: size)
            let fillRate = Double(size - filled) / fillSeconds
            filled = size
            let measured = try await measure(url, size: size)
            let bytes = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).reduce(0) { total, file in
                total + (((try? FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(file).path))?[.size] as? Int) ?? 0)
            }
            print(
                "| \(grouped(Double(size))) | \(grouped(fillRate)) | \(bytes / 1_000_000) MB | \(String(format: "%.0f ms", measured.recover * 1000)) | "
                    + measured.figures.map { "\(milliseconds($0.p50)) / \(milliseconds($0.p99))" }.joined(separator: " | ") + " |")
        }
        print("\nCells are p50 / p99 in ms over \(samples) calls through the engine's API (release build, load average \(loadAverage())).")
    }

    func milliseconds(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }

    static func machineArns(_ engine: Engine) async throws -> (succeeding: String, failing: String) {
        let existing = try await engine.listStateMachines(ListStateMachinesInput()).stateMachines
        func arn(_ name: String, _ definition: String) async throws -> String {
            if let found = existing.first(where: { $0.name == name }) { return found.stateMachineArn }
            return try await engine.createStateMachine(CreateStateMachineInput(name: name, definition: definition, roleArn: role)).stateMachineArn
        }
        return (try await arn("orders", succeeding), try await arn("rejects", failing))
    }

    /// Runs executions `from..<to` (named e<n>) to their end, `concurrency` at a time.
    func fill(_ url: URL, from: Int, to: Int) async throws -> Double {
        let engine = Engine(store: try SQLiteEngineStore(directory: url))
        try await engine.recover()
        let machines = try await Self.machineArns(engine)
        let next = Counter(from)
        let lanes = concurrency
        return try await seconds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<lanes {
                    group.addTask {
                        while let n = next.take(below: to) {
                            let machine = n % 10 == 9 ? machines.failing : machines.succeeding
                            _ = try await engine.startExecution(
                                StartExecutionInput(stateMachineArn: machine, name: "e\(n)", input: #"{"order":{"id":\#(n),"items":["a","b"]}}"#))
                            if n % 50_000 == 0 { progress("filled \(grouped(Double(n)))") }
                        }
                    }
                }
                try await group.waitForAll()
            }
            await engine.idle()
        }
    }

    struct Measured {
        var recover: Double
        var figures: [(p50: Double, p99: Double)]
    }

    /// Opens the directory afresh (nothing cached) and times each call `samples` times.
    func measure(_ url: URL, size: Int) async throws -> Measured {
        let engine = Engine(store: try SQLiteEngineStore(directory: url))
        let recover = try await seconds { try await engine.recover() }
        let machines = try await Self.machineArns(engine)
        // The token of the page halfway down the machine's listing, reached page by page.
        var deepToken: String?
        var depth = 0
        repeat {
            let page = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: machines.succeeding, maxResults: 1000, nextToken: deepToken))
            deepToken = page.nextToken
            depth += page.executions.count
        } while depth < size / 2 && deepToken != nil
        // Executions picked at random, one per call (a fresh engine has none of them cached).
        let arns = (0..<samples).map { _ in
            let n = Int.random(in: 0..<size)
            let machine = n % 10 == 9 ? machines.failing : machines.succeeding
            return machine.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":e\(n)"
        }
        let figures = [
            try await timed { _ in _ = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: machines.succeeding)) },
            try await timed { _ in
                _ = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: machines.succeeding, nextToken: deepToken))
            },
            try await timed { _ in _ = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: machines.failing, statusFilter: .failed)) },
            try await timed { _ = try await engine.describeExecution(DescribeExecutionInput(executionArn: arns[$0])) },
            try await timed { _ = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: arns[$0])) },
            try await timed { _ = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: arns[$0], maxResults: 2, reverseOrder: true)) },
        ]
        return Measured(recover: recover, figures: figures)
    }

    /// p50 and p99 of `samples` calls, in seconds; the call is told its number.
    func timed(_ call: (Int) async throws -> Void) async throws -> (p50: Double, p99: Double) {
        var timings: [Double] = []
        timings.reserveCapacity(samples)
        for index in 0..<samples { timings.append(try await seconds { try await call(index) }) }
        timings.sort()
        return (timings[timings.count / 2], timings[min(timings.count - 1, timings.count * 99 / 100)])
    }
}

/// Hands out numbers to the tasks filling the directory.
final class Counter: Sendable {
    private let next: Mutex<Int>

    init(_ start: Int) { next = Mutex(start) }

    /// The next number, or nil once `limit` is reached.
    func take(below limit: Int) -> Int? {
        next.withLock { next in
            guard next < limit else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
