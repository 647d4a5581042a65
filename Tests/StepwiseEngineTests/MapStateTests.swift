import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

@Suite struct MapStateTests {
    let h = Harness()

    static func map(_ fields: String, processor: String = #""StartAt":"I","States":{"I":{"Type":"Pass","End":true}}"#) -> String {
        #"{"StartAt":"M","States":{"M":{"Type":"Map",\#(fields)"ItemProcessor":{\#(processor)},"End":true}}}"#
    }

    @Test func eachItemRunsThroughTheProcessorInOrder() async throws {
        let processor = #""StartAt":"Double","States":{"Double":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.n, $.n)"},"End":true}}"#
        let result = try await h.run(Self.map(#""ItemsPath":"$.items","#, processor: processor), input: #"{"items":[{"n":1},{"n":2},{"n":3}]}"#)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [["v": 2], ["v": 4], ["v": 6]])
    }

    @Test func withoutItemsPathTheWholeInputIsIterated() async throws {
        #expect(try json(try await h.run(Self.map(""), input: "[1,2]").output) == [1, 2])
    }

    @Test func anEmptyArrayGivesAnEmptyResult() async throws {
        let machine = try await h.createMachine(Self.map(#""ItemsPath":"$.items","#))
        let execution = try await h.start(machine, input: #"{"items":[]}"#)
        #expect(try json(try await h.finish(execution).output) == [])
        #expect(try await h.eventTypes(execution) == [
            .executionStarted, .mapStateEntered, .mapStateStarted, .mapStateSucceeded, .mapStateExited, .executionSucceeded,
        ])
    }

    @Test func itemsPathThatIsNotAnArrayIsARuntimeError() async throws {
        let result = try await h.run(Self.map(#""ItemsPath":"$.items","#), input: #"{"items":{"a":1}}"#)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("Map state input must be an array") == true)
    }

    @Test func anItemSelectorThatFailsFailsTheMap() async throws {
        let result = try await h.run(Self.map(#""ItemSelector":{"v.$":"$$.Map.Item.Value.missing"},"#), input: #"[{"a":1}]"#)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'M'") == true)
    }

    @Test func itemSelectorSeesTheInputAndTheItem() async throws {
        let fields = #""ItemsPath":"$.items","ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value","shared.$":"$.shared"},"#
        let result = try await h.run(Self.map(fields), input: #"{"items":["a","b"],"shared":0}"#)
        #expect(try json(result.output) == [["index": 0, "value": "a", "shared": 0], ["index": 1, "value": "b", "shared": 0]])
    }

    @Test func legacyParametersAndIteratorWorkLikeItemSelectorAndItemProcessor() async throws {
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","Parameters":{"i.$":"$$.Map.Item.Index"},
              "Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}
            """#
        #expect(try json(try await h.run(definition, input: #"{"items":[7,8]}"#).output) == [["i": 0], ["i": 1]])
    }

    @Test func historyRecordsEachIteration() async throws {
        let machine = try await h.createMachine(Self.map(#""MaxConcurrency":1,"#))
        let execution = try await h.start(machine, input: #"["a","b"]"#)
        _ = try await h.finish(execution)
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .mapStateEntered, .mapStateStarted,
            .mapIterationStarted, .passStateEntered, .passStateExited, .mapIterationSucceeded,
            .mapIterationStarted, .passStateEntered, .passStateExited, .mapIterationSucceeded,
            .mapStateSucceeded, .mapStateExited, .executionSucceeded,
        ])
        #expect(events[2].details?["length"] == 2)
        #expect(events[7].details?["index"] == 1)
        #expect(events[7].details?["name"] == "M")
    }

    // MARK: - MaxConcurrency

    func activityMap(_ activity: String, maxConcurrency: Int) -> String {
        Self.map(#""MaxConcurrency":\#(maxConcurrency),"#, processor: #""StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}"#)
    }

    /// Takes every task queued right now.
    func drain(_ activity: String) async throws -> [(token: String, input: JSONValue)] {
        var tasks: [(token: String, input: JSONValue)] = []
        while true {
            let task = try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
            guard let token = task.taskToken else { return tasks }
            tasks.append((token, try json(task.input)))
        }
    }

    @Test func maxConcurrencyOneRunsItemsOneAtATime() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(activityMap(activity, maxConcurrency: 1)), input: "[10,20,30]")
        var order: [JSONValue] = []
        for _ in 0..<3 {
            let running = try await drain(activity)
            #expect(running.count == 1)
            guard let task = running.first else { break }
            order.append(task.input)
            try await h.succeed(task.token, JSONSerializer.string(task.input))
        }
        #expect(order == [10, 20, 30])
        #expect(try json(try await h.engine.waitForExecution(execution).output) == [10, 20, 30])
    }

    @Test func maxConcurrencyCapsTheIterationsInFlight() async throws {
        let activity = try await h.createActivity()
        let execution = try await h.start(try await h.createMachine(activityMap(activity, maxConcurrency: 2)), input: "[1,2,3,4,5]")
        var first = try await drain(activity)
        #expect(first.map(\.input) == [1, 2])
        try await h.succeed(first.removeFirst().token, #""one""#)
        let next = try await drain(activity)
        #expect(next.map(\.input) == [3])
        for task in first + next { try await h.succeed(task.token, "0") }
        let last = try await drain(activity)
        #expect(last.map(\.input) == [4, 5])
        for task in last { try await h.succeed(task.token, "9") }
        #expect(try json(try await h.engine.waitForExecution(execution).output) == ["one", 0, 0, 9, 9])
    }

    @Test func zeroMaxConcurrencyStartsEveryItem() async throws {
        let activity = try await h.createActivity()
        _ = try await h.start(try await h.createMachine(activityMap(activity, maxConcurrency: 0)), input: "[1,2,3,4]")
        #expect(try await drain(activity).count == 4)
    }

    @Test func maxConcurrencyPathReadsTheInput() async throws {
        let activity = try await h.createActivity()
        let definition = Self.map(#""ItemsPath":"$.items","MaxConcurrencyPath":"$.limit","#, processor: #""StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}"#)
        _ = try await h.start(try await h.createMachine(definition), input: #"{"items":[1,2,3],"limit":2}"#)
        #expect(try await drain(activity).count == 2)
    }

    // MARK: - Failures

    /// A processor that fails for items whose `fail` is true.
    static let failingProcessor = #"""
        "StartAt":"Check","States":{
          "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"Broken"}],"Default":"Fine"},
          "Broken":{"Type":"Fail","Error":"Item.Failed","Cause":"bad item"},
          "Fine":{"Type":"Pass","Result":"ok","End":true}}
        """#

    static let items = #"[{"fail":false},{"fail":true},{"fail":false},{"fail":false}]"#

    @Test func aFailingIterationFailsTheMap() async throws {
        let machine = try await h.createMachine(Self.map("", processor: Self.failingProcessor))
        let execution = try await h.start(machine, input: Self.items)
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        #expect(result.error == "Item.Failed")
        #expect(result.cause == "bad item")
        let types = try await h.eventTypes(execution)
        #expect(types.contains(.mapIterationFailed))
        #expect(types.suffix(2) == [.mapStateFailed, .executionFailed])
    }

    @Test func aFailingIterationAbortsTheIterationsInFlight() async throws {
        let processor = #"""
            "StartAt":"Check","States":{
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"Later"}],"Default":"Nap"},
              "Later":{"Type":"Wait","Seconds":1,"Next":"Broken"},
              "Broken":{"Type":"Fail","Error":"Item.Failed"},
              "Nap":{"Type":"Wait","Seconds":60,"End":true}}
            """#
        let machine = try await h.createMachine(Self.map("", processor: processor))
        let execution = try await h.start(machine, input: Self.items)
        let result = try await h.finish(execution)
        #expect(result.status == .failed)
        #expect(result.stopDate == Harness.start.addingTimeInterval(1))
        #expect(try await h.eventTypes(execution).filter { $0 == .waitStateAborted }.count == 3)
    }

    static func distributed(_ fields: String) -> String {
        #"""
        {"StartAt":"M","States":{"M":{"Type":"Map",\#(fields)
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},\#(failingProcessor)},"End":true}}}
        """#
    }

    @Test func toleratedFailureCountLetsTheMapSucceed() async throws {
        let result = try await h.run(Self.distributed(#""ToleratedFailureCount":1,"#), input: Self.items)
        #expect(result.status == .succeeded)
        let output = try json(result.output)
        #expect(output.arrayValue?.count == 4)
        #expect(output.arrayValue?[0] == "ok")
        #expect(output.arrayValue?[1]["Error"] == "Item.Failed")
    }

    @Test func exceedingToleratedFailureCountFailsTheMap() async throws {
        let input = #"[{"fail":true},{"fail":true},{"fail":false}]"#
        let result = try await h.run(Self.distributed(#""ToleratedFailureCount":1,"#), input: input)
        #expect(result.status == .failed)
        #expect(result.error == "States.ExceedToleratedFailureThreshold")
    }

    @Test(arguments: [(25, true), (24, false)])
    func toleratedFailurePercentageIsComparedWithTheShareOfFailedItems(percentage: Int, succeeds: Bool) async throws {
        let result = try await h.run(Self.distributed(#""ToleratedFailurePercentage":\#(percentage),"#), input: Self.items)
        #expect(result.status == (succeeds ? .succeeded : .failed))
        if !succeeds { #expect(result.error == "States.ExceedToleratedFailureThreshold") }
    }

    @Test func toleranceAppliesToInlineMapsToo() async throws {
        let result = try await h.run(Self.map(#""ToleratedFailureCount":1,"#, processor: Self.failingProcessor), input: Self.items)
        #expect(result.status == .succeeded)
    }

    @Test func aCaughtMapFailureGoesToTheHandler() async throws {
        let definition = #"""
            {"StartAt":"M","States":{
              "M":{"Type":"Map","Catch":[{"ErrorEquals":["Item.Failed"],"Next":"Handler"}],"Next":"Done",
                "ItemProcessor":{\#(Self.failingProcessor)}},
              "Handler":{"Type":"Pass","End":true},
              "Done":{"Type":"Succeed"}}}
            """#
        let result = try await h.run(definition, input: Self.items)
        #expect(try json(result.output) == ["Error": "Item.Failed", "Cause": "bad item"])
    }

    // MARK: - Distributed

    @Test func distributedMapRunsItsItemsAsChildWorkflows() async throws {
        let machine = try await h.createMachine(Self.distributed(#""Label":"Batch","#))
        let execution = try await h.start(machine, input: #"[{"fail":false},{"fail":false}]"#)
        let result = try await h.finish(execution)
        #expect(try json(result.output) == ["ok", "ok"])
        let events = try await h.history(execution)
        // Child workflows keep their own histories: none of their states show up here.
        #expect(events.map(\.type) == [
            .executionStarted, .mapStateEntered, .mapStateStarted, .mapRunStarted, .mapRunSucceeded, .mapStateSucceeded,
            .mapStateExited, .executionSucceeded,
        ])
        let mapRunArn = events[3].details?["mapRunArn"]?.stringValue ?? ""
        #expect(mapRunArn.contains(":mapRun:machine/Batch:"))
    }

    @Test func distributedChildrenCannotSeeOuterVariables() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"outer":"secret"},"Next":"M"},
              "M":{"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"Read","States":{"Read":{"Type":"Pass","Parameters":{"v.$":"$outer"},"End":true}}}}}}
            """#
        let result = try await h.run(definition, input: "[1]")
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }
}
