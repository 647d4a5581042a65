import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseAWS
import StepwiseJSON

@main
struct StepwiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "Validate, render and run AWS Step Functions state machines (EDN, JSON or YAML).",
        subcommands: [Validate.self, Render.self, Run.self, Serve.self, TestCommand.self])
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check definitions; print one diagnostic per line.",
        discussion: """
            Errors are what AWS would refuse; warnings (`warning:` after the location) are what it accepts \
            but deserves a look. The exit status is 1 when there is an error, 0 otherwise. A definition may \
            be a template: ${NAME} placeholders are accepted wherever a deploy tool fills in a value, with a \
            warning listing those given no value here.
            """)

    @Argument(help: "Definition files (.edn, .json, .yaml, .yml).")
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
    static let configuration = CommandConfiguration(abstract: "Print a definition as ASL JSON, sugared EDN or YAML.")

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case json, edn, yaml
    }

    @Argument(help: "A definition file.")
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
    static let configuration = CommandConfiguration(abstract: "Run a definition once (on the embedded engine by default) and print the result.")

    @Argument(help: "A definition file.")
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

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
