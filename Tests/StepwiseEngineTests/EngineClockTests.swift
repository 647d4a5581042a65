import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct EngineClockTests {
    /// Waits until a sleeper has parked on the clock.
    func parked(_ clock: ManualClock) async throws {
        var tries = 0
        while clock.sleeperCount == 0, tries < 100_000 {
            tries += 1
            await Task.yield()
        }
        try #require(clock.sleeperCount > 0, "nothing started sleeping")
    }

    @Test func manualClockWakesSleepersWhenTimePasses() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: clock.now().addingTimeInterval(10)) }
        try await parked(clock)
        #expect(clock.nextDeadline == clock.now().addingTimeInterval(10))
        clock.advance(by: 9)
        #expect(clock.sleeperCount == 1)
        #expect(clock.advanceToNextDeadline())
        try await sleeper.value
        #expect(clock.sleeperCount == 0)
        #expect(!clock.advanceToNextDeadline())
    }

    @Test func aCancelledManualSleeperWakesWithCancellation() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: clock.now().addingTimeInterval(10)) }
        try await parked(clock)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aManualSleepStartedAfterCancellationEndsAtOnce() async throws {
        let clock = ManualClock()
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(until: clock.now().addingTimeInterval(10))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
        #expect(clock.nextDeadline == nil)
    }

    @Test func aPastDeadlineDoesNotSleep() async throws {
        let clock = ManualClock()
        try await clock.sleep(until: clock.now())
        try await SystemClock().sleep(until: Date(timeIntervalSinceNow: -1))
    }

    @Test func aSystemClockSleepCanBeCancelled() async throws {
        let sleeper = Task { try await SystemClock().sleep(until: Date(timeIntervalSinceNow: 3600)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test(arguments: [1e12, .greatestFiniteMagnitude])
    func aSystemClockSleepFarInTheFutureWaitsInsteadOfTrapping(seconds: TimeInterval) async throws {
        let sleeper = Task { try await SystemClock().sleep(until: Date(timeIntervalSinceNow: seconds)) }
        // Give the sleep time to start before it is cancelled.
        for _ in 0..<100 { await Task.yield() }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test func anEngineOnTheSystemClockHoldsAWaitOfCenturies() async throws {
        let engine = Engine()
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}"#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: Harness.role))
        let started = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: #"{"s":99999999999}"#))
        for _ in 0..<100 { await Task.yield() }
        #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: started.executionArn)).status == .running)
        _ = try await engine.stopExecution(StopExecutionInput(executionArn: started.executionArn))
    }
}
