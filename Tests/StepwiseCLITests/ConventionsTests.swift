import Foundation
import StepwiseREPLDriver
import TestSupport
import Testing

/// What a command-line user expects of `stepwise` and `stepwise-repl` (the built binaries):
/// a version, completion scripts, examples in every help, and project folders created safely.
@Suite struct ConventionsTests {
    func run(_ program: String, _ arguments: [String], in directory: URL? = nil) async throws -> ChildRun {
        try await ChildRun.run(URL(fileURLWithPath: try BuiltProducts.path(program)), arguments, in: directory)
    }

    @Test func bothProgramsPrintOneVersion() async throws {
        let stepwise = try await run("stepwise", ["--version"])
        let shell = try await run("stepwise-repl", ["--version"])
        #expect(stepwise.status == 0)
        #expect(stepwise.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(stepwise.stdout)")
        #expect(shell.stdout == stepwise.stdout)
    }

    @Test(arguments: ["init", "validate", "render", "run", "serve"])
    func everySubcommandsHelpHasExamples(_ subcommand: String) async throws {
        let help = try await run("stepwise", [subcommand, "--help"])
        #expect(help.status == 0)
        let examples = try #require(help.stdout.components(separatedBy: "EXAMPLES:").last, "\(subcommand) --help has no EXAMPLES")
        #expect(examples.contains("stepwise \(subcommand) "), "\(help.stdout)")
    }

    @Test func theShellsHelpHasExamples() async throws {
        let help = try await run("stepwise-repl", ["--help"])
        #expect(help.stdout.contains("EXAMPLES:"))
        #expect(help.stdout.contains("stepwise-repl --new ~/flows/hello"))
    }

    @Test func completionScriptsKnowTheSubcommands() async throws {
        let bash = try await run("stepwise", ["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        #expect(bash.stdout.contains("complete "))
        for subcommand in ["init", "validate", "render", "run", "serve"] {
            #expect(bash.stdout.contains(subcommand), "bash completion lacks \(subcommand)")
        }
        let zsh = try await run("stepwise", ["--generate-completion-script", "zsh"])
        #expect(zsh.stdout.hasPrefix("#compdef stepwise"))
        #expect(bash.stdout.contains("edn|json|yaml|yml"), "definition files complete by their extensions")
        let fish = try await run("stepwise-repl", ["--generate-completion-script", "fish"])
        #expect(fish.stdout.contains("-l 'new'"))
    }

    @Test func aNewProjectNeedsANewOrEmptyFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-nonempty-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let notes = folder.appendingPathComponent("notes.txt")
        try "mine".write(to: notes, atomically: true, encoding: .utf8)

        for (program, arguments) in [("stepwise", ["init", folder.path]), ("stepwise-repl", ["--new", folder.path, "--eval", ":machines"])] {
            let refused = try await run(program, arguments)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("\(folder.path) is not empty (notes.txt)"), "\(refused.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        #expect(try String(contentsOf: notes, encoding: .utf8) == "mine")
    }

    @Test func initCreatesTheProjectAndSaysWhatNext() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-init-\(UUID().uuidString.prefix(8))")
        let folder = parent.appendingPathComponent("Order Flow")
        let created = try await run("stepwise", ["init", folder.path])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains(#"next: stepwise-repl "#))
        #expect(created.stdout.contains(#":run Order-Flow {:name "Ada"}"#))
        let files = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
        #expect(
            files.isSuperset(of: [
                "Order-Flow.edn", "Handlers/Package.swift", "Handlers/Sources/OrderFlowHandlers/Handlers.swift", "README.md", ".gitignore",
            ]), "\(files)")
        let validate = try await run("stepwise", ["validate", folder.appendingPathComponent("Order-Flow.edn").path])
        #expect(validate.status == 0, "\(validate.stdout)")
    }
}
