import Foundation
import Synchronization
import StatesLanguage
import StepFunctions
import StepwiseEngine
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
