import Foundation
import StepFunctions
import StepwiseJSON
import Testing

@testable import StepwiseEngine

/// RedriveExecution as the API offers it: what DescribeExecution and ListExecutions say about
/// redrives, client tokens, and a distributed Map's run taken up again.
@Suite struct RedriveAPITests {
    let h = Harness()

    func redrive(_ execution: String, token: String? = nil) async throws -> Date {
        try await h.engine.redriveExecution(RedriveExecutionInput(executionArn: execution, clientToken: token)).redriveDate
    }

    func listed(_ filter: ExecutionRedriveFilter?, mapRun: String? = nil, machine: String? = nil) async throws -> [ExecutionListItem] {
        try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: machine, mapRunArn: mapRun, redriveFilter: filter)).executions
    }

    @Test func describeAndListSayWhetherAndWhenAnExecutionWasRedriven() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#)
        let execution = try await h.start(machine, name: "redriven")
        let other = try await h.start(machine, name: "left-alone")

        var described = try await h.describe(execution)
        #expect((described.redriveCount, described.redriveStatus) == (0, .notRedrivable))
        #expect(described.redriveStatusReason == "Execution is RUNNING and cannot be redriven")
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        described = try await h.describe(execution)
        #expect((described.status, described.redriveStatus, described.redriveStatusReason) == (.failed, .redrivable, nil))

        await h.advance(by: 5)
        let date = try await redrive(execution, token: "retry-1")
        #expect(date == Harness.start.addingTimeInterval(5))
        await h.advance(by: 60)
        #expect(try await redrive(execution, token: "retry-1") == date, "the same client token answers with the same redrive")
        described = try await h.describe(execution)
        #expect((described.status, described.redriveCount, described.redriveDate) == (.running, 1, date))
        #expect(try await h.eventTypes(execution).filter { $0 == .executionRedriven }.count == 1)

        #expect(try await listed(.redriven, machine: machine).map(\.executionArn) == [execution])
        #expect(try await listed(.notRedriven, machine: machine).map(\.executionArn) == [other])
        let item = try #require(try await listed(nil, machine: machine).first { $0.executionArn == execution })
        #expect((item.redriveCount, item.redriveDate) == (1, date))
    }

    @Test func aClientTokenOlderThanFifteenMinutesRedrivesAgain() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#)
        let execution = try await h.start(machine)
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        let first = try await redrive(execution, token: "t")
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        await h.advance(by: 15 * 60 + 1)
        #expect(try await redrive(execution, token: "t") > first)
        #expect(try await h.describe(execution).redriveCount == 2)
    }

    @Test func aClientTokenOutsideAWSsConstraintsIsAValidationError() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await redrive("arn:aws:states:us-east-1:123456789012:execution:m:e", token: "has space")
        }
        #expect(error.code == .validation)
        #expect(error.message.contains("'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+"))
    }

    /// A distributed Map whose second item's task fails: the run fails, and a redrive of the
    /// parent takes the run up again (MapRunRedriven) with only that item.
    @Test func aRedriveTakesAFailedMapRunUpAgainWithTheItemsThatFailed() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Fan","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition), input: "[1,2,3]")
        try await h.succeed(try await h.takeTask(activity).token, "10")
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        #expect(try await h.describe(execution).status == .failed)
        let run = try #require(try await h.engine.listMapRuns(ListMapRunsInput(executionArn: execution)).mapRuns.first).mapRunArn
        let failedChild = try #require(try await h.engine.listExecutions(ListExecutionsInput(statusFilter: .failed, mapRunArn: run)).executions.first)
        let child = try await h.describe(failedChild.executionArn)
        #expect((child.redriveStatus, child.redriveStatusReason) == (.redrivableByMapRun, nil))
        let refused = try await #require(throws: StepFunctionsError.self) { _ = try await redrive(failedChild.executionArn) }
        #expect(refused.code == .executionNotRedrivable)
        #expect(refused.message.contains("redriven by redriving its parent execution '\(execution)'"))

        await h.advance(by: 1)
        let date = try await redrive(execution)
        var described = try await h.engine.describeMapRun(DescribeMapRunInput(mapRunArn: run))
        #expect((described.status, described.redriveCount, described.redriveDate, described.stopDate) == (.running, 1, date, nil))
        let again = try await h.takeTask(activity)
        #expect(again.input == 2, "the item that failed runs again")
        try await h.succeed(again.token, "20")
        try await h.succeed(try await h.takeTask(activity).token, "30")
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output) == [10, 20, 30])

        described = try await h.engine.describeMapRun(DescribeMapRunInput(mapRunArn: run))
        #expect((described.status, described.itemCounts.succeeded, described.itemCounts.failed) == (.succeeded, 3, 0))
        let redriven = try await listed(.redriven, mapRun: run)
        #expect(redriven.map(\.executionArn) == [failedChild.executionArn], "the child keeps its ARN and counts its redrive")
        #expect(try await h.describe(failedChild.executionArn).redriveCount == 1)
        let events = try await h.history(execution)
        let mapRunRedriven = try #require(events.first { $0.type == .mapRunRedriven })
        #expect(mapRunRedriven.details?["mapRunArn"] == .string(run))
        #expect(mapRunRedriven.details?["redriveCount"] == 1)
        #expect(mapRunRedriven.previousEventId == events.first { $0.type == .executionRedriven }?.id)
    }

    /// Items that failed within ToleratedFailureCount are run again by a redrive too, after the
    /// item that failed beyond it, as the concurrency allows; each keeps its child execution.
    @Test func aRedriveRunsAgainTheItemsThatFailedWithinTheTolerance() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ToleratedFailureCount":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition), input: "[1,2,3]")
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        try await h.fail(try await h.takeTask(activity).token, error: "Boom")
        #expect(try await h.describe(execution).status == .failed)
        let run = try #require(try await h.engine.listMapRuns(ListMapRunsInput(executionArn: execution)).mapRuns.first).mapRunArn

        _ = try await redrive(execution)
        var inputs: [JSONValue] = []
        for output in ["20", "10", "30"] {
            let task = try await h.takeTask(activity)
            inputs.append(task.input)
            try await h.succeed(task.token, output)
        }
        #expect(inputs == [2, 1, 3], "the item beyond the tolerance first, then the one within it, then the one never started")
        #expect(try json(try await h.engine.waitForExecution(execution).output) == [10, 20, 30])
        let counts = try await h.engine.describeMapRun(DescribeMapRunInput(mapRunArn: run)).itemCounts
        #expect((counts.succeeded, counts.failed, counts.total) == (3, 0, 3))
        #expect(try await listed(.redriven, mapRun: run).count == 2, "both failed items ran again under their child execution ARNs")
    }
}
