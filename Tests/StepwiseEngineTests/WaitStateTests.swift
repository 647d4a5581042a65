import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct WaitStateTests {
    let h = Harness()

    static func machine(_ wait: String) -> String {
        #"{"StartAt":"W","States":{"W":{"Type":"Wait",\#(wait),"End":true}}}"#
    }

    /// Starts a one-Wait machine and returns the execution, still waiting.
    func startWaiting(_ wait: String, input: String = "{}") async throws -> String {
        let execution = try await h.start(try await h.createMachine(Self.machine(wait)), input: input)
        #expect(try await h.describe(execution).status == .running)
        return execution
    }

    @Test func secondsWaitsThatLongOnTheClock() async throws {
        let execution = try await startWaiting(#""Seconds":10"#, input: #"{"v":1}"#)
        #expect(await h.secondsToNextTimer() == 10)
        await h.advance(by: 9)
        #expect(try await h.describe(execution).status == .running)
        await h.advance(by: 1)
        let result = try await h.engine.waitForExecution(execution)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["v": 1])
        #expect(result.stopDate == Harness.start.addingTimeInterval(10))
        #expect(try await h.eventTypes(execution) == [.executionStarted, .waitStateEntered, .waitStateExited, .executionSucceeded])
    }

    @Test func timestampWaitsUntilThatInstant() async throws {
        let execution = try await startWaiting(#""Timestamp":"2023-11-14T22:15:00Z""#)
        #expect(await h.engine.nextTimerDeadline() == Date(timeIntervalSince1970: 1_700_000_100))
        let result = try await h.finish(execution)
        #expect(result.stopDate == Date(timeIntervalSince1970: 1_700_000_100))
    }

    @Test func aTimestampInThePastDoesNotWait() async throws {
        let result = try await h.run(Self.machine(#""Timestamp":"2000-01-01T00:00:00Z""#))
        #expect(result.status == .succeeded)
        #expect(result.stopDate == Harness.start)
    }

    @Test func secondsPathReadsTheInput() async throws {
        let execution = try await startWaiting(#""SecondsPath":"$.delay""#, input: #"{"delay":25}"#)
        #expect(await h.secondsToNextTimer() == 25)
        #expect(try await h.finish(execution).status == .succeeded)
    }

    @Test func timestampPathReadsTheInput() async throws {
        let execution = try await startWaiting(#""TimestampPath":"$.until""#, input: #"{"until":"2023-11-14T23:13:20.500Z"}"#)
        #expect(await h.secondsToNextTimer() == 3600.5)
        #expect(try await h.finish(execution).stopDate == Harness.start.addingTimeInterval(3600.5))
    }

    @Test func zeroSecondsEndsAtOnce() async throws {
        #expect(try await h.run(Self.machine(#""Seconds":0"#)).stopDate == Harness.start)
    }

    @Test(arguments: [
        (#"{"delay":-1}"#, "references a negative value"),
        (#"{"delay":"ten"}"#, "cannot be parsed as a long value"),
        (#"{}"#, "does not reference an input value"),
    ])
    func badSecondsPathFailsWithARuntimeError(input: String, problem: String) async throws {
        let result = try await h.run(Self.machine(#""SecondsPath":"$.delay""#), input: input)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains(problem) == true)
    }

    @Test func badTimestampPathFailsWithARuntimeError() async throws {
        let result = try await h.run(Self.machine(#""TimestampPath":"$.until""#), input: #"{"until":"tomorrow"}"#)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("valid ISO-8601") == true)
    }

    @Test func waitAppliesInputPathAndOutputPath() async throws {
        let result = try await h.run(Self.machine(#""Seconds":1,"InputPath":"$.a","OutputPath":"$.b""#), input: #"{"a":{"b":"kept"}}"#)
        #expect(try json(result.output) == "kept")
    }

    @Test func waitsInSequenceAddUp() async throws {
        let definition = #"""
            {"StartAt":"W1","States":{
              "W1":{"Type":"Wait","Seconds":5,"Next":"W2"},
              "W2":{"Type":"Wait","Seconds":7,"End":true}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition))
        #expect(await h.secondsToNextTimer() == 5)
        await h.advance(by: 5)
        #expect(await h.secondsToNextTimer() == 7)
        #expect(try await h.finish(execution).stopDate == Harness.start.addingTimeInterval(12))
    }
}
