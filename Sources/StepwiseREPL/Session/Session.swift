import Foundation
import Logging
import StepFunctions
import Stepwise
import StepwiseHandlerPackages
import Synchronization

/// The shell's state and commands: loaded machines and handler packages, the backend, the
/// runs of this session. Commands run one at a time (the loop waits for each); file changes
/// arrive concurrently from the watcher and are handled between the commands' suspension
/// points, so a rebuild can finish while a run waits for its execution.
public actor Session {
    let console: Console
    let options: ShellOptions
    public nonisolated let completion = CompletionSource()
    /// The handler packages; their Lambda function and integration handlers serve on the
    /// embedded engine the shell starts on.
    let handlers: HandlerPackageSet
    var stepwise: Stepwise
    var backendName: String
    /// Backends already made, so that switching back keeps their executions.
    var madeBackends: [String: Stepwise] = [:]
    var machines: [String: MachineEntry] = [:]
    /// Folders loaded with `:load`: new definition files appearing in them are loaded too.
    var folders: Set<String> = []
    var runs: [RunRecord] = []
    /// Runs still going, by number (those waiting for a callback go on in the background).
    var runTasks: [Int: Task<ExecutionResult, any Error>] = [:]
    /// Runs a command is following now (`:run`, `:succeed`, `:fail`): it shows their end.
    var followed: Set<Int> = []
    /// Runs whose end is announced when no command follows them.
    var watched: Set<Int> = []
    var watcher: DirectoryWatcher?
    private nonisolated let promptText = Mutex("stepwise> ")

    public init(console: Console, options: ShellOptions) {
        self.console = console
        self.options = options
        // The shell starts on the embedded engine (as the `local` option makes it, which may
        // forward integrations); `:backend` (or `--backend`) moves it.
        backendName = "local"
        let backend: Stepwise.Backend
        do {
            backend = try (options.backends.first { $0.name == "local" } ?? .local).make(nil)
        } catch {
            console.print("the local backend cannot be made (\(error)); starting on a plain embedded engine")
            backend = .local()
        }
        stepwise = Self.makeStepwise(backend, console: console)
        madeBackends[backendName] = stepwise
        let environment = HandlerEnvironment(
            hostExecutable: options.hostExecutable, memoryLimit: options.handlerMemoryLimit, callTimeout: options.handlerTimeout,
            scratchRoot: options.handlerBuildRoot, libraryDirectory: options.libraryDirectory
        ) { Self.show($0, on: console) }
        handlers = HandlerPackageSet(environment: environment, hosting: stepwise.backend.taskHandlers)
        completion.update { $0.backends = options.backends.map { $0.takesArgument ? $0.name + "=" : $0.name } }
    }

    static func makeStepwise(_ backend: Stepwise.Backend, console: Console) -> Stepwise {
        Stepwise(backend: backend, logger: Logger(label: "stepwise-repl") { _ in ConsoleLogHandler(console: console) })
    }

    /// Builds in progress on a line rewritten in place (on a terminal), host output as notices.
    static func show(_ report: HandlerPackageReport, on console: Console) {
        switch report {
        case .buildStarted(let package): console.notice(console.style.dim("building \(package) …"))
        case .buildStep(let package, let step): console.progress(console.style.dim("building \(package) \(step)"))
        case .buildFinished: console.clearProgress()
        case .hostOutput(let package, let line): console.notice(console.style.dim("[\(package)] ") + line)
        }
    }

    /// The prompt for the next line (names the backend when it is not the local engine).
    public nonisolated var prompt: String { promptText.withLock { $0 } }

    /// Runs one command line; errors are printed, never thrown.
    public func execute(_ line: String) async -> CommandResult {
        let command: ShellCommand
        do {
            command = try ShellCommand.parse(line)
        } catch {
            return fail(error.message)
        }
        do {
            switch command {
            case .nothing: return .succeeded
            case .quit: return .quit
            case .load(let path): return try await load(path)
            case .run(let machine, let input): return try await run(machine, inputText: input)
            case .history(let execution): return try await history(execution)
            case .redrive(let run): return try await redrive(run)
            case .executions: return executions()
            case .show(let machine, let format): return try await show(machine, format: format)
            case .testState(let machine, let state, let input, let mock):
                return try await testState(machine, state: state, inputText: input, mockText: mock)
            case .machines: return listMachines()
            case .workers: return await listWorkers()
            case .tasks: return await listTasks()
            case .answer(let token, let answer): return try await self.answer(token, answer)
            case .backend(let name): return switchBackend(name)
            case .validate(let machine): return await validate(machine)
            case .jsonata(let expression, let input): return try evaluateJSONata(expression, inputText: input)
            case .help(let command): return help(command)
            }
        } catch let error as InputError {
            return fail(error.message)
        } catch let error as StepFunctionsError {
            return fail("\(error.code.rawValue): \(error.message)")
        } catch is CancellationError {
            return fail("cancelled")
        } catch {
            return fail("\(error)")
        }
    }

    /// Prints an error line and reports failure.
    func fail(_ message: String) -> CommandResult {
        console.print(console.style.red("error: ") + message)
        return .failed
    }

    func say(_ lines: [String]) {
        for line in lines { console.print(line) }
    }

    func setPrompt() {
        let text = backendName == "local" ? "stepwise> " : "stepwise[\(backendName)]> "
        promptText.withLock { $0 = text }
    }

    /// The machine called `name`, or an error listing the loaded ones.
    func machine(_ name: String) throws(InputError) -> MachineEntry {
        if let entry = machines[name] { return entry }
        let known = machines.keys.sorted()
        throw InputError(
            known.isEmpty
                ? "no machine named \(name): nothing is loaded yet (:load examples/adder)"
                : "no machine named \(name); loaded: \(known.joined(separator: ", "))")
    }

    /// Keeps completion in step with the machines and runs.
    func refreshCompletion() {
        let names = machines.mapValues(\.stateNames)
        let executions = runs.flatMap { ["\($0.number)", $0.executionName] }
        completion.update {
            $0.machines = names
            $0.executions = executions
        }
    }

    /// A path as typed (`~`, relative to the working directory) made absolute.
    static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        return (full as NSString).standardizingPath
    }

    /// A path for display: relative to the working directory when under it.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    /// Stops handler hosts and removes this shell's library copies.
    public func shutdown() async {
        await handlers.shutdown()
        try? FileManager.default.removeItem(atPath: options.libraryDirectory)
    }
}

/// Library log messages (warnings and worse) as dim notices.
struct ConsoleLogHandler: LogHandler {
    let console: Console
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let details = (metadata.merging(event.metadata ?? [:]) { $1 }).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        console.notice(console.style.dim("[\(event.level)] \(event.message)" + (details.isEmpty ? "" : " " + details.joined(separator: " "))))
    }
}
