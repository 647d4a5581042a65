import ArgumentParser
import Foundation
import StepwiseEngine

/// The pure interpreter on a long chain of Pass states: transitions per second on this host,
/// and instructions per transition counted by valgrind's callgrind, a figure that does not
/// depend on the host's speed or load and so compares hosts and commits.
struct PassBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pass",
        abstract: "Transitions/s of the engine's pure interpreter on a long Pass chain, and instructions per transition under callgrind.",
        discussion: """
            Executions run through InterpreterBenchmark: ExecutionRun stepped as the engine's driver \
            steps it, without the actor, store or clock around it. A transition is a state entered \
            (each records two history events). Instructions per transition is the difference between \
            two callgrind runs of a fixed workload, one with --callgrind-executions more executions \
            than the other, divided by the extra transitions: start-up and compiling the definition \
            cancel out.
            """)

    @Option(help: "States in the chain.")
    var states = 1_000

    @Option(help: "Executions per timed repetition.")
    var executions = 1_000

    @Option(help: "Timed repetitions (they show the host's noise).")
    var repetitions = 3

    @Option(help: "Extra executions in the second callgrind run; 0 skips callgrind.")
    var callgrindExecutions = 20

    /// Set when this process is the workload valgrind runs: this many executions.
    @Option(help: .hidden)
    var callgrindChild: Int?

    static let input = #"{"order": {"id": 42, "items": ["a", "b"]}}"#
    static let childFlag = "--callgrind-child"

    func validate() throws {
        guard states >= 1, states <= 10_000 else { throw ValidationError("--states must be 1…10000 (an execution may record at most 25,000 history events)") }
        guard executions >= 1, repetitions >= 1, callgrindExecutions >= 0 else {
            throw ValidationError("--executions and --repetitions must be at least 1, --callgrind-executions at least 0")
        }
    }

    func run() throws {
        let benchmark = try InterpreterBenchmark(definition: passChain(states), input: Self.input)
        if let extra = callgrindChild {
            // The trial execution `InterpreterBenchmark.init` makes has paid for what happens
            // once per process (lazy globals, first allocations): both callgrind runs make it.
            _ = try benchmark.run(executions: extra)
            return
        }
        _ = try benchmark.run(executions: max(1, executions / 10))
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = try benchmark.run(executions: executions)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(
                "interpreter, \(states)-state Pass chain: \(grouped(Double(outcome.transitions) / elapsed)) transitions/s, "
                    + "\(grouped(Double(executions) / elapsed)) executions/s (\(executions) executions, \(outcome.historyEvents) history events)")
        }
        if callgrindExecutions > 0 {
            try countInstructions(perExecution: benchmark.transitionsPerExecution)
        }
        print("load average: \(loadAverage())")
    }

    private func countInstructions(perExecution transitions: Int) throws {
        guard let executable = Bundle.main.executablePath else { throw ValidationError("cannot tell where this executable is") }
        // valgrind 3.19 gives up reading this binary's debug information ("possibly corrupted";
        // it mixes DWARF 4 and 5 sections). Counting instructions needs none: callgrind runs a
        // copy without it.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-callgrind-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try runTool(["objcopy", "--strip-debug", executable, copy], environment: [:], purpose: "copy this executable without debug information (binutils' objcopy)")
        let base = try callgrindInstructions(copy, extra: 0)
        let more = try callgrindInstructions(copy, extra: callgrindExecutions)
        let extraTransitions = callgrindExecutions * transitions
        let perTransition = Double(more - base) / Double(extraTransitions)
        print(
            "interpreter, \(states)-state Pass chain under callgrind: \(String(format: "%.0f", perTransition)) instructions per transition "
                + "(\(grouped(Double(more - base))) instructions for \(grouped(Double(extraTransitions))) extra transitions)")
    }

    /// Instructions callgrind counts in a whole run of `executable` as the workload child.
    private func callgrindInstructions(_ executable: String, extra: Int) throws -> Int {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bench-callgrind-\(ProcessInfo.processInfo.processIdentifier)-\(extra).out")
        defer { try? FileManager.default.removeItem(at: output) }
        try runTool(
            [
                "valgrind", "--tool=callgrind", "--callgrind-out-file=\(output.path)",
                executable, Self.configuration.commandName!, "--states", "\(states)", Self.childFlag, "\(extra)",
            ],
            // Swift seeds its hashing per process; a fixed seed makes the count the same on every run.
            environment: ["SWIFT_DETERMINISTIC_HASHING": "1"],
            purpose: "run valgrind --tool=callgrind (install valgrind, or pass --callgrind-executions 0)")
        let profile = try String(contentsOf: output, encoding: .utf8)
        guard let line = profile.split(separator: "\n").first(where: { $0.hasPrefix("totals:") }),
            let total = line.split(separator: " ").last.flatMap({ Int($0) })
        else { throw ValidationError("no 'totals:' line in the callgrind profile \(output.path)") }
        return total
    }

    /// Runs a program found on PATH, with `environment` added to this process's; its standard
    /// output is dropped, the end of its standard error is reported if it fails.
    private func runTool(_ arguments: [String], environment: [String: String], purpose: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = Pipe()
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ValidationError("cannot \(purpose): \(error.localizedDescription)")
        }
        let messages = log.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let tail = String(decoding: messages, as: UTF8.self).split(separator: "\n").suffix(5).joined(separator: "\n")
            throw ValidationError("cannot \(purpose): \(arguments[0]) exited with status \(process.terminationStatus):\n\(tail)")
        }
    }
}
