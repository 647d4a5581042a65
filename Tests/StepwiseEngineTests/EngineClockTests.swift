import Foundation
import StepFunctions
import Testing

@testable import StepwiseEngine

@Suite struct EngineClockTests {
    @Test func manualClockWakesSleepersWhenTimePasses() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: clock.now().addingTimeInterval(10)) }
        await clock.waitForSleepers(1)
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
        await clock.waitForSleepers(1)
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

    @Test(arguments: [1e12, .greatestFiniteMagnitude, .infinity])
    func aSystemClockSleepFarInTheFutureSleepsAnHourAtATime(seconds: TimeInterval) {
        #expect(SystemClock.nanoseconds(toSleepFor: seconds) == 3_600_000_000_000)
    }

    @Test func anEngineOnTheSystemClockHoldsAWaitOfCenturies() async throws {
        let engine = Engine()
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}"#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: Harness.role))
        let started = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: #"{"s":99999999999}"#))
        #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: started.executionArn)).status == .running)
        _ = try await engine.stopExecution(StopExecutionInput(executionArn: started.executionArn))
    }
}
