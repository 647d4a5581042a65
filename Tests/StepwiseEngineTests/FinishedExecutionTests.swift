import Foundation
import StepFunctions
import Testing

@testable import StepwiseEngine

/// Finished executions leave the engine's memory for the store, which answers for them, and
/// leave the store once their retention has run out.
@Suite struct FinishedExecutionTests {
    static let quick = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"done":true},"Next":"B"},"B":{"Type":"Pass","End":true}}}"#
    static let waiting = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":864000,"End":true}}}"#
    static let day: TimeInterval = 86_400

    @Test func finishedExecutionsAreAnsweredFromTheStoreOnceEvicted() async throws {
        let clock = ManualClock(start: Harness.start)
        let engine = Engine(configuration: .init(finishedExecutionCache: 2), clock: clock)
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: Self.quick, roleArn: Harness.role)).stateMachineArn
        let waiting = try await engine.createStateMachine(CreateStateMachineInput(name: "w", definition: Self.waiting, roleArn: Harness.role)).stateMachineArn
        let running = try await engine.startExecution(StartExecutionInput(stateMachineArn: waiting, name: "running")).executionArn
        var finished: [String] = []
        for n in 0..<5 {
            finished.append(try await engine.startExecution(StartExecutionInput(stateMachineArn: machine, name: "e\(n)", input: #"{"n":\#(n)}"#)).executionArn)
        }
        await engine.idle()
        #expect(await Array(engine.executions.keys) == [running], "only the running execution stays in memory")
        #expect(await engine.finishedRecords[finished[0]] == nil)
        #expect(await engine.finishedRecords[finished[4]] != nil, "the last to finish are cached")
        for (n, arn) in finished.enumerated() {
            let described = try await engine.describeExecution(DescribeExecutionInput(executionArn: arn))
            #expect(described.status == .succeeded)
            #expect(described.input == #"{"n":\#(n)}"#)
            #expect(described.output == #"{"done":true}"#)
        }
        let listed = try await engine.listExecutions(ListExecutionsInput())
        #expect(listed.executions.map(\.executionArn) == finished.reversed() + [running])
        let history = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: finished[0]))
        #expect(history.events.map(\.type) == [.executionStarted, .passStateEntered, .passStateExited, .passStateEntered, .passStateExited, .executionSucceeded])
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine, name: "e0"))
        }
        #expect(error.code == .executionAlreadyExists, "a finished execution's name stays taken after eviction")
        let stopped = try await engine.stopExecution(StopExecutionInput(executionArn: finished[0]))
        #expect(try await stopped.stopDate == engine.describeExecution(DescribeExecutionInput(executionArn: finished[0])).stopDate)
    }

    @Test func historyPagesByEventIdBothWays() async throws {
        let h = Harness()
        let arn = try await h.start(try await h.createMachine(Self.quick))
        await h.engine.idle()
        func pages(reverse: Bool) async throws -> [[Int]] {
            var pages: [[Int]] = []
            var token: String?
            repeat {
                let page = try await h.engine.getExecutionHistory(
                    GetExecutionHistoryInput(executionArn: arn, maxResults: 4, reverseOrder: reverse, nextToken: token))
                pages.append(page.events.map(\.id))
                token = page.nextToken
            } while token != nil
            return pages
        }
        #expect(try await pages(reverse: false) == [[1, 2, 3, 4], [5, 6]])
        #expect(try await pages(reverse: true) == [[6, 5, 4, 3], [2, 1]])
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: arn, nextToken: "bm9wZQ=="))
        }
        #expect(error.code == .invalidToken)
    }

    @Test func aListingGoesOnWhereItsPageEndedWhileExecutionsStart() async throws {
        let h = Harness()
        let machine = try await h.createMachine(Self.quick)
        for n in 1...5 { _ = try await h.start(machine, name: "e\(n)") }
        let first = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: machine, maxResults: 2))
        for n in 6...8 { _ = try await h.start(machine, name: "e\(n)") }
        var names = first.executions.map(\.name)
        var token = first.nextToken
        while let next = token {
            let page = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: machine, maxResults: 2, nextToken: next))
            names += page.executions.map(\.name)
            token = page.nextToken
        }
        #expect(names == ["e5", "e4", "e3", "e2", "e1"])
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.listExecutions(ListExecutionsInput(nextToken: "garbage"))
        }
        #expect(error.code == .invalidToken)
    }

    @Test func retentionDeletesFinishedExecutionsOnceDueAndNeverRunningOnes() async throws {
        let clock = ManualClock(start: Harness.start)
        let engine = Engine(configuration: .init(retention: Self.day), clock: clock)
        func advance(by seconds: TimeInterval) async {
            clock.advance(by: seconds)
            await engine.fireDueTimers()
        }
        func exists(_ arn: String) async throws -> Bool {
            do {
                _ = try await engine.describeExecution(DescribeExecutionInput(executionArn: arn))
                return true
            } catch let error as StepFunctionsError where error.code == .executionDoesNotExist {
                return false
            }
        }
        let quick = try await engine.createStateMachine(CreateStateMachineInput(name: "q", definition: Self.quick, roleArn: Harness.role)).stateMachineArn
        let waiting = try await engine.createStateMachine(CreateStateMachineInput(name: "w", definition: Self.waiting, roleArn: Harness.role)).stateMachineArn
        let failing = try await engine.createStateMachine(
            CreateStateMachineInput(name: "f", definition: #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom"}}}"#, roleArn: Harness.role)).stateMachineArn
        let early = try await engine.startExecution(StartExecutionInput(stateMachineArn: quick, name: "early")).executionArn
        // Failed, so kept in memory for a redrive (the in-memory store keeps no journal).
        let failed = try await engine.startExecution(StartExecutionInput(stateMachineArn: failing, name: "failed")).executionArn
        await advance(by: Self.day / 2)
        let late = try await engine.startExecution(StartExecutionInput(stateMachineArn: quick, name: "late")).executionArn
        let running = try await engine.startExecution(StartExecutionInput(stateMachineArn: waiting, name: "running")).executionArn
        await advance(by: Self.day / 2 - 60)
        #expect(try await exists(early), "not yet a day since it stopped")

        // Sweeps run hourly: the one after the day is up deletes it.
        await advance(by: Engine.Configuration.retentionSweepInterval + 60)
        #expect(try await !exists(early))
        #expect(try await !exists(failed))
        #expect(await engine.executions[failed] == nil)
        #expect(try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: late)).events.count == 6)
        #expect(try await engine.listExecutions(ListExecutionsInput()).executions.map(\.executionArn) == [running, late])

        await advance(by: Self.day / 2)
        #expect(try await !exists(late))
        await advance(by: 5 * Self.day)
        #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: running)).status == .running)
        // Its name is free again, as in AWS once an execution is gone.
        _ = try await engine.startExecution(StartExecutionInput(stateMachineArn: quick, name: "early"))
    }
}
