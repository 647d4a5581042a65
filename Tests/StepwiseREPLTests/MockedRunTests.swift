import Foundation
import StepwiseREPLDriver
import StepwiseTesting
import Testing

/// The shell's test-case tools on a copy of examples/orders, definitions only (its tasks are all
/// mocked, so nothing is built): `:mocks` (checked, watched), `:run NAME#CASE`, `:history`
/// marking mocked tasks, `:time`, `:subst` and substitutions files.
@Suite(.timeLimit(.minutes(5))) struct MockedRunTests {
    static let order = #"{:id "o-1" :card "4242" :address "1 Main St" :items [{:sku "tea" :price 4 :qty 2}]}"#

    /// Runs `line` and returns its output up to the result's last line (an output may span several).
    func run(_ line: String, in shell: PipedShell) async throws -> String {
        shell.send(line)
        return try await shell.wait(for: ":machine \"")
    }

    func ordersShell() async throws -> (PipedShell, URL) {
        let project = try ScratchProjects.copy("orders")
        let shell = try PipedShell(["orders.edn", "shipping.edn"], in: project)
        try await shell.wait(for: "loaded shipping")
        return (shell, project)
    }

    @Test func testCasesRunFromTheMockFileAndHistoryMarksMockedTasks() async throws {
        let (shell, _) = try await ordersShell()
        defer { shell.close() }
        shell.send(":mocks orders.mocks.json")
        let loaded = try await shell.wait(for: "shipping (Booked)")
        #expect(loaded.contains("✓ mocks from orders.mocks.json: orders (HappyPath, LambdaThrottled, PaymentDeclined, WarehouseTimeout)"))

        let happy = try await run(":run orders#HappyPath \(Self.order)", in: shell)
        #expect(happy.contains(#":status "SUCCEEDED""#), "\(happy)")
        #expect(happy.contains(#":tracking "1Z-MOCKED""#))
        shell.send(":history")
        let history = try await shell.wait(for: "execution succeeded")
        #expect(history.contains("· test case HappyPath ·"))
        #expect(history.contains("→ price (Task)"))
        #expect(history.contains("mocked (PriceOrder)"))
        #expect(history.contains("mocked (WarehouseConfirms)"))

        let declined = try await run(":run orders#PaymentDeclined \(Self.order)", in: shell)
        #expect(declined.contains(#":status "DECLINED""#), "\(declined)")
        let silent = try await run(":run orders#WarehouseTimeout \(Self.order)", in: shell)
        #expect(silent.contains(#":error "Order.WarehouseTimeout""#), "\(silent)")

        shell.send(":run orders#Nope {}")
        let unknown = try await shell.wait(for: "Nope")
        #expect(unknown.contains("error: orders.mocks.json:"))
        #expect(try await run(":run shipping#Booked {}", in: shell).contains(#":carrier "mocked courier""#))
    }

    /// pizza's activities need no handler package when the test case mocks their states.
    @Test func activitiesThatTheTestCaseMocksNeedNoHandler() async throws {
        let project = try ScratchProjects.copy("pizza")
        let run = try await evaluate(
            [
                "pizza.edn", "--eval", ":mocks pizza.mocks.json", "--eval", ":run pizza#HappyPath {:size \"large\" :quantity 1 :toppings []}",
                "--eval", ":run pizza#OvenNeverAnswers {:size \"large\" :quantity 1 :toppings []}",
            ], in: project)
        #expect(run.output.contains(#":status "SUCCEEDED""#), "\(run.output)")
        #expect(run.output.contains("error: no handler for :activity/bake: no handler package is loaded"))
        #expect(!run.output.contains(":activity/make-dough:"), "make-dough is mocked in both cases")
    }

    /// `:save-test` writes the last run into the test file beside its definition; `stepwise
    /// test` then passes it with nothing serving its tasks.
    @Test func theLastRunIsSavedAsATestCaseThatPasses() async throws {
        let project = try ScratchProjects.copy("pizza")
        let order = #"{:size "large" :quantity 1 :toppings []}"#
        let run = try await evaluate(
            [
                "pizza.edn", "--eval", ":mocks pizza.mocks.json", "--eval", ":run pizza#HappyPath \(order)",
                "--eval", ":save-test happy", "--eval", ":run pizza#OvenOnFire \(order)", "--eval", ":save-test burnt",
                "--eval", ":save-test happy",
            ], in: project)
        #expect(run.output.contains("case happy saved in pizza.test.json"), "\(run.output)")
        #expect(run.output.contains("expects FAILED"))
        #expect(run.output.contains("pizza.test.json already has a case named happy"))

        let saved = project.appendingPathComponent("pizza.test.json").path
        let file = try TestFile.load(saved)
        #expect(file.definition == "pizza.edn")
        #expect(file.cases.map(\.name) == ["happy", "burnt"])
        #expect(file.cases[0].expect.status == .succeeded)
        #expect(file.cases[0].mocks["bake"] != nil, "the baked pizza came from the mock, and is written into the case")
        let report = await TestRunner().run([saved])
        #expect(report.succeeded, "\(report.text)")
        #expect(report.passed == 2)
    }

    @Test func aMockFileWithProblemsIsReportedWhereTheyAreAndAFixIsPickedUp() async throws {
        let (shell, project) = try await ordersShell()
        defer { shell.close() }
        let mocks = try FileEdit(project.appendingPathComponent("orders.mocks.json"))
        try mocks.replace(#""charge": "ChargeCard","#, with: #""charged": "ChargeCard","#)
        shell.send(":mocks orders.mocks.json")
        let problems = try await shell.wait(for: "charged")
        #expect(problems.contains("✗ orders.mocks.json has problems:"))
        #expect(problems.contains("orders.mocks.json:"))
        #expect(problems.contains("/StateMachines/orders/TestCases/"))
        shell.send(":run orders#HappyPath {}")
        #expect(try await shell.wait(for: "fix it first").contains("orders.mocks.json has never loaded cleanly"))

        mocks.restore()
        try await shell.wait(for: "✓ mocks from orders.mocks.json")
        #expect(try await run(":run orders#HappyPath \(Self.order)", in: shell).contains(#":status "SUCCEEDED""#))

        try mocks.write("{\"StateMachines\": ")
        let broken = try await shell.wait(for: "still using the last good version")
        #expect(broken.contains("✗ orders.mocks.json has problems"))
        #expect(try await run(":run orders#HappyPath \(Self.order)", in: shell).contains(#":status "SUCCEEDED""#))
    }

    @Test func virtualTimePassesADayAtOnce() async throws {
        let project = try ScratchProjects.passFlow()
        try "{:start-at :wait :states {:wait {:type :wait :seconds 86400 :end true}}}\n"
            .write(to: project.appendingPathComponent("day.edn"), atomically: false, encoding: .utf8)
        let run = try await evaluate(
            ["day.edn", "--eval", ":time virtual", "--eval", ":run day", "--eval", ":time", "--eval", ":time real", "--eval", ":time later"],
            in: project)
        #expect(run.status == 1, "the last command is refused")
        #expect(run.output.contains("now in virtual time: Wait states"))
        #expect(run.output.contains(#":status "SUCCEEDED""#), "\(run.output)")
        #expect(run.output.contains("virtual time on the embedded engine"))
        #expect(run.output.contains("now in real time"))
        #expect(run.output.contains("error: virtual or real, not later"))
    }

    @Test func placeholdersTakeValuesFromSubstAndTheFileBesideTheDefinition() async throws {
        let project = try ScratchProjects.passFlow()
        try #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "${Greeting}, ${Name}", "End": true}}}"#
            .write(to: project.appendingPathComponent("greet.json"), atomically: false, encoding: .utf8)
        let shell = try PipedShell(["."], in: project)
        defer { shell.close() }
        let loaded = try await shell.wait(for: "loaded greet")
        #expect(!loaded.contains("greet.substitutions"))
        try await shell.wait(for: "beside the definition")
        shell.send(":run greet")
        #expect(try await shell.wait(for: "beside the definition").contains("error: greet cannot run with placeholders unfilled"))

        shell.send(":subst Greeting=hello")
        try await shell.wait(for: "reloaded greet")
        try await shell.wait(for: "beside the definition")
        shell.send(":subst")
        let listed = try await shell.wait(for: "greet: ${Name} is a template placeholder")
        #expect(listed.contains("${Greeting} = hello"))

        try #"{"Name": "world", "Greeting": "overridden by :subst"}"#
            .write(to: project.appendingPathComponent("greet.substitutions.json"), atomically: false, encoding: .utf8)
        try await shell.wait(for: "reloaded greet")
        #expect(try await run(":run greet", in: shell).contains(#":output "hello, world""#))
        shell.send(":subst oops")
        #expect(try await shell.wait(for: "usage: :subst NAME=VALUE").contains("\"oops\" is not NAME=VALUE"))
    }
}
