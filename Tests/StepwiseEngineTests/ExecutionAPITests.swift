import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct ExecutionAPITests {
    let h = Harness()
    static let waiting = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}}"#
    static let quick = #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#

    @Test func startReturnsTheArnAndStartDate() async throws {
        let machine = try await h.createMachine(Self.quick, name: "m")
        let started = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: machine, name: "e1", input: "{}"))
        #expect(started.executionArn == "arn:aws:states:us-east-1:123456789012:execution:m:e1")
        #expect(started.startDate == Harness.start)
    }

    @Test func withoutANameTheExecutionGetsAUniqueOne() async throws {
        let machine = try await h.createMachine(Self.quick)
        let first = try await h.start(machine)
        let second = try await h.start(machine)
        #expect(first != second)
        #expect(try await h.describe(first).name?.isEmpty == false)
    }

    @Test func theSameNameAndInputWhileRunningReturnsTheSameExecution() async throws {
        let machine = try await h.createMachine(Self.waiting)
        let first = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: machine, name: "once", input: #"{"a":1}"#))
        await h.advance(by: 3)
        let second = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: machine, name: "once", input: #"{"a":1}"#))
        #expect(second == first)
        #expect(try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: machine)).executions.count == 1)
    }

    @Test func theSameNameWithOtherInputIsRefused() async throws {
        let machine = try await h.createMachine(Self.waiting)
        let first = try await h.start(machine, input: #"{"a":1}"#, name: "once")
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.start(machine, input: #"{"a":2}"#, name: "once") }
        #expect(error.code == .executionAlreadyExists)
        #expect(error.message == "Execution Already Exists: '\(first)'")
    }

    @Test func theSameNameAfterTheExecutionEndedIsRefused() async throws {
        let machine = try await h.createMachine(Self.quick)
        _ = try await h.start(machine, name: "done")
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.start(machine, name: "done") }
        #expect(error.code == .executionAlreadyExists)
    }

    @Test func inputThatIsNotJSONIsRefused() async throws {
        let machine = try await h.createMachine(Self.quick)
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.start(machine, input: "{oops") }
        #expect(error.code == .invalidExecutionInput)
    }

    @Test func anInvalidExecutionNameIsRefused() async throws {
        let machine = try await h.createMachine(Self.quick)
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.start(machine, name: "a b") }
        #expect(error.code == .invalidName)
    }

    @Test func startingAMissingMachineFails() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.start("arn:aws:states:us-east-1:123456789012:stateMachine:ghost")
        }
        #expect(error.code == .stateMachineDoesNotExist)
    }

    @Test func describeShowsARunningAndThenAFinishedExecution() async throws {
        let machine = try await h.createMachine(Self.waiting, name: "m")
        let execution = try await h.start(machine, input: #"{"x":1}"#, name: "e")
        let running = try await h.describe(execution)
        #expect(running.status == .running)
        #expect(running.stateMachineArn == machine)
        #expect(running.name == "e")
        #expect(running.input == #"{"x":1}"#)
        #expect(running.output == nil)
        #expect(running.stopDate == nil)
        let done = try await h.finish(execution)
        #expect(done.status == .succeeded)
        #expect(done.output == #"{"x":1}"#)
        #expect(done.stopDate == Harness.start.addingTimeInterval(100))
    }

    @Test func describingAMissingExecutionFails() async throws {
        let arn = "arn:aws:states:us-east-1:123456789012:execution:m:ghost"
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.describe(arn) }
        #expect(error.code == .executionDoesNotExist)
        #expect(error.message == "Execution Does Not Exist: '\(arn)'")
        let invalid = try await #require(throws: StepFunctionsError.self) { _ = try await h.describe("arn:aws:states:us-east-1:123456789012:stateMachine:m") }
        #expect(invalid.code == .invalidArn)
    }

    // MARK: - StopExecution

    @Test func stopAbortsARunningExecution() async throws {
        let execution = try await h.start(try await h.createMachine(Self.waiting))
        await h.advance(by: 7)
        let stopped = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution, error: "Operator.Stop", cause: "by hand"))
        #expect(stopped.stopDate == Harness.start.addingTimeInterval(7))
        let result = try await h.describe(execution)
        #expect(result.status == .aborted)
        #expect(result.error == "Operator.Stop")
        #expect(result.cause == "by hand")
        #expect(result.stopDate == stopped.stopDate)
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [.executionStarted, .waitStateEntered, .executionAborted])
        #expect(events.last?.details?["error"] == "Operator.Stop")
        #expect(await h.engine.nextTimerDeadline() == nil)
    }

    @Test func stopRefusesAnOverlongErrorOrCause() async throws {
        let execution = try await h.start(try await h.createMachine(Self.waiting))
        for input in [
            StopExecutionInput(executionArn: execution, error: String(repeating: "e", count: 257)),
            StopExecutionInput(executionArn: execution, cause: String(repeating: "c", count: 32_769)),
        ] {
            let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.engine.stopExecution(input) }
            #expect(error.code == .validation)
        }
        #expect(try await h.describe(execution).status == .running)
    }

    @Test func aStoppedExecutionsQueuedTaskIsNotHandedOut() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#)
        let execution = try await h.start(machine)
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        let poll = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        #expect(poll.taskToken == nil)
    }

    @Test func stoppingWithoutErrorOrCause() async throws {
        let execution = try await h.start(try await h.createMachine(Self.waiting))
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        let result = try await h.describe(execution)
        #expect(result.status == .aborted)
        #expect(result.error == nil)
        #expect(result.cause == nil)
    }

    @Test func stoppingAFinishedExecutionChangesNothing() async throws {
        let execution = try await h.start(try await h.createMachine(Self.quick))
        await h.advance(by: 10)
        let stopped = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        #expect(stopped.stopDate == Harness.start)
        #expect(try await h.describe(execution).status == .succeeded)
    }

    @Test func waitForExecutionReturnsWhenTheExecutionIsStopped() async throws {
        let execution = try await h.start(try await h.createMachine(Self.waiting))
        let engine = h.engine
        let waiter = Task { try await engine.waitForExecution(execution) }
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution))
        #expect(try await waiter.value.status == .aborted)
    }

    // MARK: - ListExecutions

    @Test func listShowsNewestFirstAndFiltersByStatus() async throws {
        let waitingMachine = try await h.createMachine(Self.waiting, name: "slow")
        let quickMachine = try await h.createMachine(Self.quick, name: "fast")
        let slow = try await h.start(waitingMachine, name: "s1")
        await h.advance(by: 1)
        let fast = try await h.start(quickMachine, name: "f1")
        await h.advance(by: 1)
        let stopped = try await h.start(waitingMachine, name: "s2")
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: stopped))

        let all = try await h.engine.listExecutions(ListExecutionsInput())
        #expect(all.executions.map(\.executionArn) == [stopped, fast, slow])
        let ofSlow = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: waitingMachine))
        #expect(ofSlow.executions.map(\.name) == ["s2", "s1"])
        let running = try await h.engine.listExecutions(ListExecutionsInput(statusFilter: .running))
        #expect(running.executions.map(\.executionArn) == [slow])
        let aborted = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: waitingMachine, statusFilter: .aborted))
        #expect(aborted.executions.map(\.executionArn) == [stopped])
        #expect(aborted.executions.first?.stopDate != nil)
    }

    @Test func listPagesWithNextToken() async throws {
        let machine = try await h.createMachine(Self.quick)
        for n in 1...5 { _ = try await h.start(machine, name: "e\(n)") }
        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: machine, maxResults: 2, nextToken: token))
            names += page.executions.map(\.name)
            token = page.nextToken
            pages += 1
        } while token != nil
        #expect(names == ["e5", "e4", "e3", "e2", "e1"])
        #expect(pages == 3)
    }

    @Test func listingExecutionsOfAMissingMachineFails() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:ghost"))
        }
        #expect(error.code == .stateMachineDoesNotExist)
    }

    @Test func maxResultsOutOfRangeIsRefused() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.listExecutions(ListExecutionsInput(maxResults: 1001))
        }
        #expect(error.code == .validation)
    }

    // MARK: - StartSyncExecution

    @Test func startSyncRunsAnExpressMachineToTheEnd() async throws {
        let machine = try await h.engine.createStateMachine(
            CreateStateMachineInput(name: "express", definition: Self.quick, roleArn: Harness.role, type: .express)).stateMachineArn
        let result = try await h.engine.startSyncExecution(StartExecutionInput(stateMachineArn: machine, input: #"{"sync":true}"#))
        #expect(result.status == .succeeded)
        #expect(result.output == #"{"sync":true}"#)
    }

    @Test func startSyncRefusesAStandardMachine() async throws {
        let machine = try await h.createMachine(Self.quick)
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.startSyncExecution(StartExecutionInput(stateMachineArn: machine))
        }
        #expect(error.code == .stateMachineTypeNotSupported)
    }
}
