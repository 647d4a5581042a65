import ArgumentParser
import Foundation

/// Figures for BENCHMARKS.md; `swift run -c release stepwise-bench help` lists them.
struct StepwiseBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise-bench",
        abstract: "Benchmarks of Stepwise: the embedded engine, its interpreter, any Step Functions endpoint under load, and a million stored executions.",
        subcommands: [EngineBenchmarks.self, PassBenchmark.self, ServeBenchmark.self, ScaleBenchmark.self])
}

/// Synchronous, unlike an async `@main`, so that the workload valgrind runs for `pass`
/// (`pass … --callgrind-child N`) never starts the concurrency runtime's main loop: there
/// libdispatch parks the main thread in sigsuspend with a read-only signal mask, which
/// valgrind 3.19 writes to and dies.
@main
enum Entry {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == PassBenchmark.configuration.commandName, arguments.contains(PassBenchmark.childFlag) {
            PassBenchmark.main(Array(arguments.dropFirst()))
            return
        }
        Task {
            await StepwiseBench.main()
            exit(0)
        }
        dispatchMain()
    }
}
