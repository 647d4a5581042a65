import Foundation
import StepFunctions
import StepwiseEngine
import Testing

/// `GetActivityTask` long-poll semantics, driven by the manual clock (a poll window only ends
/// when the test moves time).
@Suite struct ActivityPollTests {
    let h = Harness(pollTimeout: 60)

    func taskMachine(_ activity: String) async throws -> String {
        try await h.createMachine(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#)
    }

    func poll(_ activity: String, worker: String? = nil) -> Task<GetActivityTaskOutput, any Error> {
        let engine = h.engine
        return Task { try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity, workerName: worker)) }
    }

    @Test func aQueuedTaskIsReturnedAtOnce() async throws {
        let activity = try await h.createActivity()
        _ = try await h.start(try await taskMachine(activity), input: #"{"q":1}"#)
        let answer = try await poll(activity).value
        #expect(answer.taskToken != nil)
        #expect(try json(answer.input) == ["q": 1])
    }

    @Test func aWaitingPollGetsTheTaskAsSoonAsItIsScheduled() async throws {
        let activity = try await h.createActivity()
        let machine = try await taskMachine(activity)
        let waiting = poll(activity, worker: "early-bird")
        await h.engine.pollsParked(1, activityArn: activity)
        let execution = try await h.start(machine, input: #"{"w":2}"#)
        let answer = try await waiting.value
        #expect(try json(answer.input) == ["w": 2])
        // The task went to the waiting worker: it is started, and under that worker's name.
        let events = try await h.history(execution)
        #expect(events.last?.type == .activityStarted)
        #expect(events.last?.details?["workerName"] == "early-bird")
        try await h.succeed(try #require(answer.taskToken), "{}")
        #expect(try await h.engine.waitForExecution(execution).status == .succeeded)
    }

    @Test func waitingPollsAreServedInArrivalOrder() async throws {
        let activity = try await h.createActivity()
        let machine = try await taskMachine(activity)
        let first = poll(activity, worker: "first")
        await h.engine.pollsParked(1, activityArn: activity)
        let second = poll(activity, worker: "second")
        await h.engine.pollsParked(2, activityArn: activity)
        _ = try await h.start(machine, input: #"{"n":1}"#)
        _ = try await h.start(machine, input: #"{"n":2}"#)
        #expect(try json(try await first.value.input) == ["n": 1])
        #expect(try json(try await second.value.input) == ["n": 2])
    }

    @Test func anEmptyAnswerComesWhenTheWindowPasses() async throws {
        let activity = try await h.createActivity()
        let waiting = poll(activity)
        await h.engine.pollsParked(1, activityArn: activity)
        await h.advance(by: 59)
        #expect(await h.secondsToNextTimer() == 1)
        await h.advance(by: 1)
        let answer = try await waiting.value
        #expect(answer.taskToken == nil)
        #expect(answer.input == nil)
    }

    @Test func aZeroWindowAnswersAtOnce() async throws {
        let activity = try await h.createActivity()
        let answer = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        #expect(answer == GetActivityTaskOutput())
    }

    @Test func aCancelledPollAnswersEmptyAndDoesNotSwallowTheNextTask() async throws {
        let activity = try await h.createActivity()
        let waiting = poll(activity)
        await h.engine.pollsParked(1, activityArn: activity)
        waiting.cancel()
        let answer = try await waiting.value
        #expect(answer.taskToken == nil)
        _ = try await h.start(try await taskMachine(activity), input: #"{"after":"cancel"}"#)
        let next = try await h.takeTask(activity)
        #expect(next.input == ["after": "cancel"])
    }

    @Test(arguments: 0..<20)
    func aTaskScheduledRightAfterACancellationGoesToTheNextPoll(round: Int) async throws {
        let activity = try await h.createActivity()
        let machine = try await taskMachine(activity)
        let waiting = poll(activity)
        await h.engine.pollsParked(1, activityArn: activity)
        waiting.cancel()
        // No waiting for the cancelled poll to wind down: the task is scheduled at once.
        _ = try await h.start(machine, input: #"{"round":\#(round)}"#)
        #expect(try await waiting.value.taskToken == nil)
        #expect(try await h.takeTask(activity).input == ["round": .number(round)])
    }

    @Test func aPollCancelledBeforeItWaitsAnswersEmpty() async throws {
        let activity = try await h.createActivity()
        let engine = h.engine
        let waiting = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity))
        }
        #expect(try await waiting.value.taskToken == nil)
        _ = try await h.start(try await taskMachine(activity))
        _ = try await h.takeTask(activity)
    }

    @Test func deletingTheActivityAnswersWaitingPolls() async throws {
        let activity = try await h.createActivity()
        let waiting = poll(activity)
        await h.engine.pollsParked(1, activityArn: activity)
        _ = try await h.engine.deleteActivity(DeleteActivityInput(activityArn: activity))
        #expect(try await waiting.value.taskToken == nil)
    }

    @Test func pollingAMissingActivityFails() async throws {
        let missing = "arn:aws:states:us-east-1:123456789012:activity:ghost"
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: missing))
        }
        #expect(error.code == .activityDoesNotExist)
        #expect(error.message == "Activity Does Not Exist: '\(missing)'")
    }

    @Test func pollingADeletedActivityFails() async throws {
        let activity = try await h.createActivity()
        _ = try await h.engine.deleteActivity(DeleteActivityInput(activityArn: activity))
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        }
        #expect(error.code == .activityDoesNotExist)
    }

    @Test func pollingWithAMachineArnIsAnInvalidArn() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m"))
        }
        #expect(error.code == .invalidArn)
    }

    @Test func aWorkerNameLongerThan80CharactersIsRefused() async throws {
        let activity = try await h.createActivity()
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity, workerName: String(repeating: "w", count: 81)), waitingAtMost: 0)
        }
        #expect(error.code == .validation)
    }
}
