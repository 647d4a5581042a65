import ArgumentParser
import Foundation
import Glibc
import Stepwise
import StepwiseAWS
import StepwiseHandlerPackages
import StepwiseREPL

/// The backends `:backend` offers; the embedded engine forwards integrations as `integrations`
/// (an `--integrations` value) says.
func backends(integrations: String?) throws -> [BackendOption] {
    var local = BackendOption.local
    if let integrations {
        let backend = try Stepwise.Backend.local(integrations: integrations)
        local = BackendOption(
            name: "local", summary: "the embedded engine, forwarding integrations to \(integrations)", make: { _ in backend },
            inVirtualTime: { try .local(integrations: integrations, virtualTime: true) })
    }
    return [
        local,
        BackendOption(name: "aws", summary: "AWS Step Functions (region and credentials as the AWS CLI finds them)") { _ in
            try Stepwise.Backend.named("aws")
        },
        BackendOption(name: "endpoint", summary: "a Step Functions endpoint, e.g. a stepwise serve", takesArgument: true) { url in
            try Stepwise.Backend.named("endpoint=\(url ?? "")")
        },
    ]
}

@main
struct StepwiseREPLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise-repl",
        abstract: "The Stepwise development shell: load workflows and handlers, run them, edit, run again.",
        discussion: """
            On a terminal it is an interactive shell (line editing, history, Tab completion). With \
            stdin from a pipe or file it runs the commands it reads, without a prompt. With --eval it \
            runs the given commands and exits. The exit status is 1 if a command failed (an error, an \
            invalid definition, a failed build, or a run that did not succeed) when not interactive.

            EXAMPLES:
              stepwise-repl --new ~/flows/hello     create a project folder and open it
              stepwise-repl ~/flows/hello           then :run hello {:name "Ada"}
              stepwise-repl examples/adder --eval ':run adder x 41 y 1'
              echo ':run adder {:x 41 :y 1}' | stepwise-repl examples/adder
            """,
        version: Stepwise.version)

    @Argument(help: "Folders (definitions + handler package) or definition files to load and watch.", completion: .file())
    var paths: [String] = []

    @Option(
        name: .customLong("new"),
        help: ArgumentHelp(
            "Create a project folder (a definition, its Swift handler package, a README, a .gitignore), then open it. DIR must be new or empty.",
            valueName: "dir"), completion: .directory)
    var newProject: String?

    @Option(name: .long, help: ArgumentHelp("Run this command, then exit (repeatable).", valueName: "command"))
    var eval: [String] = []

    @Option(name: .long, help: ArgumentHelp("The line history file (default $STEPWISE_HISTORY, else ~/.stepwise_history).", valueName: "path"))
    var historyFile: String?

    @OptionGroup(title: "Handler packages")
    var handlerPackages: HandlerPackageOptions

    @Flag(name: .long, help: "No colours, even on a terminal.")
    var noColor = false

    @Option(name: .long, help: ArgumentHelp("Where machines run: local (default), aws, or endpoint=URL.", valueName: "backend"))
    var backend: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Forward the Task integrations no handler serves from the local engine: endpoint=URL (moto, LocalStack), aws (the AWS "
                + "configuration), and SERVICE=URL overrides, comma-separated.",
            valueName: "endpoint=URL|aws|SERVICE=URL,…"))
    var integrations: String?

    @Flag(name: .long, help: "Start in virtual time (:time virtual): on the embedded engine waits, retry intervals and timeouts pass at once.")
    var virtualTime = false

    func validate() throws {
        if let integrations {
            do {
                _ = try IntegrationEndpoints.parse(integrations)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        // Start from a clean signal mask: a parent may have blocked signals (libdispatch's
        // main thread does), and the shell needs SIGINT for Ctrl-C.
        var everything = sigset_t()
        sigfillset(&everything)
        sigprocmask(SIG_UNBLOCK, &everything, nil)
        // A handler host that dies must not take the shell with it when the shell writes to it.
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        let terminalOutput = isatty(STDOUT_FILENO) == 1
        let console = Console(isTTY: terminalOutput, style: .forTerminal(isTTY: terminalOutput && !noColor, environment: environment))
        let interrupts = Interrupts()
        let options = ShellOptions(
            hostExecutable: HandlerEnvironment.defaultHostExecutable(environment: environment),
            handlerABI: HandlerEnvironment.defaultHandlerABI(environment: environment),
            handlerBuildRoot: handlerPackages.buildRoot(environment: environment),
            backends: try backends(integrations: integrations), virtualTime: virtualTime, handlerTimeout: handlerPackages.handlerTimeout,
            handlerMemoryLimit: handlerPackages.handlerMemoryLimit)
        let created = try createdProject(handlerABI: options.handlerABI)
        let session = Session(console: console, options: options)
        let loop = ShellLoop(session: session, console: console, interrupts: interrupts)

        let loads = (backend.map { [":backend \($0)"] } ?? []) + (created + paths).map { ":load \"\($0)\"" }
        var status: Int32
        if !eval.isEmpty {
            status = loop.runCommands(loads + eval)
        } else if isatty(STDIN_FILENO) == 1 {
            _ = loop.runCommands(loads)
            let history = historyFile ?? environment["STEPWISE_HISTORY"] ?? (NSHomeDirectory() as NSString).appendingPathComponent(".stepwise_history")
            let completer = Completer(source: { session.completion.index })
            let editor = LineEditor(console: console, interrupts: interrupts, historyFile: history) { before, word in
                completer.complete(before: before, word: word)
            }
            status = loop.runInteractive(editor: editor)
        } else {
            let loaded = loop.runCommands(loads)
            status = max(loaded, loop.runPiped())
        }
        loop.finish()
        throw ExitCode(status)
    }

    /// The folder `--new` created, to load first; none without `--new`.
    private func createdProject(handlerABI: String?) throws -> [String] {
        guard let newProject else { return [] }
        do {
            let scaffold = try ProjectScaffold(directory: newProject, handlerABI: handlerABI)
            let files = try scaffold.create()
            print("created \(scaffold.directory): \(files.joined(separator: ", ")) — try \(scaffold.firstRun)")
            return [scaffold.directory]
        } catch {
            FileHandle.standardError.write(Data("stepwise-repl: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
