import ArgumentParser
import Foundation
import StepwiseEngine
import StepwiseTesting

/// `--mock-config` and `--virtual-time`: how the embedded engine answers tasks and keeps time
/// (`run` and `serve`).
struct MockOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "AWS's mock configuration (Step Functions Local's MockConfigFile.json) whose test cases answer tasks on the embedded engine "
                + "(run --test-case CASE; serve: StartExecution on <machine ARN>#CASE); by default the file \(MockFile.environmentVariable) names.",
            valueName: "FILE"))
    var mockConfig: String?

    @Flag(name: .long, help: "Virtual time on the embedded engine: waits, retry intervals and timeouts pass at once, history timestamps in virtual time.")
    var virtualTime = false

    /// The file given, else the one SFN_MOCK_CONFIG names (as Step Functions Local and LocalStack read it).
    var mockFile: String? {
        mockConfig ?? ProcessInfo.processInfo.environment[MockFile.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads the mock file, if there is one; its problems are printed one per line
    /// (`file:line:column: /pointer: message`) and end the command.
    func loadMocks() throws -> MockFile? {
        guard let path = mockFile else { return nil }
        do {
            return try MockFile.load(path)
        } catch {
            printProblems(error)
            throw ExitCode(1)
        }
    }

    var clock: any EngineClock { virtualTime ? VirtualClock() : SystemClock() }
}

func printProblems(_ problems: FileProblems) {
    for problem in problems.problems { printError(problem.description) }
}
