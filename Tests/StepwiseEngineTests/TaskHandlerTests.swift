import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Synchronization
import Testing

/// Task resources other than activities served by Swift handlers: Lambda functions (by ARN and
/// through `lambda:invoke`), optimized and SDK integrations, callbacks, with the results, history
/// events and errors shaped as AWS shapes them.
@Suite struct TaskHandlerTests {
    let h = Harness()
    static let functionArn = "arn:aws:lambda:us-east-1:123456789012:function:add"

    static func machine(_ resource: String, _ fields: String = "") -> String {
        #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(resource)"\#(fields),"End":true}}}"#
    }

    func add() async {
        await h.engine.registerTaskHandler(.lambda("add")) { request in
            .number((request.input["x"]?.intValue ?? 0) + (request.input["y"]?.intValue ?? 0))
        }
    }

    // MARK: - Lambda

    @Test func aFunctionArnGetsTheBareResultAndLambdaFunctionEvents() async throws {
        await add()
        let execution = try await h.start(try await h.createMachine(Self.machine(Self.functionArn, #","ResultPath":"$.sum""#)), input: #"{"x":40,"y":2}"#)
        let result = try await h.finish(execution)
        #expect(try json(result.output) == ["x": 40, "y": 2, "sum": 42])
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .taskStateEntered, .lambdaFunctionScheduled, .lambdaFunctionStarted, .lambdaFunctionSucceeded,
            .taskStateExited, .executionSucceeded,
        ])
        #expect(events[2].details?["resource"] == .string(Self.functionArn))
        #expect(try events[2].payload("input") == ["x": 40, "y": 2])
        #expect(events[3].details == nil)
        #expect(try events[4].payload("output") == 42)
    }

    @Test func lambdaInvokeWrapsTheResultAsTheInvokeResponse() async throws {
        await add()
        let definition = Self.machine("arn:aws:states:::lambda:invoke", #","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:add:7","Payload.$":"$"}"#)
        let execution = try await h.start(try await h.createMachine(definition), input: #"{"x":1,"y":2}"#)
        let output = try json(try await h.finish(execution).output)
        #expect(output["Payload"] == 3)
        #expect(output["StatusCode"] == 200)
        #expect(output["ExecutedVersion"] == "7")
        #expect(output["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
        #expect(output["SdkHttpMetadata"]?["AllHttpHeaders"]?["Content-Length"] == ["1"])
        #expect(output["SdkResponseMetadata"]?["RequestId"] == output["SdkHttpMetadata"]?["HttpHeaders"]?["x-amzn-RequestId"])
        let events = try await h.history(execution)
        #expect(events.map(\.type) == [
            .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskSucceeded, .taskStateExited, .executionSucceeded,
        ])
        #expect(events[2].details?["resourceType"] == "lambda")
        #expect(events[2].details?["resource"] == "invoke")
        #expect(events[2].details?["region"] == "us-east-1")
        #expect(try events[2].payload("parameters")["FunctionName"] == "arn:aws:lambda:us-east-1:123456789012:function:add:7")
        #expect(events[3].details?["resource"] == "invoke")
    }

    @Test func aStringPayloadIsTheEventItself() async throws {
        await h.engine.registerTaskHandler(.lambda("echo")) { $0.input }
        let definition = Self.machine("arn:aws:states:::lambda:invoke", #","Parameters":{"FunctionName":"echo","Payload":"\"HelloWorld\""},"OutputPath":"$.Payload""#)
        #expect(try json(try await h.run(definition).output) == "HelloWorld")
    }

    @Test func aFunctionErrorIsNamedByItsTypeWithTheErrorObjectAsCause() async throws {
        await h.engine.registerTaskHandler(.lambda("add")) { _ in throw TaskFailure("Add.Overflow", cause: "too big") }
        for resource in [Self.functionArn, "arn:aws:states:::lambda:invoke"] {
            let result = try await h.run(Self.machine(resource, #","Parameters":{"FunctionName":"add"}"#))
            #expect(result.status == .failed)
            #expect(result.error == "Add.Overflow")
            #expect(try json(result.cause) == ["errorMessage": "too big", "errorType": "Add.Overflow"])
        }
    }

    struct Unexpected: Error {}

    @Test func anyOtherThrownErrorIsNamedByItsType() async throws {
        await h.engine.registerTaskHandler(.lambda("add")) { _ in throw Unexpected() }
        #expect(try await h.run(Self.machine(Self.functionArn)).error == "Unexpected")
    }

    @Test func handlerErrorsCanBeRetriedAndCaught() async throws {
        let calls = Counter()
        await h.engine.registerTaskHandler(.lambda("add")) { _ in
            if calls.increment() < 3 { throw TaskFailure("Busy", cause: "later") }
            return "third time"
        }
        let definition = Self.machine(Self.functionArn, #","Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":1,"MaxAttempts":5}]"#)
        #expect(try json(try await h.run(definition).output) == "third time")
        #expect(calls.value == 3)
    }

    @Test func timeoutSecondsAppliesToAHandlerAndCancelsIt() async throws {
        let clock = h.clock
        let cancelled = Mutex(false)
        await h.engine.registerTaskHandler(.lambda("add")) { _ in
            do {
                try await clock.sleep(until: clock.now().addingTimeInterval(100))
            } catch {
                cancelled.withLock { $0 = true }
                throw error
            }
            return "too late"
        }
        let execution = try await h.start(try await h.createMachine(Self.machine(Self.functionArn, #","TimeoutSeconds":10"#)))
        // Advancing waits until the handler has wound down, so its cancellation is visible.
        await h.advance(by: 10)
        let result = try await h.describe(execution)
        #expect(result.status == .failed)
        #expect(result.error == "States.Timeout")
        #expect(result.stopDate == Harness.start.addingTimeInterval(10))
        #expect(try await h.eventTypes(execution).suffix(2) == [.lambdaFunctionTimedOut, .executionFailed])
        #expect(cancelled.withLock { $0 })
    }

    // MARK: - Integrations

    @Test func anOptimizedIntegrationsResponseGetsItsMetadata() async throws {
        let seen = Mutex<JSONValue>(.null)
        await h.engine.registerTaskHandler(.integration("dynamodb:getItem")) { request in
            seen.withLock { $0 = request.input }
            return ["Item": ["id": ["S": "1"]]]
        }
        let definition = Self.machine("arn:aws:states:::dynamodb:getItem", #","Parameters":{"TableName":"t","Key":{"id":{"S.$":"$.id"}}}"#)
        let execution = try await h.start(try await h.createMachine(definition), input: #"{"id":"1"}"#)
        let output = try json(try await h.finish(execution).output)
        #expect(seen.withLock { $0 } == ["TableName": "t", "Key": ["id": ["S": "1"]]])
        #expect(output["Item"] == ["id": ["S": "1"]])
        #expect(output["SdkHttpMetadata"]?["HttpHeaders"]?["Content-Type"] == "application/x-amz-json-1.0")
        #expect(output["SdkResponseMetadata"] != nil)
        let scheduled = try #require(try await h.history(execution).first { $0.type == .taskScheduled })
        #expect(scheduled.details?["resourceType"] == "dynamodb")
        #expect(scheduled.details?["resource"] == "getItem")
    }

    @Test func anSDKIntegrationsResponseIsLeftAsItIsAndItsErrorsPassThrough() async throws {
        await h.engine.registerTaskHandler(.integration("aws-sdk:dynamodb:putItem")) { request in
            guard request.input["Item"] != nil else { throw TaskFailure("DynamoDb.ConditionalCheckFailedException", cause: "The conditional request failed") }
            return [:]
        }
        let resource = "arn:aws:states:::aws-sdk:dynamodb:putItem"
        let execution = try await h.start(try await h.createMachine(Self.machine(resource, #","Parameters":{"TableName":"t","Item":{}}"#)))
        #expect(try json(try await h.finish(execution).output) == [:])
        #expect(try await h.history(execution).first { $0.type == .taskScheduled }?.details?["resourceType"] == "aws-sdk:dynamodb")
        let caught = #","Parameters":{"TableName":"t"},"Catch":[{"ErrorEquals":["DynamoDb.ConditionalCheckFailedException"],"Next":"Caught"}]"#
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(resource)"\#(caught),"End":true},"Caught":{"Type":"Pass","End":true}}}"#
        #expect(try json(try await h.run(definition).output) == ["Error": "DynamoDb.ConditionalCheckFailedException", "Cause": "The conditional request failed"])
    }

    @Test func aHandlerForTheExactResourceComesFirst() async throws {
        await h.engine.registerTaskHandler(.lambda("add")) { _ in "by name" }
        await h.engine.registerTaskHandler(.resource(Self.functionArn)) { _ in "by resource" }
        #expect(try json(try await h.run(Self.machine(Self.functionArn)).output) == "by resource")
        await h.engine.removeTaskHandler(.resource(Self.functionArn))
        #expect(try json(try await h.run(Self.machine(Self.functionArn)).output) == "by name")
    }

    // MARK: - Callbacks

    @Test func aCallbackTaskSubmitsThenWaitsForSendTaskSuccess() async throws {
        let tokens = Mutex<[String]>([])
        await h.engine.registerTaskHandler(.integration("sqs:sendMessage")) { request in
            tokens.withLock { $0.append(request.input["MessageBody"]?["token"]?.stringValue ?? "") }
            return ["MessageId": "m-1", "MD5OfMessageBody": "x"]
        }
        let definition = Self.machine(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            #","Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"HeartbeatSeconds":60"#)
        let execution = try await h.start(try await h.createMachine(definition))
        await h.engine.idle()
        let token = try #require(tokens.withLock { $0.first })
        #expect(try await h.eventTypes(execution).suffix(3) == [.taskScheduled, .taskStarted, .taskSubmitted])
        let submitted = try #require(try await h.history(execution).last)
        #expect(submitted.details?["resource"] == "sendMessage.waitForTaskToken")
        #expect(try submitted.payload("output")["MessageId"] == "m-1")
        _ = try await h.engine.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: token))
        try await h.succeed(token, #"{"answered":true}"#)
        let result = try await h.engine.waitForExecution(execution)
        #expect(try json(result.output) == ["answered": true])
        #expect(try await h.eventTypes(execution).suffix(3) == [.taskSucceeded, .taskStateExited, .executionSucceeded])
    }

    @Test func aMissedCallbackHeartbeatIsAStatesTimeout() async throws {
        await h.engine.registerTaskHandler(.integration("sns:publish")) { _ in ["MessageId": "m"] }
        let definition = Self.machine("arn:aws:states:::sns:publish.waitForTaskToken", #","Parameters":{"Message.$":"$$.Task.Token"},"HeartbeatSeconds":5"#)
        let result = try await h.run(definition)
        #expect(result.error == "States.Timeout")
        #expect(result.stopDate == Harness.start.addingTimeInterval(5))
    }

    @Test func aCallbackFailureFailsTheTask() async throws {
        let tokens = Mutex<[String]>([])
        await h.engine.registerTaskHandler(.integration("sqs:sendMessage")) { request in
            tokens.withLock { $0.append(request.taskToken) }
            return ["MessageId": "m"]
        }
        let execution = try await h.start(try await h.createMachine(Self.machine("arn:aws:states:::sqs:sendMessage.waitForTaskToken", #","Parameters":{"QueueUrl":"q"}"#)))
        await h.engine.idle()
        try await h.fail(try #require(tokens.withLock { $0.first }), error: "Order.Rejected", cause: "out of stock")
        let result = try await h.engine.waitForExecution(execution)
        #expect(result.error == "Order.Rejected")
        #expect(result.cause == "out of stock")
        let failed = try #require(try await h.history(execution).first { $0.type == .taskFailed })
        #expect(failed.details?["resourceType"] == "sqs")
    }

    // MARK: - Nothing serves it

    @Test func aTaskNothingServesFailsNamingTheStateTheResourceAndTheWaysToServeIt() async throws {
        let result = try await h.run(Self.machine("arn:aws:states:::lambda:invoke", #","Parameters":{"FunctionName":"orders-prod"}"#))
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        let cause = try #require(result.cause)
        #expect(cause.contains("Task state 'T'"))
        #expect(cause.contains("the Lambda function 'orders-prod'"))
        #expect(cause.contains("handler") && cause.contains("--integrations") && cause.contains("--mock-config"))
    }

    @Test func withoutExecutionDataTaskPayloadsAreLeftOut() async throws {
        await h.engine.registerTaskHandler(.integration("dynamodb:getItem")) { _ in ["secret": "result"] }
        let execution = try await h.start(try await h.createMachine(Self.machine("arn:aws:states:::dynamodb:getItem")), input: #"{"secret":"input"}"#)
        _ = try await h.finish(execution)
        let events = try await h.history(execution, includeData: false)
        let scheduled = try #require(events.first { $0.type == .taskScheduled })
        let succeeded = try #require(events.first { $0.type == .taskSucceeded })
        #expect(scheduled.details?["parameters"] == nil)
        #expect(scheduled.details?["resource"] == "getItem")
        #expect(succeeded.details?["output"] == nil)
        #expect(succeeded.details?["outputDetails"] == nil)
    }

    @Test func theScheduledEventNamesTheResourcesRegion() async throws {
        let engine = Engine(configuration: .init(region: "eu-west-1"), clock: ManualClock())
        await engine.registerTaskHandler(.integration("sns:publish")) { _ in ["MessageId": "m"] }
        let definition = Self.machine("arn:aws:states:ap-south-1::sns:publish")
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: Harness.role))
        let execution = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn)).executionArn
        _ = try await engine.waitForExecution(execution)
        let events = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: execution)).events
        #expect(events.first { $0.type == .taskScheduled }?.details?["region"] == "ap-south-1")
    }
}

/// A thread-safe counter for handlers called from the engine's tasks.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() -> Int { count.withLock { $0 += 1; return $0 } }
    var value: Int { count.withLock { $0 } }
}
