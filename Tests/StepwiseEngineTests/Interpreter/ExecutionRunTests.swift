import Foundation
import StepFunctions
import StepwiseJSON
import Testing

@testable import StepwiseEngine

/// The pure interpreter on its own: for each kind of state, the commands an event asks of the
/// driver and the history it records. Nothing here runs on the engine actor or waits.
@Suite("ExecutionRun: event in, commands out")
struct ExecutionRunTests {
    typealias H = InterpreterHarness

    static func task(_ fields: String = "", resource: String = H.activity, end: String = #""End":true"#) -> String {
        #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(resource)"\#(fields),\#(end)}}}"#
    }

    // MARK: - States that never wait

    @Test func aPassChainRunsToTheEndInOneStepWithoutCommands() throws {
        let h = try H(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.a","Next":"B"},"B":{"Type":"Pass","End":true}}}"#)
        let step = h.send(.start)
        #expect(step.commands.isEmpty)
        #expect(step.types == [.executionStarted, .passStateEntered, .passStateExited, .passStateEntered, .passStateExited, .executionSucceeded])
        // AWS chains the first state to nothing, not to ExecutionStarted.
        #expect(step.events.map(\.previousEventId) == [0, 0, 2, 3, 4, 5])
        #expect(h.run.status == .succeeded)
        #expect(h.run.output == ["a": 1])
    }

    @Test func aChoiceTakesTheMatchingBranch() throws {
        let h = try H(
            #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":10,"Next":"Big"}],"Default":"Small"},"Big":{"Type":"Succeed"},"Small":{"Type":"Fail","Error":"TooSmall"}}}"#,
            input: ["n": 3])
        let step = h.send(.start)
        #expect(step.commands.isEmpty)
        #expect(step.types == [.executionStarted, .choiceStateEntered, .choiceStateExited, .failStateEntered, .executionFailed])
        #expect(h.run.status == .failed)
        #expect(h.run.failure?.error == "TooSmall")
    }

    @Test func anEndlessLoopStopsAtTheHistoryQuotaWithinOneStep() throws {
        let h = try H(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"D"}],"Default":"A"},"D":{"Type":"Succeed"}}}"#)
        let step = h.send(.start)
        #expect((historyEventLimit...historyEventLimit + 2).contains(step.events.count))
        #expect(step.types.last == .executionFailed)
        #expect(h.run.status == .failed)
        #expect(h.run.failure?.error == "States.Runtime")
    }

    @Test func aStepPausesWhenTheEnvironmentSaysAndGoesOnWhereItStopped() throws {
        let h = try H(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}"#)
        h.environment.pauseAfter = 2
        let first = h.send(.start)
        #expect(first.commands == [.resume])
        #expect(first.types == [.executionStarted, .passStateEntered, .passStateExited, .passStateEntered, .passStateExited])
        #expect(h.run.pausedAfter == 2)
        let rest = h.send(.resume)
        #expect(rest.commands.isEmpty)
        #expect(rest.types == [.passStateEntered, .passStateExited, .executionSucceeded])
        #expect(rest.events.first?.previousEventId == 5, "the history goes on as if it had not paused")
        #expect(h.run.pausedAfter == nil)
        #expect(h.run.status == .succeeded)
    }

    @Test func aStopReachesALoopBetweenItsPauses() throws {
        let h = try H(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"D"}],"Default":"A"},"D":{"Type":"Succeed"}}}"#)
        h.environment.pauseAfter = 3
        #expect(h.send(.start).commands == [.resume])
        #expect(h.send(.resume).commands == [.resume])
        let stopped = h.send(.stop(error: "Halt", cause: nil))
        #expect(stopped.types.last == .executionAborted)
        #expect(h.run.status == .aborted)
        #expect(h.send(.resume).events.isEmpty, "a resume after the end does nothing")
    }

    // MARK: - Wait

    @Test func aWaitArmsATimerAndMovesOnWhenItFires() throws {
        let h = try H(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}"#)
        let started = h.send(.start)
        #expect(started.commands == [.startTimer(id: 1, deadline: h.at(10))])
        #expect(started.types == [.executionStarted, .waitStateEntered])
        let fired = h.send(.timerFired(1), after: 10)
        #expect(fired.commands.isEmpty)
        #expect(fired.types == [.waitStateExited, .executionSucceeded])
        #expect(fired.events.first?.timestamp == h.at(10))
    }

    @Test func aTimerThatIsNotPendingChangesNothing() throws {
        let h = try H(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}"#)
        h.send(.start)
        let stale = h.send(.timerFired(99), after: 10)
        #expect(stale.commands.isEmpty && stale.events.isEmpty)
        #expect(h.run.status == .running)
    }

    // MARK: - Tasks

    @Test func anActivityTaskIsScheduledWithItsTimeoutAndHeartbeat() throws {
        let h = try H(Self.task(#","TimeoutSeconds":30,"HeartbeatSeconds":10"#), input: ["x": 1])
        let started = h.send(.start)
        let token = try #require(started.scheduledToken)
        #expect(started.commands == [H.task(token, H.activity, ["x": 1]), .startTimer(id: 1, deadline: h.at(30))])
        #expect(started.types == [.executionStarted, .taskStateEntered, .activityScheduled])
        // The heartbeat clock starts when a worker takes the task, and restarts with each beat.
        let taken = h.send(.taskStarted(token: token, workerName: "w"), after: 1)
        #expect(taken.commands == [.startTimer(id: 2, deadline: h.at(11))])
        #expect(taken.types == [.activityStarted])
        let beat = h.send(.taskHeartbeat(token: token), after: 5)
        #expect(beat.commands == [.cancelTimer(id: 2), .startTimer(id: 3, deadline: h.at(16))])
        #expect(beat.events.isEmpty)
        let done = h.send(.taskSucceeded(token: token, output: ["y": 2]), after: 1)
        #expect(done.commands == [.cancelTimer(id: 1), .cancelTimer(id: 3)])
        #expect(done.types == [.activitySucceeded, .taskStateExited, .executionSucceeded])
        #expect(h.run.output == ["y": 2])
    }

    @Test func anAnswerWithAnUnknownTokenIsIgnored() throws {
        let h = try H(Self.task())
        h.send(.start)
        for event in [RunEvent.taskSucceeded(token: "nope", output: 1), .taskFailed(token: "nope", error: "E", cause: nil), .taskHeartbeat(token: "nope")] {
            let step = h.send(event)
            #expect(step.commands.isEmpty && step.events.isEmpty)
        }
        #expect(h.run.status == .running)
    }

    @Test func aTaskThatTimesOutIsWithdrawn() throws {
        let h = try H(Self.task(#","TimeoutSeconds":30"#))
        let token = try #require(h.send(.start).scheduledToken)
        let timedOut = h.send(.timerFired(1), after: 30)
        #expect(timedOut.commands == [.cancelTask(token: token)])
        #expect(timedOut.types == [.activityTimedOut, .executionFailed])
        #expect(h.run.failure?.error == "States.Timeout")
        // The worker's late answer is too late.
        #expect(h.send(.taskSucceeded(token: token, output: 1)).events.isEmpty)
    }

    @Test func aFailedTaskIsRetriedAfterItsBackoffWithAFreshToken() throws {
        let h = try H(Self.task(#","Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":2,"MaxAttempts":1}]"#))
        let first = try #require(h.send(.start).scheduledToken)
        let failed = h.send(.taskFailed(token: first, error: "Boom", cause: "c"))
        #expect(failed.commands == [.startTimer(id: 1, deadline: h.at(2))])
        #expect(failed.types == [.activityFailed])
        let retried = h.send(.timerFired(1), after: 2)
        let second = try #require(retried.scheduledToken)
        #expect(second != first)
        #expect(retried.commands == [H.task(second, H.activity, [:], invocation: 1)], "a retry is the state's next invocation")
        #expect(retried.types == [.activityScheduled])
        // The retrier is used up: the next failure fails the execution.
        let final = h.send(.taskFailed(token: second, error: "Boom", cause: "again"))
        #expect(final.commands.isEmpty)
        #expect(final.types == [.activityFailed, .executionFailed])
    }

    @Test func aCaughtErrorMovesToTheCatcherWithTheErrorAsInput() throws {
        let h = try H(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(H.activity)","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Recover"}],"End":true},"Recover":{"Type":"Pass","End":true}}}"#,
            input: ["keep": true])
        let token = try #require(h.send(.start).scheduledToken)
        let caught = h.send(.taskFailed(token: token, error: "Oops", cause: "why"))
        #expect(caught.types == [.activityFailed, .taskStateExited, .passStateEntered, .passStateExited, .executionSucceeded])
        #expect(h.run.output == ["keep": true, "error": ["Error": "Oops", "Cause": "why"]])
    }

    @Test func aResourceWithAStandInIsInvokedAndOneWithoutFailsTheExecution() throws {
        let served = try H(Self.task(resource: H.lambda), input: ["q": 1])
        let step = served.send(.start)
        let token = try #require(step.scheduledToken)
        #expect(step.commands == [H.task(token, H.lambda, ["q": 1])])
        #expect(step.types == [.executionStarted, .taskStateEntered, .lambdaFunctionScheduled])

        let unserved = try H(Self.task(resource: "arn:aws:lambda:us-east-1:123456789012:function:nobody"))
        let failed = unserved.send(.start)
        #expect(failed.commands.isEmpty)
        #expect(unserved.run.failure?.error == "States.Runtime")
        #expect(unserved.run.failure?.cause.contains("the Lambda function 'nobody'") == true)
    }

    @Test func aMissingActivityFailsTheExecution() throws {
        let h = try H(Self.task())
        h.environment.activities = []
        h.send(.start)
        #expect(h.run.failure?.error == "States.Runtime")
        #expect(h.run.failure?.cause.contains("does not exist") == true)
    }

    // MARK: - Parallel and Map

    @Test func parallelBranchesRunSideBySideAndGatherTheirOutputsInOrder() throws {
        func branch(_ name: String) -> String { #"{"StartAt":"\#(name)","States":{"\#(name)":{"Type":"Task","Resource":"\#(H.activity)","End":true}}}"# }
        let h = try H(#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[\#(branch("A")),\#(branch("B"))],"End":true}}}"#)
        let started = h.send(.start)
        let tokens = started.commands.compactMap { command -> String? in
            if case .invokeTask(let call) = command { return call.token } else { return nil }
        }
        #expect(tokens.count == 2)
        // The second branch answers first; the output keeps branch order.
        h.send(.taskSucceeded(token: tokens[1], output: "second"))
        #expect(h.run.status == .running)
        let last = h.send(.taskSucceeded(token: tokens[0], output: "first"))
        #expect(last.types.suffix(3) == [.parallelStateSucceeded, .parallelStateExited, .executionSucceeded])
        #expect(h.run.output == ["first", "second"])
    }

    @Test func aMapWithMaxConcurrencyOneSchedulesOneIterationAtATime() throws {
        let processor = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(H.activity)","End":true}}}"#
        let h = try H(#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":\#(processor),"End":true}}}"#, input: [1, 2, 3])
        var token = try #require(h.send(.start).scheduledToken)
        var outputs: [JSONValue] = []
        for item in 1...3 {
            outputs.append(.number(item * 10))
            let next = h.send(.taskSucceeded(token: token, output: .number(item * 10)))
            if item < 3 {
                #expect(next.commands.count == 1)
                token = try #require(next.scheduledToken)
            }
        }
        #expect(h.run.output == .array(outputs))
    }

    /// A distributed Map's children are child workflows: their events are not in this history,
    /// and each has its own quota, so a child that loops forever fails instead of running forever.
    @Test func aDistributedMapChildThatLoopsForeverFailsAtItsOwnHistoryQuota() throws {
        let child = #"""
            {"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"A","States":{
              "A":{"Type":"Pass","Next":"C"},
              "C":{"Type":"Choice","Choices":[{"Variable":"$.loop","BooleanEquals":false,"Next":"D"}],"Default":"A"},
              "D":{"Type":"Succeed"}}}
            """#
        let h = try H(
            #"{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":1,"ItemProcessor":\#(child),"End":true}}}"#,
            input: [["loop": true], ["loop": false]])
        let step = h.send(.start)
        #expect(step.events.count < 20, "the children's events are not in the execution's history")
        #expect(h.run.status == .succeeded)
        let outputs = try #require(h.run.output?.arrayValue)
        #expect(outputs[0]["Error"] == "States.Runtime")
        #expect(outputs[0]["Cause"]?.stringValue?.contains("maximum number of history events") == true)
        #expect(outputs[1] == ["loop": false])
    }

    // MARK: - Ending from outside

    @Test func theMachineTimeoutEndsEverythingInFlight() throws {
        let h = try H(#"{"TimeoutSeconds":60,"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(H.activity)","TimeoutSeconds":100,"End":true}}}"#)
        let started = h.send(.start)
        let token = try #require(started.scheduledToken)
        #expect(started.commands.contains(.startTimer(id: 1, deadline: h.at(60))))
        let timedOut = h.send(.timerFired(1), after: 60)
        #expect(timedOut.commands == [.cancelTask(token: token), .cancelTimer(id: 2)])
        #expect(timedOut.types == [.executionTimedOut])
        #expect(h.run.status == .timedOut)
    }

    @Test func stoppingWithdrawsTasksAndTimersAndRecordsOnlyTheAbort() throws {
        let h = try H(Self.task(#","TimeoutSeconds":30"#))
        let token = try #require(h.send(.start).scheduledToken)
        let stopped = h.send(.stop(error: "Operator", cause: "enough"))
        #expect(stopped.commands == [.cancelTask(token: token), .cancelTimer(id: 1)])
        #expect(stopped.types == [.executionAborted])
        #expect(h.run.status == .aborted)
        #expect(h.send(.timerFired(1)).events.isEmpty)
    }

    // MARK: - Recovery

    /// Recovery replays a journal through a fresh run: the same events must give the same
    /// history and the same commands, tokens and timers included.
    @Test func replayingTheSameEventsGivesTheSameHistoryAndCommands() throws {
        let definition = Self.task(#","TimeoutSeconds":30,"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"JitterStrategy":"FULL"}]"#)
        func play(_ h: H) throws -> [H.Step] {
            var steps = [h.send(.start)]
            let first = try #require(steps[0].scheduledToken)
            steps.append(h.send(.taskStarted(token: first, workerName: "w"), after: 1))
            steps.append(h.send(.taskFailed(token: first, error: "E", cause: nil), after: 1))
            steps.append(h.send(.timerFired(2), after: 3))
            let second = try #require(steps[3].scheduledToken)
            steps.append(h.send(.taskSucceeded(token: second, output: "ok"), after: 1))
            return steps
        }
        let original = try play(try H(definition))
        let replayed = try play(try H(definition))
        #expect(original.map(\.commands) == replayed.map(\.commands))
        #expect(original.map(\.events) == replayed.map(\.events))
        #expect(original.last?.types.last == .executionSucceeded)
    }
}
