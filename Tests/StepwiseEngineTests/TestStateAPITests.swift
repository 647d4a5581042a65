import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct TestStateAPITests {
    let h = Harness()

    func test(_ definition: String, input: String? = nil, variables: String? = nil, mock: TestStateMock? = nil) async throws -> TestStateOutput {
        try await h.engine.testState(TestStateInput(definition: definition, input: input, variables: variables, mock: mock))
    }

    @Test func passShowsEachDataFlowStep() async throws {
        let out = try await test(
            #"{"Type":"Pass","InputPath":"$.in","Parameters":{"v.$":"$.v"},"ResultPath":"$.r","Next":"After"}"#,
            input: #"{"in":{"v":1}}"#)
        #expect(out.status == "SUCCEEDED")
        #expect(out.nextState == "After")
        #expect(try json(out.output) == ["in": ["v": 1], "r": ["v": 1]])
        #expect(try json(out.inspectionData?.input) == ["in": ["v": 1]])
        #expect(try json(out.inspectionData?.afterInputPath) == ["v": 1])
        #expect(try json(out.inspectionData?.afterResultPath) == ["in": ["v": 1], "r": ["v": 1]])
    }

    @Test func anEndStateHasNoNextState() async throws {
        let out = try await test(#"{"Type":"Pass","Result":1,"End":true}"#)
        #expect(out.status == "SUCCEEDED")
        #expect(out.nextState == nil)
        #expect(try json(out.output) == 1)
    }

    @Test(arguments: [(5, "Big"), (1, "Small")])
    func choiceNamesTheNextState(n: Int, expected: String) async throws {
        let definition = #"{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":3,"Next":"Big"}],"Default":"Small"}"#
        let out = try await test(definition, input: #"{"n":\#(n)}"#)
        #expect(out.status == "SUCCEEDED")
        #expect(out.nextState == expected)
    }

    @Test func waitAndSucceedPassTheirInputOn() async throws {
        let wait = try await test(#"{"Type":"Wait","Seconds":3600,"OutputPath":"$.a","Next":"After"}"#, input: #"{"a":1}"#)
        #expect(wait.status == "SUCCEEDED")
        #expect(wait.nextState == "After")
        #expect(try json(wait.output) == 1)
        let succeed = try await test(#"{"Type":"Succeed","InputPath":"$.a"}"#, input: #"{"a":[2]}"#)
        #expect(succeed.nextState == nil)
        #expect(try json(succeed.output) == [2])
    }

    @Test func failReportsItsErrorAndCause() async throws {
        let out = try await test(#"{"Type":"Fail","Error":"E","CausePath":"$.why"}"#, input: #"{"why":"because"}"#)
        #expect(out.status == "FAILED")
        #expect(out.error == "E")
        #expect(out.cause == "because")
    }

    @Test func taskWithAMockedResult() async throws {
        let definition = #"""
            {"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Parameters":{"id.$":"$.id"},
             "ResultSelector":{"total.$":"$.sum"},"ResultPath":"$.result","Next":"Done"}
            """#
        let out = try await test(definition, input: #"{"id":3}"#, mock: TestStateMock(result: #"{"sum":10}"#))
        #expect(out.status == "SUCCEEDED")
        #expect(out.nextState == "Done")
        #expect(try json(out.output) == ["id": 3, "result": ["total": 10]])
        #expect(try json(out.inspectionData?.afterParameters) == ["id": 3])
        #expect(try json(out.inspectionData?.result) == ["sum": 10])
    }

    static let taskWithHandlers = #"""
        {"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:a",
         "Retry":[{"ErrorEquals":["Transient"],"MaxAttempts":2}],
         "Catch":[{"ErrorEquals":["Handled"],"ResultPath":"$.error","Next":"Recover"}],"End":true}
        """#

    @Test func aMockedErrorThatARetrierMatchesIsRetriable() async throws {
        let out = try await test(Self.taskWithHandlers, mock: TestStateMock(errorOutput: .init(error: "Transient", cause: "try later")))
        #expect(out.status == "RETRIABLE")
        #expect(out.error == "Transient")
        #expect(out.cause == "try later")
    }

    @Test func aMockedErrorThatACatcherMatchesIsCaught() async throws {
        let out = try await test(Self.taskWithHandlers, input: #"{"in":1}"#, mock: TestStateMock(errorOutput: .init(error: "Handled", cause: "c")))
        #expect(out.status == "CAUGHT_ERROR")
        #expect(out.nextState == "Recover")
        #expect(try json(out.output) == ["in": 1, "error": ["Error": "Handled", "Cause": "c"]])
    }

    @Test func anUnhandledMockedErrorFails() async throws {
        let out = try await test(Self.taskWithHandlers, mock: TestStateMock(errorOutput: .init(error: "Fatal", cause: "no")))
        #expect(out.status == "FAILED")
        #expect(out.error == "Fatal")
    }

    @Test func aRetrierWithZeroAttemptsDoesNotMakeAnErrorRetriable() async throws {
        let definition = #"""
            {"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:a",
             "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":0}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Recover"}],"End":true}
            """#
        let out = try await test(definition, mock: TestStateMock(errorOutput: .init(error: "E", cause: "c")))
        #expect(out.status == "CAUGHT_ERROR")
    }

    @Test func aTaskWithoutMockUsesTheLocalStandIn() async throws {
        await h.engine.registerTaskHandler(.lambda("double")) { request in
            .number((request.input["n"]?.intValue ?? 0) * 2)
        }
        let out = try await test(#"{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:double","End":true}"#, input: #"{"n":21}"#)
        #expect(try json(out.output) == 42)
    }

    @Test func aTaskWithNeitherMockNorStandInIsRefused() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await test(#"{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}"#)
        }
        #expect(error.code == .validation)
    }

    @Test func variablesAreReadAndAssigned() async throws {
        let definition = #"{"Type":"Pass","Parameters":{"seen.$":"$known"},"Assign":{"fresh":"new"},"End":true}"#
        let out = try await test(definition, variables: #"{"known":"old"}"#)
        #expect(try json(out.output) == ["seen": "old"])
        #expect(try json(out.inspectionData?.variables) == ["known": "old", "fresh": "new"])
    }

    @Test func aRuntimeErrorFailsTheTest() async throws {
        let out = try await test(#"{"Type":"Pass","InputPath":"$.missing","End":true}"#, input: "{}")
        #expect(out.status == "FAILED")
        #expect(out.error == "States.Runtime")
    }

    @Test func parallelAndMapCannotBeTestedAlone() async throws {
        let definition = #"{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}],"End":true}"#
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await test(definition) }
        #expect(error.code == .validation)
    }

    @Test func aDefinitionThatIsNotAStateIsRefused() async throws {
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await test("[1]") }
        #expect(error.code == .invalidDefinition)
    }
}
