import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseAWS
import StepwiseHandlerPackages
import StepwiseJSON

@main
struct StepwiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Validate, render and run AWS Step Functions state machines (EDN, JSON or YAML).",
        discussion: """
            EXAMPLES:
              stepwise init ~/flows/hello           a project: definition, Swift handlers
              stepwise validate statemachine/*.asl.json
              stepwise run hello.edn --handlers Handlers --input '{"name": "Ada"}'
              stepwise serve --in-memory            for boto3 and the AWS CLI (port 8083)
              stepwise test examples                every *.test.{json,yaml,edn}, mocked

            `stepwise help SUBCOMMAND` shows a subcommand's options and examples; stepwise-repl is the \
            development shell.
            """,
        version: Stepwise.version,
        subcommands: [Init.self, Validate.self, Render.self, Run.self, Serve.self, TestCommand.self])
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a project folder: a definition, the Swift handler package behind it, a README and a .gitignore.",
        discussion: """
            The handler package builds against the StepwiseHandlerABI installed with this stepwise, so the \
            folder works wherever it is. DIR must be new or empty.

            EXAMPLES:
              stepwise init ~/flows/hello
              stepwise-repl ~/flows/hello           then :run hello {:name "Ada"}
              stepwise run hello.edn --handlers Handlers --input '{"name": "Ada"}'
            """)

    @Argument(help: "The folder to create (new or empty).", completion: .directory)
    var directory: String

    func run() throws {
        do {
            let scaffold = try ProjectScaffold(directory: directory, handlerABI: HandlerEnvironment.defaultHandlerABI())
            let files = try scaffold.create()
            print("created \(scaffold.directory): \(files.joined(separator: ", "))")
            print("next: stepwise-repl \(directory), then \(scaffold.firstRun)")
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check definitions; print one diagnostic per line.",
        discussion: """
            Errors are what AWS would refuse; warnings (`warning:` after the location) are what it accepts \
            but deserves a look. The exit status is 1 when there is an error, 0 otherwise. A definition may \
            be a template: ${NAME} placeholders are accepted wherever a deploy tool fills in a value, with a \
            warning listing those given no value here.

            EXAMPLES:
              stepwise validate flows/*.edn
              stepwise validate order.asl.json --substitutions template.yaml --strict
            """)

    @Argument(help: "Definition files (.edn, .json, .yaml, .yml).", completion: .definitionFiles)
    var files: [String]

    @OptionGroup var template: TemplateOptions

    @Flag(help: "Treat warnings, unfilled placeholders among them, as errors.")
    var strict = false

    func run() throws {
        let options = try template.loadOptions(placeholders: .warn, warningsAreErrors: strict)
        var failed = false
        for file in files {
            do {
                let loaded = try DefinitionLoader.load(contentsOf: file, options: options)
                for warning in loaded.warnings { print(warning) }
            } catch {
                failed = true
                for diagnostic in error.diagnostics { print(diagnostic) }
            }
        }
        if failed { throw ExitCode(1) }
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a definition as ASL JSON, sugared EDN or YAML.",
        discussion: """
            EXAMPLES:
              stepwise render hello.edn             ASL JSON, as AWS takes it
              stepwise render order.asl.json --to edn
              stepwise render order.asl.json --substitutions template.yaml
            """)

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case json, edn, yaml
    }

    @Argument(help: "A definition file.", completion: .definitionFiles)
    var file: String

    @Option(name: .long, help: "The form to print: json, edn or yaml.")
    var to: Target = .json

    @OptionGroup var template: TemplateOptions

    func run() throws {
        let loaded: LoadedDefinition
        do {
            loaded = try DefinitionLoader.load(contentsOf: file, options: try template.loadOptions(placeholders: .warn))
        } catch let error as DefinitionError {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode(1)
        }
        for warning in loaded.warnings { printError(warning.description) }
        switch to {
        case .json: print(JSONSerializer.string(loaded.document, pretty: true))
        case .edn: print(SugaredEDN.render(loaded.document))
        case .yaml: print(YAMLDefinition.render(loaded.document), terminator: "")
        }
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a definition once (on the embedded engine by default) and print the result.",
        discussion: """
            The exit status is 1 when the execution does not succeed.

            EXAMPLES:
              stepwise run double.json --input '{"n": 21}' --json
              stepwise run hello.edn --handlers Handlers --input '{"name": "Ada"}'
              stepwise run order.asl.json --substitutions template.yaml
              stepwise run order.asl.json --integrations endpoint=http://127.0.0.1:5000
              stepwise run order.asl.json --backend endpoint=http://127.0.0.1:8083
            """)

    @Argument(help: "A definition file.", completion: .definitionFiles)
    var file: String

    @Option(name: .long, help: "The execution input as JSON.")
    var input: String = "{}"

    @Flag(name: .long, help: "End with one JSON line: status, output, error, cause, executionArn, path (the states entered).")
    var json = false

    @Option(name: .long, help: "Where to run: local (the embedded engine), aws, or endpoint=URL (e.g. a `stepwise serve`).")
    var backend = "local"

    @OptionGroup var template: TemplateOptions

    @OptionGroup var forwarding: IntegrationsOption

    @OptionGroup var handlers: RunHandlerOptions

    @OptionGroup var mocking: RunMockOptions

    func run() async throws {
        let definition: Definition
        do {
            // A template runs once every placeholder has a value.
            definition = Definition(try DefinitionLoader.load(contentsOf: file, options: try template.loadOptions(placeholders: .require)))
        } catch let error as DefinitionError {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode(1)
        }
        for warning in definition.loaded.warnings { printError(warning.description) }
        let inputValue: JSONValue
        do {
            inputValue = try JSONParser.parse(input)
        } catch {
            printError("--input is not valid JSON: \(error)")
            throw ExitCode(1)
        }
        try await execute(definition, input: inputValue)
    }
}

extension CompletionKind {
    /// The files `validate`, `render` and `run` read.
    static var definitionFiles: CompletionKind { .file(extensions: ["edn", "json", "yaml", "yml"]) }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
