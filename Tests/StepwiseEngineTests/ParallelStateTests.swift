import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct ParallelStateTests {
    let h = Harness()

    @Test func branchResultsAreCollectedInBranchOrder() async throws {
        let definition = #"""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Slow","States":{"Slow":{"Type":"Wait","Seconds":5,"Next":"A"},"A":{"Type":"Pass","Result":"a","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}},
              {"StartAt":"C","States":{"C":{"Type":"Pass","InputPath":"$.v","End":true}}}]}}}
            """#
        let result = try await h.run(definition, input: #"{"v":3}"#)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["a", "b", 3])
    }

    @Test func parametersAreEachBranchInputAndResultPathPlacesTheResults() async throws {
        let definition = #"""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Parameters":{"n.$":"$.n"},"ResultPath":"$.results",
              "ResultSelector":{"first.$":"$[0].n","count.$":"States.ArrayLength($)"},"End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}
            """#
        let result = try await h.run(definition, input: #"{"n":4,"other":true}"#)
        #expect(try json(result.output) == ["n": 4, "other": true, "results": ["first": 4, "count": 2]])
    }

    @Test func historyShowsTheParallelLifecycle() async throws {
        let definition = #"""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}}}
            """#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine)
        _ = try await h.finish(execution)
        #expect(try await h.eventTypes(execution) == [
            .executionStarted, .parallelStateEntered, .parallelStateStarted, .passStateEntered, .passStateExited,
            .parallelStateSucceeded, .parallelStateExited, .executionSucceeded,
        ])
    }

    /// One branch fails at once while the other waits on a worker and a timer.
    static let failingBranch = #"""
        {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"ACTIVITY","End":true}}},
          {"StartAt":"Nap","States":{"Nap":{"Type":"Wait","Seconds":100,"End":true}}},
          {"StartAt":"Boom","States":{"Boom":{"Type":"Wait","Seconds":1,"Next":"Fail"},"Fail":{"Type":"Fail","Error":"Branch.Broke","Cause":"no"}}}]}}}
        """#

    @Test func aFailingBranchAbortsTheOthersAndFailsTheState() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(Self.failingBranch.replacingOccurrences(of: "ACTIVITY", with: activity))
        let execution = try await h.start(machine)
        let task = try await h.takeTask(activity)
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        #expect(result.error == "Branch.Broke")
        #expect(result.cause == "no")
        // The branches still running were stopped: their timer is gone and their task closed.
        #expect(result.stopDate == Harness.start.addingTimeInterval(1))
        #expect(await h.engine.nextTimerDeadline() == nil)
        let late = try await #require(throws: StepFunctionsError.self) { try await h.succeed(task.token, "{}") }
        #expect(late.code == .taskTimedOut)
        let types = try await h.eventTypes(execution)
        #expect(types.contains(.taskStateAborted))
        #expect(types.contains(.waitStateAborted))
        #expect(types.suffix(2) == [.parallelStateFailed, .executionFailed])
    }

    @Test func aCaughtBranchFailureContinuesAtTheHandler() async throws {
        let definition = #"""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Next":"Done","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Handler"}],
                "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}]},
              "Handler":{"Type":"Pass","End":true},
              "Done":{"Type":"Pass","Result":"not here","End":true}}}
            """#
        let result = try await h.run(definition, input: #"{"in":1}"#)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["in": 1, "error": ["Error": "E", "Cause": "C"]])
    }

    @Test func nestedParallelsRunToCompletion() async throws {
        let definition = #"""
            {"StartAt":"Outer","States":{"Outer":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Inner","States":{"Inner":{"Type":"Parallel","End":true,"Branches":[
                {"StartAt":"X","States":{"X":{"Type":"Pass","Result":"x","End":true}}},
                {"StartAt":"Y","States":{"Y":{"Type":"Wait","Seconds":2,"Next":"Z"},"Z":{"Type":"Pass","Result":"z","End":true}}}]}}},
              {"StartAt":"W","States":{"W":{"Type":"Pass","Result":"w","End":true}}}]}}}
            """#
        let result = try await h.run(definition)
        #expect(try json(result.output) == [["x", "z"], "w"])
        #expect(result.stopDate == Harness.start.addingTimeInterval(2))
    }
}
