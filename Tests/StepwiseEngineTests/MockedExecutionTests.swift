import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// AWS's mock configuration format (Step Functions Local), parsed and run: test cases answer
/// their states' tasks with mocked responses, invocation by invocation.
@Suite struct MockedExecutionTests {
    let h = Harness()

    static let machine = #"""
        {"StartAt":"Charge","States":{
          "Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"charge","Payload.$":"$"},
            "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":2,"MaxAttempts":3}],
            "Catch":[{"ErrorEquals":["Card.Declined"],"ResultPath":"$.error","Next":"Declined"}],
            "ResultSelector":{"charged.$":"$.Payload.amount"},"Next":"Notify"},
          "Notify":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"TimeoutSeconds":3600,"End":true},
          "Declined":{"Type":"Fail","Error":"Declined"}}}
        """#

    static let mocks = #"""
        {"StateMachines":{"orders":{"TestCases":{
            "HappyPath":{"Charge":"ChargeOK","Notify":"Acknowledged"},
            "RetryThenOK":{"Charge":"BusyTwiceThenOK","Notify":"Acknowledged"},
            "Declined":{"Charge":"CardDeclined"},
            "RunsOut":{"Charge":"BusyForever"},
            "OnlyCharge":{"Charge":"ChargeOK"}}}},
         "MockedResponses":{
            "ChargeOK":{"0":{"Return":{"Payload":{"amount":42},"StatusCode":200}}},
            "BusyTwiceThenOK":{"0-1":{"Throw":{"Error":"Lambda.TooManyRequestsException","Cause":"slow down"}},
                               "2":{"Return":{"Payload":{"amount":7}}}},
            "CardDeclined":{"0":{"Throw":{"Error":"Card.Declined","Cause":"insufficient funds"}}},
            "BusyForever":{"0":{"Throw":{"Error":"Lambda.TooManyRequestsException","Cause":"slow down"}}},
            "Acknowledged":{"0":{"Return":{"ack":true}}}}}
        """#

    func prepared() async throws -> String {
        await h.engine.useMocks(try MockConfiguration.parse(Self.mocks))
        return try await h.createMachine(Self.machine, name: "orders")
    }

    func run(_ testCase: String, input: String = "{}") async throws -> (DescribeExecutionOutput, [HistoryEvent]) {
        let machine = try await prepared()
        let started = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: "\(machine)#\(testCase)", input: input))
        let result = try await h.finish(started.executionArn)
        return (result, try await h.history(started.executionArn))
    }

    @Test func aTestCaseAnswersEveryTaskItMocks() async throws {
        let (result, events) = try await run("HappyPath")
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == ["ack": true])
        // The usual events, the mocked results as the tasks' results; a mocked callback needs no callback.
        #expect(events.map(\.type) == [
            .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskSucceeded, .taskStateExited, .taskStateEntered,
            .taskScheduled, .taskStarted, .taskSucceeded, .taskStateExited, .executionSucceeded,
        ])
        #expect(try events[4].payload("output") == ["Payload": ["amount": 42], "StatusCode": 200])
    }

    @Test func retriesConsumeTheInvocationsInOrder() async throws {
        let (result, events) = try await run("RetryThenOK")
        #expect(result.status == .succeeded)
        #expect(events.filter { $0.type == .taskFailed }.count == 2)
        #expect(result.stopDate == Harness.start.addingTimeInterval(2 + 4))
    }

    @Test func aMockedErrorIsCaughtLikeARealOne() async throws {
        let (result, _) = try await run("Declined")
        #expect(result.error == "Declined")
    }

    @Test func anInvocationWithoutAnAnswerFailsTheExecutionSayingWhich() async throws {
        let (result, _) = try await run("RunsOut")
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'BusyForever', which has no answer for invocation 1") == true)
    }

    @Test func statesTheCaseDoesNotMockAreServedAsUsual() async throws {
        await h.engine.registerTaskHandler(.integration("sqs:sendMessage")) { _ in ["MessageId": "m"] }
        let machine = try await prepared()
        let started = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: "\(machine)#OnlyCharge"))
        await h.engine.idle()
        // The real (handler-served) callback waits for its token.
        #expect(try await h.eventTypes(started.executionArn).last == .taskSubmitted)
    }

    @Test func aCaseThatDoesNotExistOrNamesAnUnknownStateIsRefused() async throws {
        let machine = try await prepared()
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: "\(machine)#Nope"))
        }
        #expect(error.message.contains("no test case 'Nope'"))
        #expect(error.message.contains("HappyPath"))
        let wrong = try MockConfiguration.parse(#"{"StateMachines":{"orders":{"TestCases":{"T":{"Declined":"R","Ghost":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1}}}}"#)
        await h.engine.useMocks(wrong)
        let refused = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: "\(machine)#T"))
        }
        #expect(refused.message.contains("/StateMachines/orders/TestCases/T/Declined: 'Declined' is a Fail state; only Task states can be mocked"))
        #expect(refused.message.contains("/StateMachines/orders/TestCases/T/Ghost: the state machine has no state 'Ghost'"))
    }

    @Test func anActivityTaskCanBeMockedToo() async throws {
        let activity = try await h.createActivity()
        let machine = try await h.createMachine(#"{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#, name: "work")
        await h.engine.useMocks(try MockConfiguration.parse(#"{"StateMachines":{"work":{"TestCases":{"C":{"W":"R"}}}},"MockedResponses":{"R":{"0":{"Return":"done"}}}}"#))
        let started = try await h.engine.startExecution(StartExecutionInput(stateMachineArn: machine), testCase: .init(stateMachine: "work", testCase: "C"))
        #expect(try json(try await h.finish(started.executionArn).output) == "done")
        #expect(try await h.engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0).taskToken == nil)
    }
}

/// The mock file's problems, each with its JSON pointer.
@Suite struct MockConfigurationTests {
    func problems(_ text: String) -> [String] {
        do {
            _ = try MockConfiguration.parse(text)
            return []
        } catch {
            return error.problems.map { "\($0.path): \($0.message)" }
        }
    }

    @Test func aWellFormedFileReadsAsWritten() throws {
        let configuration = try MockConfiguration.parse(
            #"{"StateMachines":{"m":{"TestCases":{"c":{"S":"r"}}}},"MockedResponses":{"r":{"0":{"Return":{"a":1}},"1-2":{"Throw":{"Error":"E","Cause":"C"}}}}}"#)
        let selection = MockConfiguration.Selection(stateMachine: "m", testCase: "c")
        #expect(configuration.answer(selection, state: "S", invocation: 0) == .success(.return(["a": 1])))
        #expect(configuration.answer(selection, state: "S", invocation: 2) == .success(.throw(error: "E", cause: "C")))
        #expect(configuration.answer(selection, state: "Other", invocation: 0) == nil)
    }

    @Test(arguments: [
        (#"{"StateMachines":{}}"#, "/MockedResponses: missing MockedResponses"),
        (#"{"StateMachines":{},"MockedResponses":{},"Extra":1}"#, "/Extra: unknown key 'Extra'; a mock file has StateMachines and MockedResponses"),
        (#"{"StateMachines":{"m":{"TestCases":{"c":{"S":"missing"}}}},"MockedResponses":{}}"#, "/StateMachines/m/TestCases/c/S: names the mocked response 'missing', which MockedResponses does not define"),
        (#"{"StateMachines":{"m":{"TestCases":{"c":{"S":3}}}},"MockedResponses":{}}"#, "/StateMachines/m/TestCases/c/S: must name a mocked response (a string), not number"),
        (#"{"StateMachines":{},"MockedResponses":{"r":{"x":{"Return":1}}}}"#, #"/MockedResponses/r/x: 'x' is not an invocation number or range ("0", "1-2")"#),
        (#"{"StateMachines":{},"MockedResponses":{"r":{"0-2":{"Return":1},"2":{"Return":2}}}}"#, "/MockedResponses/r/2: invocations 2 overlap 0-2"),
        (#"{"StateMachines":{},"MockedResponses":{"r":{"0":{"Return":1,"Throw":{"Error":"E","Cause":"C"}}}}}"#, "/MockedResponses/r/0: has both Return and Throw; an answer has exactly one"),
        (#"{"StateMachines":{},"MockedResponses":{"r":{"0":{}}}}"#, "/MockedResponses/r/0: has neither Return nor Throw"),
        (#"{"StateMachines":{},"MockedResponses":{"r":{"0":{"Throw":{"Error":"E"}}}}}"#, "/MockedResponses/r/0/Throw: Throw must be an object with the strings Error and Cause"),
    ])
    func eachProblemIsNamedWithItsPath(text: String, expected: String) {
        #expect(problems(text).contains(expected), "\(problems(text))")
    }

    @Test func notJSONIsAProblemWithItsLine() {
        let text = "{\n  \"StateMachines\": {,\n}"
        #expect(problems(text).first?.hasPrefix(": not JSON") == true)
        #expect(throws: MockFileError.self) { _ = try MockConfiguration.parse(text) }
    }
}
