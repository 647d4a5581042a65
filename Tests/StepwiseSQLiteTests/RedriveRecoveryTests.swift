import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import StepwiseSQLite
import Testing

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
}
