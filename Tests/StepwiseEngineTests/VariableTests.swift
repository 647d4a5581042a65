import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct VariableTests {
    let h = Harness()

    @Test func assignedVariablesAreReadByLaterStates() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"count":3,"user":{"name":"Ann","tags":["a","b"]}},"Next":"Use"},
              "Use":{"Type":"Pass","Parameters":{"count.$":"$count","name.$":"$user.name","tag.$":"$user.tags[1]"},"End":true}}}
            """#
        #expect(try json(try await h.run(definition).output) == ["count": 3, "name": "Ann", "tag": "b"])
    }

    @Test func assignReadsTheStateResult() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Result":{"v":41},"Assign":{"fromResult.$":"$.v","sum.$":"States.MathAdd($.v, 1)"},"Next":"Use"},
              "Use":{"Type":"Pass","Parameters":{"a.$":"$fromResult","b.$":"$sum"},"End":true}}}
            """#
        #expect(try json(try await h.run(definition).output) == ["a": 41, "b": 42])
    }

    @Test func assignSeesTheValuesFromBeforeTheState() async throws {
        let definition = #"""
            {"StartAt":"Init","States":{
              "Init":{"Type":"Pass","Assign":{"a":1,"b":2},"Next":"Swap"},
              "Swap":{"Type":"Pass","Assign":{"a.$":"$b","b.$":"$a"},"Next":"Use"},
              "Use":{"Type":"Pass","Parameters":{"a.$":"$a","b.$":"$b"},"End":true}}}
            """#
        #expect(try json(try await h.run(definition).output) == ["a": 2, "b": 1])
    }

    @Test func variablesWorkInPathFields() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"delay":30,"limit":5,"flag":true},"Next":"Decide"},
              "Decide":{"Type":"Choice","Choices":[{"Variable":"$flag","BooleanEquals":true,"Next":"Nap"}]},
              "Nap":{"Type":"Wait","SecondsPath":"$delay","Next":"Done"},
              "Done":{"Type":"Pass","InputPath":"$limit","End":true}}}
            """#
        let result = try await h.run(definition)
        #expect(try json(result.output) == 5)
        #expect(result.stopDate == Harness.start.addingTimeInterval(30))
    }

    @Test func choiceRulesAndDefaultCanAssign() async throws {
        let definition = #"""
            {"StartAt":"Decide","States":{
              "Decide":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Assign":{"sign":"positive"},"Next":"Report"}],
                "Default":"Report","Assign":{"sign":"not positive"}},
              "Report":{"Type":"Pass","Parameters":{"sign.$":"$sign"},"End":true}}}
            """#
        #expect(try json(try await h.run(definition, input: #"{"n":1}"#).output) == ["sign": "positive"])
        let machine = try await h.createMachine(definition, name: "again")
        let other = try await h.finish(try await h.start(machine, input: #"{"n":-1}"#))
        #expect(try json(other.output) == ["sign": "not positive"])
    }

    @Test func aCatcherCanAssignFromTheErrorOutput() async throws {
        let definition = #"""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"why.$":"$.Cause"},"Next":"Report"}],
                "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"the cause"}}}]},
              "Report":{"Type":"Pass","Parameters":{"why.$":"$why"},"End":true}}}
            """#
        #expect(try json(try await h.run(definition).output) == ["why": "the cause"])
    }

    @Test func anUnknownVariableIsARuntimeError() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"$nope"},"End":true}}}"#
        let result = try await h.run(definition)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test func historyShowsAssignedVariables() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":{"y":1},"s":"t"},"End":true}}}"#
        let machine = try await h.createMachine(definition)
        let execution = try await h.start(machine)
        _ = try await h.finish(execution)
        let exited = try #require(try await h.history(execution).first { $0.type == .passStateExited })
        #expect(exited.details?["assignedVariables"] == ["x": #"{"y":1}"#, "s": #""t""#])
        #expect(exited.details?["assignedVariablesDetails"] == ["truncated": false])
    }

    // MARK: - Scopes

    @Test func aBranchsVariablesAreGoneOnceTheParallelStateIsDone() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"shared":"outer"},"Next":"P"},
              "P":{"Type":"Parallel","Next":"After","Branches":[
                {"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"inner":"one"},"Next":"B1r"},
                  "B1r":{"Type":"Pass","Parameters":{"shared.$":"$shared","inner.$":"$inner"},"End":true}}},
                {"StartAt":"B2","States":{"B2":{"Type":"Pass","Parameters":{"shared.$":"$shared"},"End":true}}}]},
              "After":{"Type":"Pass","Parameters":{"results.$":"$","inner.$":"$inner"},"End":true}}}
            """#
        let result = try await h.run(definition)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("After") == true)
    }

    @Test func branchesSeeOuterVariables() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"shared":"outer"},"Next":"P"},
              "P":{"Type":"Parallel","End":true,"Branches":[
                {"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"inner":"one"},"Next":"B1r"},
                  "B1r":{"Type":"Pass","Parameters":{"shared.$":"$shared","inner.$":"$inner"},"End":true}}},
                {"StartAt":"B2","States":{"B2":{"Type":"Pass","Parameters":{"shared.$":"$shared"},"End":true}}}]}}}
            """#
        #expect(try json(try await h.run(definition).output) == [["shared": "outer", "inner": "one"], ["shared": "outer"]])
    }

    @Test func aSiblingBranchCannotSeeAnotherBranchsVariables() async throws {
        let definition = #"""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"mine":1},"End":true}}},
              {"StartAt":"Later","States":{"Later":{"Type":"Wait","Seconds":1,"Next":"B2"},
                "B2":{"Type":"Pass","Parameters":{"theirs.$":"$mine"},"End":true}}}]}}}
            """#
        let result = try await h.run(definition)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test func theParallelStateAssignsFromItsResultInTheOuterScope() async throws {
        let definition = #"""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Assign":{"first.$":"$[0]"},"Next":"Use","Branches":[
                {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"from branch","End":true}}}]},
              "Use":{"Type":"Pass","Parameters":{"first.$":"$first"},"End":true}}}
            """#
        #expect(try json(try await h.run(definition).output) == ["first": "from branch"])
    }

    @Test func mapIterationsHaveTheirOwnScope() async throws {
        let definition = #"""
            {"StartAt":"Set","States":{
              "Set":{"Type":"Pass","Assign":{"prefix":"item-"},"Next":"M"},
              "M":{"Type":"Map","Next":"After","ItemProcessor":{"StartAt":"Keep","States":{
                "Keep":{"Type":"Pass","Assign":{"mine.$":"$"},"Next":"Nap"},
                "Nap":{"Type":"Wait","SecondsPath":"$","Next":"Show"},
                "Show":{"Type":"Pass","Parameters":{"label.$":"States.Format('{}{}', $prefix, $mine)"},"End":true}}}},
              "After":{"Type":"Pass","End":true}}}
            """#
        // Iterations wait different times, interleaving; each still sees its own `mine`.
        let result = try await h.run(definition, input: "[3,1,2]")
        #expect(try json(result.output) == [["label": "item-3"], ["label": "item-1"], ["label": "item-2"]])
    }

    @Test func mapIterationVariablesDoNotLeakOut() async throws {
        let definition = #"""
            {"StartAt":"M","States":{
              "M":{"Type":"Map","Next":"After","ItemProcessor":{"StartAt":"Keep","States":{
                "Keep":{"Type":"Pass","Assign":{"mine.$":"$"},"End":true}}}},
              "After":{"Type":"Pass","Parameters":{"leaked.$":"$mine"},"End":true}}}
            """#
        #expect(try await h.run(definition, input: "[1]").error == "States.Runtime")
    }
}
