import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import Synchronization
import Testing

/// Task resources the engine cannot run itself, served by registered Swift stand-ins.
@Suite struct LocalResourceTests {
    let h = Harness()
    static let lambda = "arn:aws:lambda:us-east-1:123456789012:function:add"

    static func machine(_ fields: String = "") -> String {
        #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(lambda)"\#(fields),"End":true}}}"#
    }

    @Test func aStandInAnswersTheTask() async throws {
        await h.engine.registerLocalResource(Self.lambda) { input in
            .number((input["x"]?.intValue ?? 0) + (input["y"]?.intValue ?? 0))
        }
        let execution = try await h.start(try await h.createMachine(Self.machine(#","ResultPath":"$.sum""#)), input: #"{"x":40,"y":2}"#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output) == ["x": 40, "y": 2, "sum": 42])
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskSucceeded, .taskStateExited, .executionSucceeded,
        ])
        #expect(events[2].details?["resourceType"] == "lambda")
        #expect(events[2].details?["resource"] == .string(Self.lambda))
    }

    @Test func aStandInThrowingAStatesErrorFailsWithThatError() async throws {
        await h.engine.registerLocalResource(Self.lambda) { _ in throw StatesError("Add.Overflow", "too big") }
        let result = try await h.engine.waitForExecution(try await h.start(try await h.createMachine(Self.machine())))
        #expect(result.status == .failed)
        #expect(result.error == "Add.Overflow")
        #expect(result.cause == "too big")
    }

    struct Unexpected: Error {}

    @Test func anyOtherThrownErrorIsNamedByItsType() async throws {
        await h.engine.registerLocalResource(Self.lambda) { _ in throw Unexpected() }
        let result = try await h.engine.waitForExecution(try await h.start(try await h.createMachine(Self.machine())))
        #expect(result.error == "Unexpected")
    }

    @Test func standInErrorsCanBeRetriedAndCaught() async throws {
        let calls = Counter()
        await h.engine.registerLocalResource(Self.lambda) { _ in
            if calls.increment() < 3 { throw StatesError("Busy", "later") }
            return "third time"
        }
        let definition = Self.machine(#","Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":1,"MaxAttempts":5}]"#)
        let result = try await h.finish(try await h.start(try await h.createMachine(definition)))
        #expect(try json(result.output) == "third time")
        #expect(calls.value == 3)
    }

    @Test func timeoutSecondsAppliesToAStandInAndCancelsIt() async throws {
        let clock = h.clock
        let cancelled = Mutex(false)
        await h.engine.registerLocalResource(Self.lambda) { _ in
            do {
                try await clock.sleep(until: clock.now().addingTimeInterval(100))
            } catch {
                cancelled.withLock { $0 = true }
                throw error
            }
            return "too late"
        }
        let execution = try await h.start(try await h.createMachine(Self.machine(#","TimeoutSeconds":10"#)))
        // Advancing waits until the stand-in has wound down, so its cancellation is visible.
        await h.advance(by: 10)
        let result = try await h.describe(execution)
        #expect(result.status == .failed)
        #expect(result.error == "States.Timeout")
        #expect(result.stopDate == Harness.start.addingTimeInterval(10))
        #expect(try await h.eventTypes(execution).suffix(2) == [.taskTimedOut, .executionFailed])
        #expect(cancelled.withLock { $0 })
    }

    @Test func aStandInCanAnswerThroughTheTaskTokenItWasGiven() async throws {
        let engine = h.engine
        await h.engine.registerLocalResource(Self.lambda) { input in
            // A callback-style resource: the answer arrives through SendTaskSuccess.
            let token = input["token"]?.stringValue ?? ""
            Task { _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: #""called back""#)) }
            return "direct"
        }
        let execution = try await h.start(try await h.createMachine(Self.machine(#","Parameters":{"token.$":"$$.Task.Token"}"#)))
        let output = try json(try await h.engine.waitForExecution(execution).output)
        #expect(output == "direct" || output == "called back")
    }

    @Test func theScheduledEventNamesTheResourcesRegion() async throws {
        let engine = Engine(configuration: .init(region: "eu-west-1"), clock: ManualClock())
        let resources = ["arn:aws:lambda:ap-south-1:123456789012:function:f": "ap-south-1", "arn:aws:states:::lambda:invoke": "eu-west-1"]
        for (index, (resource, region)) in resources.sorted(by: { $0.key < $1.key }).enumerated() {
            await engine.registerLocalResource(resource) { _ in "ok" }
            let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(resource)","End":true}}}"#
            let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m\(index)", definition: definition, roleArn: Harness.role))
            let execution = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn)).executionArn
            _ = try await engine.waitForExecution(execution)
            let events = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: execution)).events
            #expect(events.first { $0.type == .taskScheduled }?.details?["region"] == .string(region))
        }
    }

    @Test func withoutExecutionDataTaskPayloadsAreLeftOut() async throws {
        await h.engine.registerLocalResource(Self.lambda) { _ in ["secret": "result"] }
        let execution = try await h.start(try await h.createMachine(Self.machine()), input: #"{"secret":"input"}"#)
        _ = try await h.engine.waitForExecution(execution)
        let events = try await h.history(execution, includeData: false)
        let scheduled = try #require(events.first { $0.type == .taskScheduled })
        let succeeded = try #require(events.first { $0.type == .taskSucceeded })
        #expect(scheduled.details?["parameters"] == nil)
        #expect(scheduled.details?["resource"] == .string(Self.lambda))
        #expect(succeeded.details?["output"] == nil)
        #expect(succeeded.details?["outputDetails"] == nil)
        let full = try await h.history(execution)
        #expect(full.first { $0.type == .taskSucceeded }?.details?["output"] == #"{"secret":"result"}"#)
    }

    @Test func anUnsupportedResourceFailsWithAClearError() async throws {
        let result = try await h.run(Self.machine())
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'\(Self.lambda)' cannot run on the Stepwise local engine") == true)
    }
}

/// A thread-safe counter for stand-ins called from the engine's tasks.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() -> Int { count.withLock { $0 += 1; return $0 } }
    var value: Int { count.withLock { $0 } }
}
