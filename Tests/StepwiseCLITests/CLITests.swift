import Foundation
import StepwiseJSON
import StepwiseREPLDriver
import TestSupport
import Testing

/// Drives the built `stepwise` binary (`swift build` before `swift test`, as `.ci/run` does).
@Suite struct CLITests {
    static var binary: URL { SharedFixtures.packageRoot.appendingPathComponent(".build/debug/stepwise") }

    func stepwise(_ arguments: String...) async throws -> ChildRun {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the package first (swift build)")
        return try await ChildRun.run(Self.binary, arguments, in: SharedFixtures.packageRoot)
    }

    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-cli-\(UUID().uuidString)").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func validateAcceptsTheExamples() async throws {
        let run = try await stepwise("validate", "examples/adder/adder.edn", "examples/pizza/pizza.edn", "Tests/StatesLanguageTests/Fixtures/examples/pizza.json")
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
    }

    @Test func validatePrintsOneDiagnosticPerLineAndFails() async throws {
        let file = try temporaryFile("bad.edn", """
            {:start-at :a
             :states {:a {:type :pass :next :b}
                      :w {:type :wait :seconds -1 :end true}}}
            """)
        let run = try await stepwise("validate", file)
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.contains { $0.contains("bad.edn:2:") && $0.contains("MISSING_TRANSITION_TARGET") })
    }

    @Test func renderPrintsEveryForm() async throws {
        let json = try await stepwise("render", "examples/pizza/pizza.edn", "--to", "json")
        #expect(json.status == 0)
        let expected = try JSONParser.parse(String(contentsOfFile: SharedFixtures.packageRoot.appendingPathComponent("Tests/StatesLanguageTests/Fixtures/examples/pizza.json").path, encoding: .utf8))
        #expect(try JSONParser.parse(json.stdout) == expected)

        let yaml = try await stepwise("render", "Tests/StatesLanguageTests/Fixtures/examples/pizza.json", "--to", "yaml")
        let edn = try await stepwise("render", try temporaryFile("pizza.yaml", yaml.stdout), "--to", "edn")
        let back = try await stepwise("render", try temporaryFile("pizza.edn", edn.stdout), "--to", "json")
        #expect(try JSONParser.parse(back.stdout) == expected)
    }

    @Test func runExecutesOnTheEmbeddedEngine() async throws {
        let file = try temporaryFile("double.json", #"""
            {"StartAt": "Double", "States": {"Double": {"Type": "Pass",
              "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": true}}}
            """#)
        let run = try await stepwise("run", file, "--input", #"{"n": 21}"#, "--json")
        #expect(run.status == 0)
        let last = try JSONParser.parse(String(run.stdout.split(separator: "\n").last ?? ""))
        #expect(last["status"] == "SUCCEEDED")
        #expect(last["output"] == ["doubled": 42])
        #expect(last["executionArn"]?.stringValue?.contains(":execution:double:") == true)
    }

    @Test func runExitsZeroWhenTheExecutionRanWhateverItsStatus() async throws {
        let file = try temporaryFile("fails.edn", #"{:start-at :f :states {:f {:type :fail :error "my/bad" :cause "no"}}}"#)
        let run = try await stepwise("run", file, "--json")
        #expect(run.status == 0)
        let last = try JSONParser.parse(String(run.stdout.split(separator: "\n").last ?? ""))
        #expect(last["status"] == "FAILED")
        #expect(last["error"] == "my/bad")
        #expect(last["output"] == nil)
        #expect(last["path"] == ["f"])
    }

    @Test func runRefusesActivitiesWithoutHandlers() async throws {
        let run = try await stepwise("run", "examples/adder/adder.edn")
        #expect(run.status == 1)
        #expect(run.stderr.contains("activity/add"))
        #expect(run.stderr.contains("--handlers DIR"))
    }

    /// The handler package is built and hosted as the shell does, and serves an activity, a
    /// Lambda function and an integration.
    @Test(.timeLimit(.minutes(10))) func runServesTasksWithAHandlerPackage() async throws {
        let project = try OrdersProject.shared.get()
        let run = try await stepwise(
            "run", project.appendingPathComponent("checkout.edn").path, "--handlers", try OrdersProject.handlersDirectory().path,
            "--handler-build-path", ScratchProjects.buildRoot, "--input", #"{"id":"o1","items":[{"price":5,"qty":2}]}"#, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let last = try JSONParser.parse(String(run.stdout.split(separator: "\n").last ?? ""))
        #expect(last["status"] == "SUCCEEDED")
        #expect(last["output"]?["price"] == ["total": 10])
        #expect(last["output"]?["saved"] == ["stored": true])
        #expect(last["output"]?["confirmation"] == ["confirmed": "o1"])
        #expect(run.stderr.contains("building OrderHandlers"))
    }

    @Test(.timeLimit(.minutes(10))) func runReportsAHandlerErrorByItsName() async throws {
        let project = try OrdersProject.shared.get()
        let run = try await stepwise(
            "run", project.appendingPathComponent("checkout.edn").path, "--handlers", try OrdersProject.handlersDirectory().path,
            "--handler-build-path", ScratchProjects.buildRoot, "--input", #"{"id":"o2","items":[]}"#, "--json")
        #expect(run.status == 0, "the execution ran, whatever its status")
        let last = try JSONParser.parse(String(run.stdout.split(separator: "\n").last ?? ""))
        #expect(last["error"] == "OrderEmpty")
    }

    @Test func badInputIsReportedNotCrashed() async throws {
        let file = try temporaryFile("pass.json", #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let run = try await stepwise("run", file, "--input", "{nope")
        #expect(run.status == 1)
        #expect(run.stderr.contains("--input is not valid JSON"))
    }
}
