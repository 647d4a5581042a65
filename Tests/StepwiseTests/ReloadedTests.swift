import Foundation
import StepFunctions
import StepwiseEngine
import Synchronization
import Testing
@testable import Stepwise

@Suite(.timeLimit(.minutes(1))) struct ReloadedTests {
    func leftovers(_ engine: Engine) async throws -> (machines: Int, activities: Int) {
        let machines = try await engine.listStateMachines(ListStateMachinesInput()).stateMachines.count
        let activities = try await engine.listActivities(ListActivitiesInput()).activities.count
        return (machines, activities)
    }

    @Test func nothingIsLeftAfterSuccess() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine))
        let result = try await stepwise.reloaded.run(
            "adder", definition: .edn(adderEDN), handlers: ["activity/add": Handler { (input: AddInput) in input.x + input.y }],
            input: ["x": 1, "y": 2])
        #expect(result.output == 3)
        #expect(try await leftovers(engine) == (0, 0))
    }

    @Test func nothingIsLeftAfterFailure() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine))
        let result = try await stepwise.reloaded.run(
            "adder", definition: .edn(adderEDN), handlers: ["activity/add": Handler { (_: AddInput) -> Int in throw TaskFailure("boom") }],
            input: ["x": 1, "y": 2])
        #expect(result.status == .failed)
        #expect(try await leftovers(engine) == (0, 0))
    }

    /// A failed run is redriven with the handler as it is now: its activity is served again
    /// under the run's snapshot name, and removed again afterwards.
    @Test func aFailedRunIsRedrivenWithTheCurrentHandlerAndNothingIsLeft() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine))
        let started = Mutex<String?>(nil)
        let failed = try await stepwise.reloaded.run(
            "adder", definition: .edn(adderEDN), handlers: ["activity/add": Handler { (_: AddInput) -> Int in throw TaskFailure("boom") }],
            input: ["x": 1, "y": 2], onStart: { arn in started.withLock { $0 = arn } })
        #expect(failed.status == .failed)
        let executionArn = try #require(started.withLock { $0 })
        let snapshot = try await engine.describeStateMachineForExecution(DescribeStateMachineForExecutionInput(executionArn: executionArn)).name
        let fixed = try await stepwise.reloaded.redrive(
            executionArn, snapshotMachine: snapshot, definition: .edn(adderEDN),
            handlers: ["activity/add": Handler { (input: AddInput) in input.x + input.y }])
        #expect(fixed.status == .succeeded)
        #expect(fixed.output == 3)
        #expect(try await leftovers(engine) == (0, 0))
        let again = try await #require(throws: StepFunctionsError.self) { _ = try await stepwise.redriveExecution(executionArn, wait: true) }
        #expect(again.code == .executionNotRedrivable)
    }

    @Test func nothingIsLeftAfterCancellation() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine))
        let started = Signal()
        let run = Task {
            try await stepwise.reloaded.run(
                "adder", definition: .edn(adderEDN),
                handlers: ["activity/add": Handler { (_: AddInput) async throws -> Int in
                    started.fire()
                    await suspendUntilCancelled()
                    throw CancellationError()
                }],
                input: ["x": 1, "y": 2])
        }
        await started.wait()
        run.cancel()
        _ = try? await run.value
        #expect(try await leftovers(engine) == (0, 0))
    }

    @Test func snapshotNamesFollowTheSeed() {
        let snapshot = Reloaded.snapshot(of: "adder", activities: ["activity__add"], millis: 1_764_003_091_234)
        #expect(snapshot.machineName == "adder-1764003091234")
        #expect(snapshot.activityNames == ["activity__add": "adder-1764003091234-activity__add"])
    }
}
