import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// Map Runs: what DescribeMapRun, ListMapRuns, UpdateMapRun and ListExecutions with a Map Run
/// say about a distributed Map while it runs and after.
@Suite struct MapRunTests {
    let h = Harness()

    /// A distributed Map whose items wait `seconds` seconds, then fail when they say so.
    static func machine(_ fields: String = "") -> String {
        #"""
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Fan",\#(fields)"End":true,
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
            "StartAt":"Nap","States":{
              "Nap":{"Type":"Wait","SecondsPath":"$.seconds","Next":"Check"},
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"Broken"}],"Default":"Done"},
              "Broken":{"Type":"Fail","Error":"Item.Failed","Cause":"bad item"},
              "Done":{"Type":"Pass","Result":"ok","End":true}}}}}}
        """#
    }

    static func items(_ seconds: [Int], failing: Set<Int> = []) -> String {
        "[" + seconds.enumerated().map { #"{"seconds":\#($1),"fail":\#(failing.contains($0))}"# }.joined(separator: ",") + "]"
    }

    func mapRun(of execution: String) async throws -> String {
        let runs = try await h.engine.listMapRuns(ListMapRunsInput(executionArn: execution))
        return try #require(runs.mapRuns.first).mapRunArn
    }

    func describe(_ mapRun: String) async throws -> DescribeMapRunOutput {
        try await h.engine.describeMapRun(DescribeMapRunInput(mapRunArn: mapRun))
    }

    func children(_ mapRun: String, status: ExecutionStatus? = nil) async throws -> [ExecutionListItem] {
        try await h.engine.listExecutions(ListExecutionsInput(statusFilter: status, mapRunArn: mapRun)).executions
    }

    @Test func aFinishedMapRunCountsEveryItem() async throws {
        let machine = try await h.createMachine(Self.machine(#""MaxConcurrency":2,"#), name: "orders")
        let execution = try await h.start(machine, input: Self.items([1, 2, 3]), name: "run")
        _ = try await h.finish(execution)
        let runs = try await h.engine.listMapRuns(ListMapRunsInput(executionArn: execution)).mapRuns
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.mapRunArn.hasPrefix("arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:"))
        #expect(run.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:orders/Fan")
        #expect(run.startDate == Harness.start)
        #expect(run.stopDate == Harness.start.addingTimeInterval(4))
        let described = try await describe(run.mapRunArn)
        #expect(described.status == .succeeded)
        #expect(described.executionArn == execution)
        #expect(described.maxConcurrency == 2)
        #expect(described.toleratedFailureCount == 0)
        #expect(described.toleratedFailurePercentage == 0)
        let counts = MapRunCounts(pending: 0, running: 0, succeeded: 3, failed: 0, timedOut: 0, aborted: 0, total: 3, resultsWritten: 3)
        #expect(described.itemCounts == counts)
        #expect(described.executionCounts == counts)

        let listed = try await children(run.mapRunArn)
        #expect(listed.count == 3)
        #expect(listed.allSatisfy { $0.status == .succeeded && $0.mapRunArn == run.mapRunArn && $0.itemCount == 1 })
        #expect(listed.allSatisfy { $0.executionArn.hasPrefix("arn:aws:states:us-east-1:123456789012:execution:orders/Fan:") })
        #expect(listed.allSatisfy { $0.stateMachineArn == run.stateMachineArn })
        // The third item started when the first ended: newest first.
        #expect(listed.first?.startDate == Harness.start.addingTimeInterval(1))
        let child = try await h.describe(try #require(listed.last?.executionArn))
        #expect(child.mapRunArn == run.mapRunArn)
        #expect(try json(child.input) == ["seconds": 1, "fail": false])
        #expect(try json(child.output) == "ok")
        let definition = try await h.engine.describeStateMachineForExecution(DescribeStateMachineForExecutionInput(executionArn: child.executionArn))
        #expect(definition.mapRunArn == run.mapRunArn)
        #expect(definition.label == "Fan")
    }

    @Test func countsFollowTheRunAndUpdateMapRunRaisesTheConcurrency() async throws {
        let machine = try await h.createMachine(Self.machine(#""MaxConcurrency":1,"#))
        let execution = try await h.start(machine, input: Self.items([10, 10, 10, 10]))
        await h.engine.idle()
        let run = try await mapRun(of: execution)
        var counts = try await describe(run).itemCounts
        #expect((counts.pending, counts.running, counts.succeeded, counts.total) == (3, 1, 0, 4))

        _ = try await h.engine.updateMapRun(UpdateMapRunInput(mapRunArn: run, maxConcurrency: 3))
        let described = try await describe(run)
        #expect(described.maxConcurrency == 3)
        counts = described.itemCounts
        #expect((counts.pending, counts.running) == (1, 3))
        #expect(try await children(run, status: .running).count == 3)
        await h.advance(by: 10)
        #expect(try await describe(run).itemCounts.succeeded == 3)
        _ = try await h.finish(execution)
        #expect(try await describe(run).status == .succeeded)
    }

    @Test func updateMapRunCanTolerateFailuresThatWouldFailTheRun() async throws {
        let machine = try await h.createMachine(Self.machine(#""MaxConcurrency":1,"#))
        let execution = try await h.start(machine, input: Self.items([5, 5, 5], failing: [1]))
        await h.engine.idle()
        let run = try await mapRun(of: execution)
        _ = try await h.engine.updateMapRun(UpdateMapRunInput(mapRunArn: run, toleratedFailureCount: 1))
        let result = try await h.finish(execution)
        #expect(result.status == .succeeded)
        let described = try await describe(run)
        #expect(described.toleratedFailureCount == 1)
        #expect((described.itemCounts.succeeded, described.itemCounts.failed) == (2, 1))
        let failed = try await children(run, status: .failed)
        #expect(failed.count == 1)
        let child = try await h.describe(try #require(failed.first?.executionArn))
        #expect((child.error, child.cause) == ("Item.Failed", "bad item"))
    }

    @Test func loweringTheToleranceBelowTheFailuresSoFarFailsTheRun() async throws {
        let machine = try await h.createMachine(Self.machine(#""MaxConcurrency":1,"ToleratedFailureCount":5,"#))
        let execution = try await h.start(machine, input: Self.items([1, 5, 5], failing: [0]))
        await h.advance(by: 1)
        let run = try await mapRun(of: execution)
        #expect(try await describe(run).itemCounts.failed == 1)
        _ = try await h.engine.updateMapRun(UpdateMapRunInput(mapRunArn: run, toleratedFailureCount: 0))
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        #expect(result.error == "States.ExceedToleratedFailureThreshold")
        let described = try await describe(run)
        #expect(described.status == .failed)
        #expect((described.itemCounts.failed, described.itemCounts.aborted, described.itemCounts.pending) == (1, 1, 1))
    }

    @Test func aRunThatEndedCannotBeUpdated() async throws {
        let machine = try await h.createMachine(Self.machine())
        let execution = try await h.start(machine, input: Self.items([1]))
        _ = try await h.finish(execution)
        let run = try await mapRun(of: execution)
        let error = await #expect(throws: StepFunctionsError.self) {
            _ = try await h.engine.updateMapRun(UpdateMapRunInput(mapRunArn: run, maxConcurrency: 2))
        }
        #expect(error?.code == .validation)
        #expect(error?.reason == "CANNOT_UPDATE_COMPLETED_MAP_RUN")
        let missing = await #expect(throws: StepFunctionsError.self) {
            _ = try await h.engine.describeMapRun(DescribeMapRunInput(mapRunArn: run + "0"))
        }
        #expect(missing?.code == .resourceNotFound)
    }

    @Test func stoppingTheExecutionAbortsItsMapRun() async throws {
        let machine = try await h.createMachine(Self.machine(#""MaxConcurrency":2,"#))
        let execution = try await h.start(machine, input: Self.items([10, 10, 10]))
        await h.advance(by: 3)
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        await h.engine.idle()
        let described = try await describe(try await mapRun(of: execution))
        #expect(described.status == .aborted)
        #expect(described.stopDate == Harness.start.addingTimeInterval(3))
        #expect((described.itemCounts.aborted, described.itemCounts.pending, described.itemCounts.running) == (2, 1, 0))
    }

    @Test func aRetriedMapStartsANewMapRun() async throws {
        let definition = Self.machine(#""Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1,"IntervalSeconds":1}],"#)
        let execution = try await h.start(try await h.createMachine(definition), input: Self.items([1], failing: [0]))
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        let runs = try await h.engine.listMapRuns(ListMapRunsInput(executionArn: execution)).mapRuns
        #expect(runs.count == 2)
        #expect(Set(runs.map(\.mapRunArn)).count == 2)
        for run in runs { #expect(try await describe(run.mapRunArn).status == .failed) }
    }

    @Test func listingByMapRunAndByMachineTogetherIsRefused() async throws {
        let machine = try await h.createMachine(Self.machine())
        let execution = try await h.start(machine, input: Self.items([1]))
        _ = try await h.finish(execution)
        let error = await #expect(throws: StepFunctionsError.self) {
            _ = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: machine, mapRunArn: try await mapRun(of: execution)))
        }
        #expect(error?.code == .validation)
    }
}
