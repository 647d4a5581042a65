// stepwise-repl-bench: how quickly the shell turns an edit into a result.
//
//   swift build && .build/debug/stepwise-repl-bench [rounds]
//
// Measures, on copies of the examples in a temporary directory:
//   - shell start-up: spawn to exit of `stepwise-repl --eval :quit`, and with a folder loaded;
//   - definition edit → result: file written → reload notice → `:run` result;
//   - handler edit → result: Add.swift written → rebuild notice → `:run` result, split into
//     the `swift build` time the shell reports and everything else.
import Foundation
import StepwiseREPLDriver

struct Samples {
    var name: String
    var values: [Double] = []

    mutating func add(_ seconds: Double) { values.append(seconds) }

    var summary: String {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return "\(name): no samples" }
        let median = sorted[sorted.count / 2]
        return "\(name.padding(toLength: 48, withPad: " ", startingAt: 0)) median \(ms(median))  min \(ms(sorted[0]))  max \(ms(sorted[sorted.count - 1]))  (n=\(sorted.count))"
    }

    func ms(_ seconds: Double) -> String {
        String(format: "%8.1f ms", seconds * 1000)
    }
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = Date()
    try await body()
    return Date().timeIntervalSince(start)
}

/// "1.06 s" / "950 ms" / "2 min 5 s" as printed by the shell.
func parseDuration(_ text: String) -> Double? {
    let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
    guard parts.count == 2, let value = Double(parts[0]) else { return nil }
    return parts[1] == "ms" ? value / 1000 : parts[1] == "s" ? value : nil
}

let rounds = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 5

func startup() async throws -> [Samples] {
    let flow = try ScratchProjects.passFlow()
    var bare = Samples(name: "start-up: --eval :quit")
    var loaded = Samples(name: "start-up: load a folder, --eval :quit")
    for _ in 0..<max(rounds * 2, 10) {
        bare.add(try await seconds { _ = try await evaluate(["--eval", ":quit"], in: flow) })
        loaded.add(try await seconds { _ = try await evaluate([".", "--eval", ":quit"], in: flow) })
    }
    return [bare, loaded]
}

func definitionEdits() async throws -> [Samples] {
    let flow = try ScratchProjects.passFlow()
    let definition = try FileEdit(flow.appendingPathComponent("flow.edn"))
    let shell = try PipedShell(["."], in: flow)
    defer { shell.close() }
    try await shell.wait(for: "loaded flow")
    var total = Samples(name: "definition edit → result")
    var reload = Samples(name: "  of which: edit → reload notice")
    for round in 0..<max(rounds * 4, 20) {
        let start = Date()
        try definition.write(ScratchProjects.passDefinition("\"round \(round)\""))
        try await shell.wait(for: "reloaded flow")
        reload.add(Date().timeIntervalSince(start))
        let result = try await shell.run(":run flow")
        guard result.contains("round \(round)") else { throw HarnessError(description: "round \(round) ran old code:\n\(result)") }
        total.add(Date().timeIntervalSince(start))
    }
    return [total, reload]
}

func handlerEdits() async throws -> [Samples] {
    let adder = try ScratchProjects.copy("adder")
    let source = try FileEdit(adder.appendingPathComponent("Handlers/Sources/AdderHandlers/Add.swift"))
    var cold = Samples(name: "handler package first build (cold)")
    let shell = try PipedShell(["."], in: adder)
    defer { shell.close() }
    try await shell.wait(for: "AdderHandlers built in ")
    if let built = parseDuration(try await shell.wait(for: ", loaded in").replacingOccurrences(of: ", loaded in", with: "")) { cold.add(built) }
    try await shell.wait(for: "handlers: :activity/add")
    var total = Samples(name: "handler edit → result")
    var build = Samples(name: "  of which: swift build (as the shell reports)")
    var other = Samples(name: "  of which: everything else")
    for round in 1...rounds {
        let start = Date()
        try source.replace("input.x + input.y", with: "input.x + input.y + \(round * 1000)")
        try await shell.wait(for: "rebuilt in ")
        let buildTime = parseDuration(try await shell.wait(for: ", loaded in").replacingOccurrences(of: ", loaded in", with: "")) ?? 0
        let result = try await shell.run(":run adder x 41 y 1")
        guard result.contains(":output \(42 + round * 1000)") else { throw HarnessError(description: "round \(round) ran old code:\n\(result)") }
        let elapsed = Date().timeIntervalSince(start)
        total.add(elapsed)
        build.add(buildTime)
        other.add(elapsed - buildTime)
    }
    source.restore()
    return [cold, total, build, other]
}

do {
    print("stepwise-repl-bench — \(rounds) rounds, binaries in \(BuiltProducts.directory.path)")
    for samples in try await startup() + definitionEdits() + handlerEdits() { print(samples.summary) }
    try? FileManager.default.removeItem(at: ScratchProjects.runDirectory)
} catch {
    print("benchmark failed: \(error)")
    exit(1)
}
