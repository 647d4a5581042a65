import Foundation
import StepwiseJSON
import StepwiseREPLDriver
import TestSupport
import Testing

/// `make install-built` — what `make install` runs after its release build — into a temporary
/// prefix, with the debug build the other tests drive (a build inside `swift test` would wait
/// for the lock `swift test` holds on `.build`); then the installed programs as a user runs them:
/// a new project outside the repository, its handler package built against the installed handler
/// contract. The one slow step is the project's first handler build.
@Suite(.serialized) struct InstallTests {
    /// A directory of its own under the system's temporary directory, outside the repository.
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-install-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The environment of a user who set nothing of Stepwise's: the installed programs must find
    /// their host and the handler contract on their own.
    static var userEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("STEPWISE_") }
    }

    /// The prefix `make install` filled, once for the suite.
    static let installation = Task { () async throws -> URL in
        let prefix = try scratch("prefix")
        let make = try await ChildRun.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["make", "install-built", "PREFIX=\(prefix.path)", "BIN_DIR=\(BuiltProducts.directory.path)"],
            in: BuiltProducts.packageRoot, environment: userEnvironment)
        guard make.status == 0 else { throw HarnessError(description: "make install-built failed:\n\(make.stdout)\n\(make.stderr)") }
        return prefix
    }

    func installed(_ program: String) async throws -> URL {
        try await Self.installation.value.appendingPathComponent("bin/\(program)")
    }

    @Test func installsTheProgramsTheContractCompletionsAndManPages() async throws {
        let prefix = try await Self.installation.value
        for file in [
            "bin/stepwise", "bin/stepwise-repl", "bin/stepwise-handler-host", "share/stepwise/HandlerABI/Package.swift",
            "share/stepwise/HandlerABI/Sources/StepwiseHandlerABI/HandlerRegistry.swift",
            "share/bash-completion/completions/stepwise", "share/zsh/site-functions/_stepwise", "share/fish/vendor_completions.d/stepwise.fish",
            "share/bash-completion/completions/stepwise-repl", "share/man/man1/stepwise.1", "share/man/man1/stepwise-repl.1",
        ] {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file) is not installed")
        }
        let manual = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/stepwise.1"), encoding: .utf8)
        #expect(manual.contains("stepwise init ~/flows/hello"), "the man page carries the examples")
        let version = try await ChildRun.run(try await installed("stepwise"), ["--version"], environment: Self.userEnvironment)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let shellVersion = try await ChildRun.run(try await installed("stepwise-repl"), ["--version"], environment: Self.userEnvironment)
        #expect(shellVersion.stdout == version.stdout)
    }

    /// `stepwise-repl --new` then `stepwise run --handlers` on the new folder: the shell builds
    /// the handler package against the installed StepwiseHandlerABI, and the command line reuses
    /// that build.
    @Test func aNewProjectOutsideTheRepositoryRunsWithTheInstalledPrograms() async throws {
        let work = try Self.scratch("project")
        let project = work.appendingPathComponent("flows/hello")
        let builds = work.appendingPathComponent("builds").path
        let abi = try await Self.installation.value.appendingPathComponent("share/stepwise/HandlerABI").path

        let shell = try await ChildRun.run(
            try await installed("stepwise-repl"),
            ["--new", project.path, "--handler-build-path", builds, "--no-color", "--eval", #":run hello {:name "Ada"}"#],
            in: work, environment: Self.userEnvironment)
        #expect(shell.status == 0, "\(shell.stdout)\n\(shell.stderr)")
        #expect(shell.stdout.contains("created \(project.path)"))
        #expect(shell.stdout.contains(#":status "SUCCEEDED""#), "\(shell.stdout)")
        #expect(shell.stdout.contains("Hello, Ada!"))
        for file in ["hello.edn", "Handlers/Package.swift", "Handlers/Sources/HelloHandlers/Handlers.swift", "README.md", ".gitignore"] {
            #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent(file).path), "\(file) was not created")
        }
        let manifest = try String(contentsOf: project.appendingPathComponent("Handlers/Package.swift"), encoding: .utf8)
        #expect(manifest.contains(abi), "the package falls back to the installed contract")
        // SwiftPM's record of the build names the contract it built against: the installed copy.
        let states = try FileManager.default.subpathsOfDirectory(atPath: builds).filter { $0.hasSuffix("workspace-state.json") }
        #expect(!states.isEmpty)
        for state in states {
            let text = try String(contentsOfFile: (builds as NSString).appendingPathComponent(state), encoding: .utf8)
            #expect(text.contains(abi), "\(state) names another StepwiseHandlerABI")
            #expect(!text.contains(BuiltProducts.packageRoot.path), "\(state) refers to the repository")
        }

        let run = try await ChildRun.run(
            try await installed("stepwise"),
            [
                "run", "hello.edn", "--handlers", "Handlers", "--handler-build-path", builds, "--input", #"{"name": "Bo"}"#, "--json",
            ],
            in: project, environment: Self.userEnvironment)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let last = try JSONParser.parse(String(run.stdout.split(separator: "\n").last ?? ""))
        #expect(last["output"] == ["greeting": "Hello, Bo!"])
    }
}
