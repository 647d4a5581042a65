import Foundation
import Testing

@testable import StepwiseREPL

@Suite struct CompleterTests {
    let index = CompletionIndex(
        machines: ["adder": ["add"], "pizza": ["check-order", "bake", "make-dough", "serve"]], executions: ["1", "2", "adder-17"],
        backends: ["local", "aws"], tasks: ["3f9c01-4", "3f0a77-9"], testCases: ["pizza#Burnt", "pizza#Happy"])

    func completer(files: [String: [(String, Bool)]] = [:]) -> Completer {
        let index = self.index
        return Completer(source: { index }, homeDirectory: "/home/ada") { directory in files[directory] ?? [] }
    }

    @Test func theFirstWordCompletesToCommands() {
        let c = completer()
        #expect(c.complete(before: "", word: ":ru") == [":run"])
        #expect(c.complete(before: "", word: ":") == CommandCatalog.all.map(\.name).sorted())
        #expect(c.complete(before: "  ", word: ":te") == [":test-state"])
    }

    @Test func machineArgumentsCompleteToMachineNames() {
        let c = completer()
        #expect(c.complete(before: ":run ", word: "a") == ["adder"])
        #expect(c.complete(before: ":show ", word: "") == ["adder", "pizza"])
        #expect(c.complete(before: ":validate ", word: "p") == ["pizza"])
        #expect(c.complete(before: ":test-state ", word: "pi") == ["pizza"])
    }

    @Test func runCompletesTestCasesAndMocksCompletesJSONFiles() {
        let c = completer(files: [".": [("pizza.edn", false), ("pizza.mocks.json", false), ("pizza.substitutions.json", false), ("Handlers", true)]])
        #expect(c.complete(before: ":run ", word: "pi") == ["pizza", "pizza#Burnt", "pizza#Happy"])
        #expect(c.complete(before: ":run ", word: "pizza#H") == ["pizza#Happy"])
        #expect(c.complete(before: ":mocks ", word: "") == ["Handlers/", "pizza.mocks.json", "pizza.substitutions.json"])
        #expect(c.complete(before: ":load ", word: "") == ["Handlers/", "pizza.edn"], "companion files are not definitions")
        #expect(c.complete(before: ":time ", word: "") == ["real", "virtual"])
    }

    @Test func testStateCompletesTheMachinesStates() {
        let c = completer()
        #expect(c.complete(before: ":test-state pizza ", word: "") == ["bake", "check-order", "make-dough", "serve"])
        #expect(c.complete(before: ":test-state pizza ", word: "ma") == ["make-dough"])
        #expect(c.complete(before: ":test-state nothing ", word: "") == [])
    }

    @Test func otherArgumentsCompleteToWhatTheyTake() {
        let c = completer()
        #expect(c.complete(before: ":show adder ", word: "j") == ["json"])
        #expect(c.complete(before: ":history ", word: "ad") == ["adder-17"])
        #expect(c.complete(before: ":backend ", word: "") == ["aws", "local"])
        #expect(c.complete(before: ":help ", word: "te") == ["test-state"])
        #expect(c.complete(before: ":run adder ", word: "x") == [])
        #expect(c.complete(before: ":quit ", word: "") == [])
    }

    @Test func callbackAnswersCompleteTheWaitingTokens() {
        let c = completer()
        #expect(c.complete(before: ":succeed ", word: "3f9") == ["3f9c01-4"])
        #expect(c.complete(before: ":fail ", word: "3f") == ["3f0a77-9", "3f9c01-4"])
        #expect(c.complete(before: ":heartbeat ", word: "") == ["3f0a77-9", "3f9c01-4"])
        #expect(c.complete(before: ":succeed 3f9c01-4 ", word: "") == [])
    }

    @Test func loadCompletesDirectoriesAndDefinitionFiles() {
        let c = completer(files: [
            ".": [("examples", true), ("Package.swift", false), (".build", true), ("notes.txt", false)],
            "examples/": [("adder", true), ("pizza", true), ("flow.edn", false), ("flow.yaml", false)],
            "/home/ada/": [("work", true)],
        ])
        #expect(c.complete(before: ":load ", word: "") == ["examples/"])
        #expect(c.complete(before: ":load ", word: "ex") == ["examples/"])
        #expect(c.complete(before: ":load ", word: "examples/") == ["examples/adder/", "examples/flow.edn", "examples/flow.yaml", "examples/pizza/"])
        #expect(c.complete(before: ":load ", word: "examples/fl") == ["examples/flow.edn", "examples/flow.yaml"])
        #expect(c.complete(before: ":load ", word: ".b") == [".build/"])
        #expect(c.complete(before: ":load ", word: "~/w") == ["~/work/"])
    }

    @Test func theRealFileSystemListsDirectoriesAsSuch() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("completer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("flows"), withIntermediateDirectories: true)
        try "{}".write(to: root.appendingPathComponent("adder.edn"), atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: root) }
        let index = self.index
        let c = Completer(source: { index })
        #expect(c.complete(before: ":load ", word: root.path + "/") == [root.path + "/adder.edn", root.path + "/flows/"])
    }
}
