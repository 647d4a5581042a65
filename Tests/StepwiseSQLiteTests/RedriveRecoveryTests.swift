import Foundation
import StepFunctions
import StepwiseJSON
import StepwiseSQLite
import Testing

@testable import StepwiseEngine

/// A redrive survives a restart: an execution that failed before the restart is redriven by
/// the next engine on the same database, and so is a distributed Map's run.
@Suite struct RedriveRecoveryTests {
    let role = "arn:aws:iam::123456789012:role/r"

    func engine(_ path: String, _ clock: ManualClock) throws -> Engine {
        Engine(clock: clock, store: try SQLiteEngineStore(path: path))
    }

    func task(_ engine: Engine, _ activity: String) async throws -> (token: String, input: String) {
        let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        return (try #require(task.taskToken, "no task queued for \(activity)"), try #require(task.input))
    }

    @Test(arguments: [#"{"Mode":"INLINE"}"#, #"{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}"#])
    func anExecutionThatFailedBeforeARestartIsRedrivenAfterIt(processor: String) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let activity = try await first!.createActivity(CreateActivityInput(name: "work")).activityArn
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":\#(processor),
                "StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}}}}
            """#
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let execution = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "[1,2]")).executionArn
        _ = try await first!.sendTaskSuccess(SendTaskSuccessInput(taskToken: try await task(first!, activity).token, output: "10"))
        _ = try await first!.sendTaskFailure(SendTaskFailureInput(taskToken: try await task(first!, activity).token, error: "Boom"))
        #expect(try await first!.waitForExecution(execution).status == .failed)
        first = nil

        let second = try engine(path, clock)
        _ = try await second.recover()
        #expect(await second.mapRuns.runs.isEmpty, "a restart loads only the Map Runs of running executions")
        #expect(try await second.describeExecution(DescribeExecutionInput(executionArn: execution)).redriveStatus == .redrivable)
        _ = try await second.redriveExecution(RedriveExecutionInput(executionArn: execution))
        let again = try await task(second, activity)
        #expect(again.input == "2", "only the item that failed runs again")
        _ = try await second.sendTaskSuccess(SendTaskSuccessInput(taskToken: again.token, output: "20"))
        let result = try await second.waitForExecution(execution)
        #expect(result.status == .succeeded)
        #expect(try JSONParser.parse(try #require(result.output)) == [10, 20])
        let described = try await second.describeExecution(DescribeExecutionInput(executionArn: execution))
        #expect(described.redriveCount == 1)
        if processor.contains("DISTRIBUTED") {
            let run = try #require(try await second.listMapRuns(ListMapRunsInput(executionArn: execution)).mapRuns.first).mapRunArn
            let mapRun = try await second.describeMapRun(DescribeMapRunInput(mapRunArn: run))
            #expect((mapRun.status, mapRun.redriveCount, mapRun.itemCounts.succeeded) == (.succeeded, 1, 2))
        }
    }

    /// With no finished execution kept in memory, the store answers for them: a failed
    /// distributed Map's execution started by an alias is listed by its version, its alias and
    /// its redrives, its Map Run's children by the run (REDRIVABLE_BY_MAP_RUN through the
    /// stored parent), and it is redriven from its journal, a client token answered once; a
    /// retention sweep then takes its Map Runs and their children with it.
    @Test func finishedExecutionsOutOfMemoryAreListedDescribedAndRedrivenFromTheStore() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
        let clock = ManualClock()
        let day: TimeInterval = 24 * 3600
        let engine = Engine(configuration: .init(retention: day, finishedExecutionCache: 0), clock: clock, store: try SQLiteEngineStore(path: path))
        let activity = try await engine.createActivity(CreateActivityInput(name: "work")).activityArn
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}}}}
            """#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role, publish: true))
        let version = try #require(machine.stateMachineVersionArn)
        let alias = try await engine.createStateMachineAlias(CreateStateMachineAliasInput(
            name: "live", routingConfiguration: [RoutingConfigurationListItem(stateMachineVersionArn: version, weight: 100)])).stateMachineAliasArn
        let execution = try await engine.startExecution(StartExecutionInput(stateMachineArn: alias, input: "[1,2]")).executionArn
        _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: try await task(engine, activity).token, output: "10"))
        _ = try await engine.sendTaskFailure(SendTaskFailureInput(taskToken: try await task(engine, activity).token, error: "Boom"))
        #expect(try await engine.waitForExecution(execution).status == .failed)
        #expect(await engine.mapRuns.runs.isEmpty, "its Map Run left memory with the execution")

        for arn in [machine.stateMachineArn, version, alias] {
            let listed = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: arn, statusFilter: .failed)).executions
            #expect(listed.map(\.executionArn) == [execution])
            let item = try #require(listed.first)
            #expect(item.stateMachineVersionArn == version && item.stateMachineAliasArn == alias && item.redriveCount == 0)
        }
        let run = try #require(try await engine.listMapRuns(ListMapRunsInput(executionArn: execution)).mapRuns.first).mapRunArn
        let children = try await engine.listExecutions(ListExecutionsInput(maxResults: 1, mapRunArn: run))
        #expect(children.executions.map(\.status) == [.failed] && children.nextToken != nil, "newest first: item 1 started last")
        let rest = try await engine.listExecutions(ListExecutionsInput(maxResults: 1, nextToken: children.nextToken, mapRunArn: run))
        #expect(rest.executions.map(\.status) == [.succeeded] && rest.nextToken == nil)
        let failedChild = try await engine.describeExecution(DescribeExecutionInput(executionArn: children.executions[0].executionArn))
        #expect(failedChild.redriveStatus == .redrivableByMapRun)

        let redriven = try await engine.redriveExecution(RedriveExecutionInput(executionArn: execution, clientToken: "once"))
        #expect(try await engine.redriveExecution(RedriveExecutionInput(executionArn: execution, clientToken: "once")).redriveDate == redriven.redriveDate)
        #expect(await engine.mapRuns.runs[run]?.record.status == .running, "the redrive brought the Map Run back")
        let again = try await task(engine, activity)
        #expect(again.input == "2")
        _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: again.token, output: "20"))
        #expect(try await engine.waitForExecution(execution).status == .succeeded)
        let mapRun = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: run))
        #expect((mapRun.status, mapRun.redriveCount, mapRun.itemCounts.succeeded) == (.succeeded, 1, 2), "described from the store")
        let listed = try await engine.listExecutions(ListExecutionsInput(stateMachineArn: version, redriveFilter: .redriven)).executions
        #expect(listed.map(\.executionArn) == [execution])
        #expect(listed.first?.redriveCount == 1 && listed.first?.redriveDate == redriven.redriveDate)
        #expect(try await engine.listExecutions(ListExecutionsInput(stateMachineArn: alias, redriveFilter: .notRedriven)).executions.isEmpty)
        let redrivenChildren = try await engine.listExecutions(ListExecutionsInput(mapRunArn: run, redriveFilter: .redriven)).executions
        #expect(redrivenChildren.map(\.status) == [.succeeded])

        clock.advance(by: day + Engine.Configuration.retentionSweepInterval)
        await engine.fireDueTimers()
        await #expect(throws: StepFunctionsError.self) { try await engine.describeExecution(DescribeExecutionInput(executionArn: execution)) }
        await #expect(throws: StepFunctionsError.self) { try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: run)) }
        let store = try SQLiteEngineStore(path: path)
        #expect(try await store.mapRuns(executionArn: execution).isEmpty)
    }

    /// An execution that failed at the history event limit is not redrivable, and says so in
    /// DescribeExecution even once it has left memory (its run, which would tell, is gone).
    @Test func anExecutionAtTheHistoryLimitIsDescribedAsNotRedrivableOutOfMemory() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
        let engine = Engine(configuration: .init(finishedExecutionCache: 0), clock: ManualClock(), store: try SQLiteEngineStore(path: path))
        let definition = #"""
            {"StartAt":"Spin","States":{
              "Spin":{"Type":"Pass","Next":"Again"},
              "Again":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"Done"}],"Default":"Spin"},
              "Done":{"Type":"Succeed"}}}
            """#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "spin", definition: definition, roleArn: role))
        let execution = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "{}")).executionArn
        #expect(try await engine.waitForExecution(execution).status == .failed)
        #expect(await engine.executions[execution] == nil, "it has left memory")
        let described = try await engine.describeExecution(DescribeExecutionInput(executionArn: execution))
        #expect(described.redriveStatus == .notRedrivable)
        #expect(described.redriveStatusReason == "Execution history event limit exceeded")
        let refusal = await #expect(throws: StepFunctionsError.self) { try await engine.redriveExecution(RedriveExecutionInput(executionArn: execution)) }
        #expect(refusal?.code == .executionNotRedrivable)
    }
}
