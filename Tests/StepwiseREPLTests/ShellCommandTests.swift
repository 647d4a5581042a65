import Foundation
import Testing

@testable import StepwiseREPL

@Suite struct ShellCommandTests {
    @Test func runKeepsTheInputTextAsTyped() throws {
        #expect(try ShellCommand.parse(":run adder   x 41 y 1") == .run(machine: "adder", input: "x 41 y 1"))
        #expect(try ShellCommand.parse(":run adder {:x 41 :y 1}") == .run(machine: "adder", input: "{:x 41 :y 1}"))
        #expect(try ShellCommand.parse("  :run adder") == .run(machine: "adder", input: ""))
    }

    @Test func testStateSplitsOffATrailingMock() throws {
        #expect(
            try ShellCommand.parse(":test-state adder add {:x 1 :y 2} mock 3")
                == .testState(machine: "adder", state: "add", input: "{:x 1 :y 2}", mock: "3"))
        #expect(
            try ShellCommand.parse(":test-state adder add x 1 y 2")
                == .testState(machine: "adder", state: "add", input: "x 1 y 2", mock: nil))
        #expect(
            try ShellCommand.parse(":test-state pizza bake mock {:baked true}")
                == .testState(machine: "pizza", state: "bake", input: "", mock: "{:baked true}"))
    }

    @Test func jsonataTakesOneWordOrAQuotedExpressionThenTheInput() throws {
        #expect(try ShellCommand.parse(":jsonata $sum(a) {:a [1 2]}") == .jsonata(expression: "$sum(a)", input: "{:a [1 2]}"))
        #expect(try ShellCommand.parse(#":jsonata "a + b" a 1 b 2"#) == .jsonata(expression: "a + b", input: "a 1 b 2"))
        #expect(try ShellCommand.parse(":jsonata $now()") == .jsonata(expression: "$now()", input: ""))
        #expect(throws: InputError.self) { try ShellCommand.parse(":jsonata") }
    }

    @Test func callbackAnswersTakeATokenThenTheirValues() throws {
        #expect(try ShellCommand.parse(":tasks") == .tasks)
        #expect(try ShellCommand.parse(":succeed ab12-3 {:approved true}") == .answer(token: "ab12-3", .success(output: "{:approved true}")))
        #expect(try ShellCommand.parse(":succeed ab12-3") == .answer(token: "ab12-3", .success(output: "")))
        #expect(
            try ShellCommand.parse(":fail ab12-3 card/declined the card was declined ")
                == .answer(token: "ab12-3", .failure(error: "card/declined", cause: "the card was declined")))
        #expect(
            try ShellCommand.parse(#":fail ab12-3 "Some Error" "a cause, quoted""#)
                == .answer(token: "ab12-3", .failure(error: "Some Error", cause: "a cause, quoted")))
        #expect(try ShellCommand.parse(":fail ab12-3") == .answer(token: "ab12-3", .failure(error: nil, cause: nil)))
        #expect(try ShellCommand.parse(":heartbeat ab12-3") == .answer(token: "ab12-3", .heartbeat))
        #expect(throws: InputError.self) { try ShellCommand.parse(":succeed") }
        #expect(throws: InputError.self) { try ShellCommand.parse(":heartbeat a b") }
    }

    @Test func mockMustBeLast() throws {
        let error = try #require(throws: InputError.self) { try ShellCommand.parse(":test-state a b mock 1 x 2") }
        #expect(error.message.contains("mock takes one value, at the end"))
    }

    @Test func everyCommandParses() throws {
        #expect(try ShellCommand.parse(":load examples/adder") == .load(path: "examples/adder"))
        #expect(try ShellCommand.parse(#":load "my folder/adder""#) == .load(path: "my folder/adder"))
        #expect(try ShellCommand.parse(":history") == .history(execution: nil))
        #expect(try ShellCommand.parse(":history 3") == .history(execution: "3"))
        #expect(try ShellCommand.parse(":redrive") == .redrive(run: nil))
        #expect(try ShellCommand.parse(":redrive 2") == .redrive(run: "2"))
        #expect(try ShellCommand.parse(":executions") == .executions)
        #expect(try ShellCommand.parse(":show adder") == .show(machine: "adder", format: .edn))
        #expect(try ShellCommand.parse(":show adder JSON") == .show(machine: "adder", format: .json))
        #expect(try ShellCommand.parse(":machines") == .machines)
        #expect(try ShellCommand.parse(":workers") == .workers)
        #expect(try ShellCommand.parse(":backend") == .backend(name: nil))
        #expect(try ShellCommand.parse(":backend aws") == .backend(name: "aws"))
        #expect(try ShellCommand.parse(":validate") == .validate(machine: nil))
        #expect(try ShellCommand.parse(":help run") == .help(command: "run"))
        #expect(try ShellCommand.parse(":quit") == .quit)
        #expect(try ShellCommand.parse("") == .nothing)
        #expect(try ShellCommand.parse("; a comment") == .nothing)
    }

    /// A catalogued command that `parse` does not handle used to become `:quit`.
    @Test func everyCataloguedCommandParsesToItself() throws {
        for info in CommandCatalog.all {
            for example in info.example.components(separatedBy: "   ") {
                #expect(try ShellCommand.parse(example).name == info.name, "\(example)")
            }
        }
    }

    @Test func theCatalogHasAnExampleForEveryCommand() throws {
        for info in CommandCatalog.all {
            #expect(info.example.hasPrefix(info.name), "\(info.name)")
            // Each example is itself a valid command line.
            for example in info.example.components(separatedBy: "   ") {
                #expect(throws: Never.self) { try ShellCommand.parse(example) }
            }
        }
    }

    @Test(arguments: [
        ("run adder", "commands start with ':'"),
        (":frobnicate", "unknown command :frobnicate"),
        (":run", "which machine? — usage: :run NAME [INPUT]"),
        (":show", "which machine?"),
        (":show adder yaml", "show as edn or json, not yaml"),
        (":machines now", "too many arguments"),
        (":load", "which path?"),
        (":test-state adder", "which machine and state?"),
    ])
    func mistakesAreExplained(_ line: String, _ expected: String) throws {
        let error = try #require(throws: InputError.self) { try ShellCommand.parse(line) }
        #expect(error.message.contains(expected), "\(error.message)")
    }
}

extension ShellCommand {
    /// The catalogue name of what was parsed; nil for a blank line.
    var name: String? {
        switch self {
        case .load: ":load"
        case .run: ":run"
        case .history: ":history"
        case .redrive: ":redrive"
        case .executions: ":executions"
        case .show: ":show"
        case .testState: ":test-state"
        case .machines: ":machines"
        case .workers: ":workers"
        case .tasks: ":tasks"
        case .answer(_, .success): ":succeed"
        case .answer(_, .failure): ":fail"
        case .answer(_, .heartbeat): ":heartbeat"
        case .backend: ":backend"
        case .validate: ":validate"
        case .jsonata: ":jsonata"
        case .help: ":help"
        case .quit: ":quit"
        case .nothing: nil
        }
    }
}
