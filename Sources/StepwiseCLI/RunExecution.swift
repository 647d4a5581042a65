import ArgumentParser
import Foundation
import StepFunctions
import Stepwise
import StepwiseEngine
import StepwiseJSON
import StepwiseTesting

/// `stepwise run`'s mocks: a test case of a mock file answering the run's tasks, and virtual time.
struct RunMockOptions: ParsableArguments {
    @OptionGroup var engine: MockOptions

    @Option(
        help: ArgumentHelp(
            "The state machine's name, which the mock file knows it by (default: the definition file's name without its extension).", valueName: "NAME"))
    var stateMachineName: String?

    @Option(
        help: ArgumentHelp(
            "Run the mock file's test case CASE: its mocked responses answer the tasks it names "
                + "(on --backend endpoint=URL, the server's: StartExecution on <machine ARN>#CASE, as Step Functions Local takes it).",
            valueName: "CASE"))
    var testCase: String?
}

extension Run {
    /// Runs the definition once where `--backend` says and reports how it went. The exit
    /// status is 0 whenever the execution ran, whatever its status.
    func execute(_ definition: Definition, input: JSONValue) async throws {
        let name = mocking.stateMachineName ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let local = backend == "local"
        let stepwise: Stepwise
        // The states whose tasks mocks answer; nil when a server's own mock file answers them.
        var mocked: Set<String>? = []
        if local {
            let mocks = try mocking.engine.loadMocks()
            if let testCase = mocking.testCase {
                guard let mocks else {
                    throw ValidationError(
                        "--test-case \(testCase) names a test case of a mock file: give one with --mock-config or \(MockFile.environmentVariable)")
                }
                let selection = MockConfiguration.Selection(stateMachine: name, testCase: testCase)
                do {
                    try mocks.check(selection, against: definition.loaded.machine)
                } catch {
                    printProblems(error)
                    throw ExitCode(1)
                }
                mocked = Set((mocks.configuration.stateMachines[name]?[testCase] ?? [:]).keys)
            }
            let configuration = try forwarding.configuring(Engine.Configuration(mocks: mocks?.configuration))
            stepwise = Stepwise(backend: .local(Engine(configuration: configuration, clock: mocking.engine.clock)))
        } else {
            guard mocking.engine.mockConfig == nil, !mocking.engine.virtualTime else {
                throw ValidationError(
                    "--mock-config and --virtual-time apply to the embedded engine (--backend local); a server reads its own (stepwise serve --mock-config)")
            }
            do {
                stepwise = Stepwise(backend: try forwarding.backend(named: backend))
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            if mocking.testCase != nil { mocked = nil }
        }
        // In virtual time a task nobody takes times out at once, or the run is reported as never ending.
        if let mocked, handlers.handlers == nil, !(local && mocking.engine.virtualTime) {
            let unserved = definition.unmockedActivityStates(mocked: mocked)
            if !unserved.isEmpty {
                printError(
                    "\(file): nothing takes the tasks of \(unserved.joined(separator: ", ")). "
                        + "Serve them with --handlers DIR (a handler package), mock them (--mock-config, --test-case), run with --virtual-time if they have timeouts (which then pass at once), "
                        + "run it in stepwise-repl with a handler package, or from Swift with Stepwise.startWorkers.")
                throw ExitCode(1)
            }
        }
        do {
            let machine = try await MachineUnderTest.create(definition, name: name, on: stepwise, virtualTime: local && mocking.engine.virtualTime)
            let observation = try await handlers.serving(definition, on: stepwise) {
                try await machine.run(input: input, testCase: mocking.testCase) { executionArn in
                    await RunHandlerOptions.announceCallbacks(of: executionArn, on: stepwise)
                }
            }
            report(observation)
        } catch let error as StepFunctionsError {
            printError("\(error.code.rawValue): \(error.message)")
            throw ExitCode(1)
        } catch let error as ExecutionNeverEnds {
            if json { print(JSONSerializer.string(error.observation.summary)) }
            printError("\(file): \(error)")
            throw ExitCode(1)
        }
    }

    func report(_ observation: Observation) {
        if json {
            print(JSONSerializer.string(observation.summary))
            return
        }
        print("status: \(observation.status.rawValue)")
        if let output = observation.output { print("output: \(JSONSerializer.string(output, pretty: true))") }
        if let error = observation.error { print("error:  \(error)") }
        if let cause = observation.cause { print("cause:  \(cause)") }
        print("path:   \(observation.path.joined(separator: " → "))")
    }
}
