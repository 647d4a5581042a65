import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

@Suite struct HistoryAPITests {
    let h = Harness()
    static let chain = #"""
        {"StartAt":"A","States":{
          "A":{"Type":"Pass","Result":{"a":1},"Next":"B"},
          "B":{"Type":"Wait","Seconds":5,"Next":"C"},
          "C":{"Type":"Pass","End":true}}}
        """#

    func finishedChain() async throws -> String {
        let execution = try await h.start(try await h.createMachine(Self.chain), input: #"{"in":true}"#)
        _ = try await h.finish(execution)
        return execution
    }

    @Test func eventIdsCountUpAndChainThroughPreviousEventId() async throws {
        let events = try await h.history(try await finishedChain())
        #expect(events.map(\.id) == Array(1...events.count))
        // AWS starts the first state's chain at 0, then each event follows the one before.
        #expect(events.map(\.previousEventId) == [0, 0] + Array(2..<events.count))
    }

    @Test func eventsCarryTheirPayloadsAndTimes() async throws {
        let events = try await h.history(try await finishedChain())
        #expect(events.map(\.type) == [
            .executionStarted, .passStateEntered, .passStateExited, .waitStateEntered, .waitStateExited,
            .passStateEntered, .passStateExited, .executionSucceeded,
        ])
        #expect(try events[0].payload("input") == ["in": true])
        #expect(events[0].details?["roleArn"] == .string(Harness.role))
        #expect(events[0].details?["inputDetails"] == ["truncated": false])
        #expect(try events[2].payload("output") == ["a": 1])
        #expect(try events[7].payload("output") == ["a": 1])
        #expect(events[4].timestamp == Harness.start.addingTimeInterval(5))
        #expect(events[3].timestamp == Harness.start)
    }

    @Test func withoutExecutionDataThePayloadsAreLeftOut() async throws {
        let events = try await h.history(try await finishedChain(), includeData: false)
        #expect(events.count == 8)
        for event in events {
            #expect(event.details?["input"] == nil)
            #expect(event.details?["output"] == nil)
        }
        #expect(events[1].details?["name"] == "A")
        #expect(events[0].details?["roleArn"] == .string(Harness.role))
    }

    @Test func reverseOrderStartsAtTheEnd() async throws {
        let execution = try await finishedChain()
        let reversed = try await h.engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: execution, reverseOrder: true))
        #expect(reversed.events.map(\.id) == Array((1...8).reversed()))
        #expect(reversed.events.first?.type == .executionSucceeded)
    }

    @Test func historyPagesWithNextToken() async throws {
        let execution = try await finishedChain()
        var ids: [Int] = []
        var token: String?
        repeat {
            let page = try await h.engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: execution, maxResults: 3, nextToken: token))
            #expect(page.events.count <= 3)
            ids += page.events.map(\.id)
            token = page.nextToken
        } while token != nil
        #expect(ids == Array(1...8))
    }

    @Test func reversedPagesAlsoCoverEveryEvent() async throws {
        let execution = try await finishedChain()
        let first = try await h.engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: execution, maxResults: 5, reverseOrder: true))
        let rest = try await h.engine.getExecutionHistory(
            GetExecutionHistoryInput(executionArn: execution, maxResults: 5, reverseOrder: true, nextToken: first.nextToken))
        #expect((first.events + rest.events).map(\.id) == Array((1...8).reversed()))
        #expect(rest.nextToken == nil)
    }

    @Test func theHistoryOfARunningExecutionGrows() async throws {
        let execution = try await h.start(try await h.createMachine(Self.chain))
        #expect(try await h.history(execution).count == 4)
        _ = try await h.finish(execution)
        #expect(try await h.history(execution).count == 8)
    }

    @Test func parallelBranchesChainFromTheStartedEvent() async throws {
        let definition = #"""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},
              {"StartAt":"Y","States":{"Y":{"Type":"Pass","End":true}}}]}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition))
        _ = try await h.finish(execution)
        let events = try await h.history(execution)
        let started = try #require(events.first { $0.type == .parallelStateStarted })
        let entered = events.filter { $0.type == .passStateEntered }
        #expect(entered.count == 2)
        #expect(entered.allSatisfy { $0.previousEventId == started.id })
        for event in events where event.type == .passStateExited {
            #expect(events[event.previousEventId - 1].type == .passStateEntered)
        }
    }

    @Test func historyOfAMissingExecutionFails() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.history("arn:aws:states:us-east-1:123456789012:execution:m:ghost")
        }
        #expect(error.code == .executionDoesNotExist)
    }

    @Test func theWireFormNamesTheDetailsMember() async throws {
        let execution = try await finishedChain()
        let page = try await h.engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: execution, maxResults: 2))
        let wire = try JSONParser.parse(String(decoding: try WireCoding.encode(page), as: UTF8.self))
        let first = try #require(wire["events"]?.arrayValue?.first)
        #expect(first["type"] == "ExecutionStarted")
        #expect(first["executionStartedEventDetails"]?["input"] == #"{"in":true}"#)
        #expect(wire["nextToken"]?.stringValue != nil)
    }
}
