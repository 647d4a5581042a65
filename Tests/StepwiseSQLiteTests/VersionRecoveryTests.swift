import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseSQLite
import Testing

/// Versions, aliases and Map Runs are stored, and come back after a restart as they stood.
@Suite struct VersionRecoveryTests {
    let role = "arn:aws:iam::123456789012:role/r"
    static let first = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"first","End":true}}}"#
    static let second = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"second","End":true}}}"#

    func databasePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
    }

    func engine(_ path: String, _ clock: ManualClock) throws -> Engine {
        Engine(clock: clock, store: try SQLiteEngineStore(path: path))
    }

    @Test func versionsAndAliasesSurviveARestart() async throws {
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let machine = try await first!.createStateMachine(
            CreateStateMachineInput(name: "m", definition: Self.first, roleArn: role, publish: true, versionDescription: "one")).stateMachineArn
        _ = try await first!.updateStateMachine(UpdateStateMachineInput(stateMachineArn: machine, definition: Self.second, publish: true))
        _ = try await first!.deleteStateMachineVersion(DeleteStateMachineVersionInput(stateMachineVersionArn: machine + ":2"))
        let alias = try await first!.createStateMachineAlias(CreateStateMachineAliasInput(
            name: "live", routingConfiguration: [RoutingConfigurationListItem(stateMachineVersionArn: machine + ":1", weight: 100)])).stateMachineAliasArn
        let execution = try await first!.startExecution(StartExecutionInput(stateMachineArn: alias)).executionArn
        _ = try await first!.waitForExecution(execution)
        first = nil

        let second = try engine(path, clock)
        let report = try await second.recover()
        #expect(report.problems.isEmpty)
        let version = try await second.describeStateMachine(DescribeStateMachineInput(stateMachineArn: machine + ":1"))
        #expect((version.definition, version.description) == (Self.first, "one"))
        let described = try await second.describeExecution(DescribeExecutionInput(executionArn: execution))
        #expect((described.stateMachineVersionArn, described.stateMachineAliasArn) == (machine + ":1", alias))
        let rerun = try await second.startExecution(StartExecutionInput(stateMachineArn: alias)).executionArn
        #expect(try await second.waitForExecution(rerun).output == #""first""#, "the alias still routes to version 1")
        let published = try await second.publishStateMachineVersion(PublishStateMachineVersionInput(stateMachineArn: machine))
        #expect(published.stateMachineVersionArn == machine + ":3", "the deleted version 2's number stays used")
        let aliases = try await second.listStateMachineAliases(ListStateMachineAliasesInput(stateMachineArn: machine))
        #expect(aliases.stateMachineAliases.map(\.stateMachineAliasArn) == [alias])
    }

    /// A distributed Map (one item at a time, each waiting 10 s) interrupted with one item done
    /// and its concurrency raised by UpdateMapRun: after the restart the run goes on with the
    /// raised concurrency, and its counts are what they were.
    @Test func aRunningMapRunResumesWithItsCountsAndSettings() async throws {
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Nap","States":{"Nap":{"Type":"Wait","Seconds":10,"End":true}}}}}}
            """#
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let execution = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "[1,2,3,4,5]")).executionArn
        clock.advance(by: 10)
        await first!.fireDueTimers()
        let run = try #require(try await first!.listMapRuns(ListMapRunsInput(executionArn: execution)).mapRuns.first).mapRunArn
        _ = try await first!.updateMapRun(UpdateMapRunInput(mapRunArn: run, maxConcurrency: 2))
        let before = try await first!.describeMapRun(DescribeMapRunInput(mapRunArn: run))
        #expect((before.itemCounts.succeeded, before.itemCounts.running, before.itemCounts.pending) == (1, 2, 2))
        first = nil

        let second = try engine(path, clock)
        #expect(try await second.recover().resumedExecutions == 1)
        #expect(try await second.describeMapRun(DescribeMapRunInput(mapRunArn: run)) == before)
        clock.advance(by: 10)
        await second.fireDueTimers()
        let after = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: run))
        #expect((after.itemCounts.succeeded, after.itemCounts.running, after.itemCounts.pending) == (3, 2, 0), "two at a time, as updated")
        clock.advance(by: 10)
        await second.fireDueTimers()
        #expect(try await second.waitForExecution(execution).status == .succeeded)
        let ended = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: run))
        #expect(ended.status == .succeeded)
        #expect(try await second.listExecutions(ListExecutionsInput(mapRunArn: run)).executions.count == 5)
    }
}
