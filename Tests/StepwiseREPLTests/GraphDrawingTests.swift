import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON
import TestSupport
import Testing

@testable import StepwiseREPL

@Suite struct GraphDrawingTests {
    let pizza = try! DefinitionLoader.load(contentsOf: SharedFixtures.packageRoot.appendingPathComponent("examples/pizza/pizza.edn").path).machine

    /// An order that was prepared, baked and served.
    let servedPath = ExecutionPath(events: [
        BakeHistory.event(1, 0, .executionStarted),
        BakeHistory.event(2, 0, .choiceStateEntered, ["name": "check-order"]),
        BakeHistory.event(3, 0, .choiceStateExited, ["name": "check-order"]),
        BakeHistory.event(4, 0, .parallelStateEntered, ["name": "prepare"]),
        BakeHistory.event(5, 0, .taskStateEntered, ["name": "make-dough"]),
        BakeHistory.event(6, 0, .taskStateExited, ["name": "make-dough"]),
        BakeHistory.event(7, 0, .parallelStateExited, ["name": "prepare"]),
        BakeHistory.event(8, 0, .taskStateEntered, ["name": "bake"]),
        BakeHistory.event(9, 0, .taskStateExited, ["name": "bake"]),
        BakeHistory.event(10, 0, .succeedStateEntered, ["name": "serve"]),
    ])

    @Test func everyStateIsDrawnOnceWithItsType() {
        let lines = GraphDrawing.render(pizza, style: .plain)
        for name in ["check-order", "prepare", "make-dough", "slice-toppings", "slice", "bake", "serve", "apologize", "too-many", "reject"] {
            #expect(lines.filter { $0.contains("○ \(name)  ") }.count == 1, "\(name)")
        }
        #expect(lines[0] == "start ─▶ check-order")
        #expect(lines.contains("○ bake  Task :activity/bake"))
        #expect(lines.contains("○ apologize  Fail pizza/burnt"))
    }

    @Test func waysOutAreListedUnderEachState() {
        let lines = GraphDrawing.render(pizza, style: .plain)
        let check = lines.firstIndex(of: "○ check-order  Choice")!
        #expect(Array(lines[check + 1...check + 3]) == ["  ├─ rule 1 ─▶ too-many", "  ├─ rule 2 ─▶ prepare", "  └─ default ─▶ reject"])
        let bake = lines.firstIndex(of: "○ bake  Task :activity/bake")!
        #expect(Array(lines[bake + 1...bake + 3]) == ["  ├─ retry oven/too-cold ×3", "  ├─ catch States.ALL ─▶ apologize", "  └─ next ─▶ serve"])
    }

    @Test func branchesAndItemProcessorsAreNested() {
        let lines = GraphDrawing.render(pizza, style: .plain)
        let prepare = lines.firstIndex(of: "○ prepare  Parallel")!
        #expect(lines[prepare + 1] == "  ├─ branch 1")
        #expect(lines[prepare + 2] == "  │  ○ make-dough  Task :activity/make-dough")
        #expect(lines[prepare + 3] == "  │    └─ end")
        #expect(lines.contains("  │  ○ slice-toppings  Map"))
        #expect(lines.contains("  │    ├─ each item"))
        #expect(lines.contains("  │    │  ○ slice  Pass"))
    }

    @Test func theLastExecutionsPathIsMarked() {
        let lines = GraphDrawing.render(pizza, path: servedPath, style: .plain)
        #expect(lines[0] == "start ━▶ check-order")
        #expect(lines.contains("▶ check-order  Choice"))
        #expect(lines.contains("  ├─ rule 2 ━▶ prepare"))
        #expect(lines.contains("  ├─ rule 1 ─▶ too-many"))
        #expect(lines.contains("  │  ▶ make-dough  Task :activity/make-dough"))
        #expect(lines.contains("  └─ next ━▶ serve"))
        #expect(lines.contains("○ apologize  Fail pizza/burnt"))
        #expect(lines.contains("▶ serve  Succeed"))
    }

    @Test func aCaughtFailureMarksTheCatchEdge() {
        let path = ExecutionPath(events: [
            BakeHistory.event(1, 0, .taskStateEntered, ["name": "bake"]),
            BakeHistory.event(2, 0, .failStateEntered, ["name": "apologize"]),
        ])
        #expect(path.transitions == [ExecutionPath.Transition(from: "bake", to: "apologize")])
        #expect(GraphDrawing.render(pizza, path: path, style: .plain).contains("  ├─ catch States.ALL ━▶ apologize"))
    }

    @Test func unreachableStatesComeLast() throws {
        // The validator refuses unreachable states, so the model comes from the bare decoder.
        let document = try JSONParser.parse(#"{"StartAt":"A","States":{"Z":{"Type":"Succeed"},"A":{"Type":"Pass","End":true}}}"#)
        let machine = try #require(ASLDecoder.decode(document).0)
        let names = GraphDrawing.render(machine, style: .plain).filter { $0.hasPrefix("○") }
        #expect(names == ["○ A  Pass", "○ Z  Succeed"])
    }
}
