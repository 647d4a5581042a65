import Foundation
import StepFunctions
import StepwiseEngine
import Testing

/// States nested in one another: errors, stops and timeouts crossing their boundaries.
@Suite struct CompositionTests {
    let h = Harness()

    @Test func anIterationThatCatchesItsOwnErrorLetsTheMapSucceed() async throws {
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"Guard","States":{
              "Guard":{"Type":"Parallel","Catch":[{"ErrorEquals":["Bad.Item"],"ResultPath":"$.error","Next":"Recovered"}],"End":true,
                "Branches":[{"StartAt":"Check","States":{
                  "Check":{"Type":"Choice","Choices":[{"Variable":"$.bad","BooleanEquals":true,"Next":"Fail"}],"Default":"Ok"},
                  "Fail":{"Type":"Fail","Error":"Bad.Item"},
                  "Ok":{"Type":"Pass","Result":"ok","End":true}}}]},
              "Recovered":{"Type":"Pass","Parameters":{"recovered.$":"$.error.Error"},"End":true}}}}}}
            """#
        let result = try await h.run(definition, input: #"[{"bad":false},{"bad":true}]"#)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [["ok"], ["recovered": "Bad.Item"]])
    }

    @Test func mapsAndParallelsNestInEachOther() async throws {
        let definition = #"""
            {"StartAt":"Outer","States":{"Outer":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","End":true,"ItemProcessor":{"StartAt":"Both","States":{
                "Both":{"Type":"Parallel","End":true,"Branches":[
                  {"StartAt":"Same","States":{"Same":{"Type":"Pass","End":true}}},
                  {"StartAt":"Twice","States":{"Twice":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($, $)"},"OutputPath":"$.v","End":true}}}]}}}}}},
              {"StartAt":"Count","States":{"Count":{"Type":"Pass","Parameters":{"n.$":"States.ArrayLength($.xs)"},"End":true}}}]}}}
            """#
        let result = try await h.run(definition, input: #"{"xs":[1,5]}"#)
        #expect(try json(result.output) == [[[1, 2], [5, 10]], ["n": 2]])
    }

    @Test func stoppingAMapStopsItsIterations() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"End":true,"ItemProcessor":{"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"\#(activity)","End":true}}}}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition), input: "[1,2,3]")
        let first = try await h.takeTask(activity)
        _ = try await h.engine.stopExecution(StopExecutionInput(executionArn: execution, error: "Stop"))
        let late = try await #require(throws: StepFunctionsError.self) { try await h.succeed(first.token, "1") }
        #expect(late.code == .taskTimedOut)
        let next = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        #expect(next.taskToken == nil)
        #expect(try await h.describe(execution).status == .aborted)
    }

    @Test func theMachineTimeoutCutsARetryBackoffShort() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"TimeoutSeconds":5,"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)",
              "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":100}],"End":true}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition))
        try await h.fail(try await h.takeTask(activity).token, error: "Flaky")
        let result = try await h.finish(execution)
        #expect(result.status == .timedOut)
        #expect(result.stopDate == Harness.start.addingTimeInterval(5))
        #expect(await h.engine.nextTimerDeadline() == nil)
    }

    @Test func aCatcherCanLoopBackForAnotherTry() async throws {
        let activity = try await h.createActivity()
        let definition = #"""
            {"StartAt":"Count","States":{
              "Count":{"Type":"Pass","Parameters":{"tries.$":"States.MathAdd($.tries, 1)"},"Next":"T"},
              "T":{"Type":"Task","Resource":"\#(activity)","ResultPath":"$.result",
                "Catch":[{"ErrorEquals":["Again"],"ResultPath":null,"Next":"Count"}],"End":true}}}
            """#
        let execution = try await h.start(try await h.createMachine(definition), input: #"{"tries":0}"#)
        try await h.fail(try await h.takeTask(activity).token, error: "Again")
        try await h.fail(try await h.takeTask(activity).token, error: "Again")
        let third = try await h.takeTask(activity)
        #expect(third.input == ["tries": 3])
        try await h.succeed(third.token, #""done""#)
        #expect(try json(try await h.engine.waitForExecution(execution).output) == ["tries": 3, "result": "done"])
    }

    @Test func executionsRunIndependently() async throws {
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}"#
        let machine = try await h.createMachine(definition)
        let long = try await h.start(machine, input: #"{"s":50}"#)
        let short = try await h.start(machine, input: #"{"s":10}"#)
        #expect(try await h.finish(short).stopDate == Harness.start.addingTimeInterval(10))
        #expect(try await h.describe(long).status == .running)
        #expect(try await h.finish(long).stopDate == Harness.start.addingTimeInterval(50))
    }
}
