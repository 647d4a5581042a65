import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct RetryCatchTests {
    @Test func backoffGrowsByTheRateAndIsCapped() {
        let retrier = Retrier(errorEquals: ["E"], intervalSeconds: 3, backoffRate: JSONNumber(1.5))
        #expect(retrier.delaySeconds(forRetry: 0, random: { 0 }) == 3)
        #expect(retrier.delaySeconds(forRetry: 1, random: { 0 }) == 4.5)
        #expect(retrier.delaySeconds(forRetry: 2, random: { 0 }) == 6.75)
        let defaults = Retrier(errorEquals: ["E"])
        #expect(defaults.delaySeconds(forRetry: 3, random: { 0 }) == 8)
        #expect(defaults.delaySeconds(forRetry: -1, random: { 0 }) == 1)
        var capped = defaults
        capped.maxDelaySeconds = 5
        #expect(capped.delaySeconds(forRetry: 10, random: { 0 }) == 5)
        #expect(capped.delaySeconds(forRetry: 5000, random: { 0 }) == 5)
    }

    @Test func fullJitterDrawsWithinTheCappedDelay() {
        var retrier = Retrier(errorEquals: ["E"], intervalSeconds: 2, maxDelaySeconds: 10, jitterStrategy: .full)
        #expect(retrier.delaySeconds(forRetry: 1, random: { 0.5 }) == 2)
        #expect(retrier.delaySeconds(forRetry: 9, random: { 0.25 }) == 2.5)
        #expect(retrier.delaySeconds(forRetry: 1, random: { 7 }) == 4)
        retrier.jitterStrategy = Retrier.JitterStrategy.none
        #expect(retrier.delaySeconds(forRetry: 1, random: { 0.5 }) == 4)
    }

    @Test func attemptsRunOutAtMaxAttempts() {
        #expect(Retrier(errorEquals: ["E"]).allowsRetry(after: 2))
        #expect(!Retrier(errorEquals: ["E"]).allowsRetry(after: 3))
        #expect(!Retrier(errorEquals: ["E"], maxAttempts: 0).allowsRetry(after: 0))
    }

    @Test func errorMatching() {
        #expect(ErrorMatcher.matches(["A", "B"], error: "B"))
        #expect(!ErrorMatcher.matches(["A"], error: "a"))
        #expect(ErrorMatcher.matches(["States.ALL"], error: "my.app/oops"))
        #expect(ErrorMatcher.matches(["States.ALL"], error: "States.Timeout"))
        #expect(!ErrorMatcher.matches(["States.ALL"], error: "States.DataLimitExceeded"))
        #expect(ErrorMatcher.matches(["States.DataLimitExceeded"], error: "States.DataLimitExceeded"))
        #expect(!ErrorMatcher.matches(["States.ALL"], error: "States.Runtime"))
        #expect(!ErrorMatcher.matches(["States.Runtime"], error: "States.Runtime"))
        #expect(ErrorMatcher.matches(["States.TaskFailed"], error: "Lambda.Unknown"))
        #expect(ErrorMatcher.matches(["States.TaskFailed"], error: "States.Permissions"))
        #expect(!ErrorMatcher.matches(["States.TaskFailed"], error: "States.Timeout"))
        #expect(!ErrorMatcher.matches(["States.TaskFailed"], error: "States.HeartbeatTimeout"))
        #expect(ErrorMatcher.matches(["States.Timeout"], error: "States.HeartbeatTimeout"))
        #expect(ErrorMatcher.matches(["States.HeartbeatTimeout"], error: "States.HeartbeatTimeout"))
        #expect(!ErrorMatcher.matches(["States.HeartbeatTimeout"], error: "States.Timeout"))
        #expect(!ErrorMatcher.isCatchable("States.Runtime") && !ErrorMatcher.isRetriable("States.Runtime"))
        #expect(ErrorMatcher.isCatchable("States.DataLimitExceeded"))
    }

    @Test func errorsCarryAWSShapes() {
        let error = StatesError("E", "why")
        #expect(error.errorOutput == ["Error": "E", "Cause": "why"])
        #expect(error.inState("S", enteredAtEventId: 4).cause == "An error occurred while executing the state 'S' (entered at the event id #4). why")
    }
}
