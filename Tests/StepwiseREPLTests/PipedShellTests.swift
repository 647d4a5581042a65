import Foundation
import StepwiseREPLDriver
import Testing

/// The real `stepwise-repl` binary with piped stdin: loading, running in every input syntax,
/// live edits of definitions and handlers, a trapping handler, history. Serialized: the tests
/// share one copy of the adder example (and its handler build).
@Suite(.serialized, .timeLimit(.minutes(5))) struct PipedShellTests {
    func sharedAdder() throws -> URL { try ScratchProjects.sharedAdder.get() }

    @Test func loadRunFortyTwoInEverySyntaxThenInspect() async throws {
        let shell = try PipedShell(["."], in: try sharedAdder())
        defer { shell.close() }
        try await shell.wait(for: "handlers: :activity/add")
        for input in ["{:x 41 :y 1}", #"{"x":41,"y":1}"#, "x 41 y 1", ":x 41 :y 1", "<x 41 y 1>"] {
            let result = try await shell.run(":run adder \(input)")
            #expect(result.contains(#"#:execution{:status "SUCCEEDED" :output 42 :duration-ms"#), "\(input): \(result)")
            #expect(result.contains(#":machine "adder-"#))
        }
        shell.send(":history")
        let history = try await shell.wait(for: "execution succeeded")
        #expect(history.contains("run 5 · adder-"))
        #expect(history.contains("execution started              input {:x 41 :y 1}"))
        #expect(history.contains("→ add (Task)"))
        #expect(history.contains("activity scheduled"))
        #expect(history.contains("activity started"))
        #expect(history.contains("activity succeeded           output 42"))
        #expect(history.contains("← add"))
        shell.send(":executions")
        let executions = try await shell.wait(for: "  1  adder-")
        #expect(executions.contains("  5  adder-"))
        shell.send(":show adder")
        let drawing = try await shell.wait(for: "└─ end")
        #expect(drawing.contains(":resource :activity/add"))
        #expect(drawing.contains("▶ add  Task :activity/add"))
        shell.send(":test-state adder add {:x 2 :y 3}")
        #expect(try await shell.wait(for: "after result path").contains("output     5"), "a Task state without a mock calls the handler")
        shell.send(":test-state adder add x 2 y 3 mock 99")
        #expect(try await shell.wait(for: "after result path").contains("output     99"))
        shell.send(":validate")
        #expect(try await shell.wait(for: "handlers :activity/add → AdderHandlers").contains("reloaded adder"))
        shell.send(":backend nowhere")
        #expect(try await shell.wait(for: "endpoint=URL").contains("unknown backend nowhere"))
        #expect(!shell.transcript.contains("stepwise>"), "piped input gets no prompt")
    }

    /// The same shell and handler package against `stepwise serve`: the reloaded run creates its
    /// machine and activities over the wire and the handler host's workers poll over HTTP.
    @Test func runsAgainstAStepwiseServeEndpoint() async throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try BuiltProducts.path("stepwise"))
        server.arguments = ["serve", "--in-memory", "--port", "0"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = output
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var banner = ""
        while !banner.contains("\n") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        let url = try #require(banner.split(separator: " ").first { $0.hasPrefix("http://") }, "serve printed: \(banner)")
        let shell = try PipedShell([".", "--backend", "endpoint=\(url)"], in: try sharedAdder())
        defer { shell.close() }
        try await shell.wait(for: "handlers: :activity/add")
        let result = try await shell.run(":run adder x 41 y 1")
        #expect(result.contains(#":status "SUCCEEDED" :output 42"#), "\(result)")
        shell.send(":history")
        #expect(try await shell.wait(for: "execution succeeded").contains("activity succeeded"))
        shell.send(":backend")
        #expect(try await shell.wait(for: "endpoint=URL").contains("▶ endpoint=URL"))
    }

    @Test func aDefinitionEditTakesEffectOnTheNextRunAndAnInvalidOneKeepsTheLastGood() async throws {
        let project = try ScratchProjects.passFlow()
        let definition = try FileEdit(project.appendingPathComponent("flow.edn"))
        let shell = try PipedShell(["."], in: project)
        defer { shell.close() }
        try await shell.wait(for: "loaded flow")
        #expect(try await shell.run(":run flow").contains(#":output "hello""#))

        try definition.write(ScratchProjects.passDefinition("\"edited in place\""))
        try await shell.wait(for: "reloaded flow")
        #expect(try await shell.run(":run flow").contains(#":output "edited in place""#))

        try definition.renameOver(ScratchProjects.passDefinition("{:saved :atomically}"))
        try await shell.wait(for: "reloaded flow")
        #expect(try await shell.run(":run flow").contains(#":output {:saved "atomically"}"#))

        try definition.write("{:start-at :greet\n :states {:greet {:type :pass :next :nowhere}}}\n")
        let diagnostics = try await shell.wait(for: "nowhere")
        #expect(diagnostics.contains("flow.edn has errors — still using the last good version:"))
        #expect(diagnostics.contains("flow.edn:2:"))
        let stale = try await shell.run(":run flow")
        #expect(stale.contains("flow.edn has errors; running its last good version"))
        #expect(stale.contains(#":output {:saved "atomically"}"#))
    }

    @Test func aHandlerEditIsRebuiltAndUsedBySameShell() async throws {
        let project = try sharedAdder()
        let source = try FileEdit(project.appendingPathComponent("Handlers/Sources/AdderHandlers/Add.swift"))
        defer { source.restore() }
        let shell = try PipedShell(["."], in: project)
        defer { shell.close() }
        try await shell.wait(for: "handlers: :activity/add")
        #expect(try await shell.run(":run adder x 6 y 7").contains(":output 13"))

        try source.replace("input.x + input.y", with: "input.x * input.y + 1000")
        try await shell.wait(for: "rebuilt in")
        #expect(try await shell.run(":run adder x 6 y 7").contains(":output 1042"))

        try source.replace("input.x + input.y", with: "input.x + undefinedName")
        let failure = try await shell.wait(for: "undefinedName")
        #expect(failure.contains("did not build — still using the previous build:"))
        #expect(failure.contains("Add.swift:"))
        #expect(try await shell.run(":run adder x 6 y 7").contains(":output 1042"))
        #expect(shell.process.isRunning)
    }

    @Test func aTrappingHandlerFailsItsTaskAndTheShellAnswersOn() async throws {
        let project = try sharedAdder()
        let source = try FileEdit(project.appendingPathComponent("Handlers/Sources/AdderHandlers/Add.swift"))
        defer { source.restore() }
        let shell = try PipedShell(["."], in: project)
        defer { shell.close() }
        try await shell.wait(for: "handlers: :activity/add")
        try source.replace("    input.x + input.y", with: "    if input.x == 0 { fatalError(\"x is zero\") }\n    return input.x + input.y")
        try await shell.wait(for: "rebuilt in")

        let crashed = try await shell.run(":run adder x 0 y 1")
        #expect(crashed.contains(#":status "FAILED""#))
        #expect(crashed.contains(#":error "Stepwise.HandlerCrashed""#))
        #expect(crashed.contains("signal 4") || crashed.contains("signal 5"))
        shell.send(":machines")
        let after = try await shell.wait(for: "last run")
        #expect(after.contains("Fatal error: x is zero"))
        #expect(!after.contains("Current stack trace"))

        #expect(try await shell.run(":run adder x 2 y 3").contains(":output 5"))
        shell.send(":workers")
        #expect(try await shell.wait(for: "handlers:").contains("restarted 1×"))
    }

    @Test func evalRunsCommandsAndExitsWithTheirOutcome() async throws {
        let project = try ScratchProjects.passFlow()
        let ok = try await evaluate([".", "--eval", ":run flow", "--eval", ":machines"], in: project)
        #expect(ok.status == 0)
        #expect(ok.output.contains(#":output "hello""#))
        #expect(ok.output.contains("flow  flow.edn  1 state"))

        let unknown = try await evaluate([".", "--eval", ":run nothing"], in: project)
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("error: no machine named nothing; loaded: flow"))

        try ScratchProjects.passDefinition("1").replacingOccurrences(of: ":type :pass :result 1 :end true", with: ":type :fail :error \"no/way\"")
            .write(to: project.appendingPathComponent("fails.edn"), atomically: false, encoding: .utf8)
        let failed = try await evaluate([project.path, "--eval", ":run fails"], in: project)
        #expect(failed.status == 1)
        #expect(failed.output.contains(#":status "FAILED" :error "no/way""#))

        let quit = try await evaluate(["--eval", ":quit", "--eval", ":frobnicate"], in: project)
        #expect(quit.status == 0)
    }

    @Test func jsonataTrialsEvaluateOnAnInput() async throws {
        let project = try ScratchProjects.passFlow()
        let sum = try await evaluate(["--eval", #":jsonata "$sum(items.price) * 2" {:items [{:price 2} {:price 3}]}"#], in: project)
        #expect(sum.status == 0)
        #expect(sum.output.contains("10"))
        let states = try await evaluate(["--eval", #":jsonata $states.input.name {"name": "pizza"}"#], in: project)
        #expect(states.output.contains(#""pizza""#))
        let undefined = try await evaluate(["--eval", ":jsonata $missing"], in: project)
        #expect(undefined.status == 0)
        #expect(undefined.output.contains("undefined"))
        let broken = try await evaluate(["--eval", #":jsonata "$sum(" {}"#], in: project)
        #expect(broken.status == 1)
        #expect(broken.output.contains("S0203"))
    }
}
