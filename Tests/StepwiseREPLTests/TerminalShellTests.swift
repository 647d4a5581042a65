import Foundation
import StepwiseREPLDriver
import Testing

/// The real binary on a pseudo-terminal (tmux): line editing, history, Tab completion, the
/// file-change notice above the line being typed, Ctrl-C and Ctrl-D.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: TerminalShell.tmux != nil, "tmux is not installed: the terminal tests need it"))
struct TerminalShellTests {
    let project: URL
    let history: URL
    let shell: TerminalShell

    init() async throws {
        project = try ScratchProjects.passFlow()
        history = project.appendingPathComponent("history")
        shell = try TerminalShell(["."], in: project, historyFile: history)
        try await shell.waitForLastLine("stepwise>")
    }

    @Test func tabCompletesCommandsMachinesStatesAndPaths() async throws {
        try shell.type(":ru")
        try shell.press("Tab")
        try await shell.waitForLastLine("stepwise> :run")
        try shell.type("fl")
        try shell.press("Tab")
        try await shell.waitForLastLine("stepwise> :run flow")
        try shell.press("Enter")
        try await shell.waitFor(#":output "hello""#)

        try shell.type(":test-state flow ")
        try shell.press("Tab")
        try await shell.waitForLastLine("stepwise> :test-state flow greet")
        try shell.press("Enter")
        try await shell.waitFor("status     SUCCEEDED")

        try shell.type(":load ./fl")
        try shell.press("Tab")
        try await shell.waitForLastLine("stepwise> :load ./flow.edn")
        try shell.press("Enter")
        try await shell.waitFor("reloaded flow from flow.edn")
    }

    @Test func theLineCanBeEditedAndHistoryIsKept() async throws {
        try shell.type(":un flow")
        try shell.press("C-a", "Right")
        try shell.type("r")
        try await shell.waitForLastLine("stepwise> :run flow")
        try shell.press("Enter")
        try await shell.waitFor(#":output "hello""#)
        try await shell.waitForLastLine("stepwise>")

        // Up recalls the last line; editing it and running again works.
        try shell.press("Up")
        try await shell.waitForLastLine("stepwise> :run flow")
        try shell.type(" {:ignored true}")
        try shell.press("Enter")
        try await shell.waitUntil("a second result") { $0.filter { $0.contains(#":output "hello""#) }.count == 2 }
        try await shell.waitForLastLine("stepwise>")

        try shell.press("C-d")
        #expect(try await shell.waitForExit() == 0)
        let saved = try String(contentsOf: history, encoding: .utf8)
        #expect(saved.contains(":run\\040flow"))
    }

    @Test func aFileChangeNoticeLeavesTheLineBeingTypedAlone() async throws {
        try shell.type(":run fl")
        try await shell.waitForLastLine("stepwise> :run fl")
        try ScratchProjects.passDefinition("\"changed while typing\"")
            .write(to: project.appendingPathComponent("flow.edn"), atomically: false, encoding: .utf8)
        let screen = try await shell.waitFor("reloaded flow from flow.edn")
        #expect(screen.last == "stepwise> :run fl")
        let notice = try #require(screen.firstIndex { $0.contains("reloaded flow") })
        #expect(notice == screen.count - 2, "the notice is printed just above the line being typed")
        try shell.type("ow")
        try shell.press("Enter")
        try await shell.waitFor(#":output "changed while typing""#)
    }

    @Test func ctrlCCancelsTheLineOrTheRunningCommandButNotTheShell() async throws {
        try shell.type(":machines")
        try shell.press("C-c")
        try await shell.waitUntil("a fresh prompt after ^C") { $0.suffix(2) == ["stepwise> :machines^C", "stepwise>"] }

        try ScratchProjects.passDefinition("1").replacingOccurrences(of: ":type :pass :result 1 :end true", with: ":type :wait :seconds 600 :end true")
            .write(to: project.appendingPathComponent("slow.edn"), atomically: false, encoding: .utf8)
        try await shell.waitFor("loaded slow")
        try shell.type(":run slow")
        try shell.press("Enter")
        try await shell.waitForLastLine("stepwise> :run slow")
        try shell.press("C-c")
        try await shell.waitFor("^C — cancelling")
        try await shell.waitFor(#":status "ABORTED""#)
        try await shell.waitForLastLine("stepwise>")

        try shell.type(":run flow")
        try shell.press("Enter")
        try await shell.waitFor(#":output "hello""#)
    }
}
