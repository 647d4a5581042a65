import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// `PendingCallbackListing`: which tasks wait for a callback, in which execution (nested ones
/// with the execution at the top), and a wait that ends once one does.
@Suite struct PendingCallbackTests {
    let h = Harness()

    func waiting(_ state: String = "T", timeout: String = "") -> String {
        #"""
        {"StartAt":"\#(state)","States":{"\#(state)":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}}\#(timeout),"End":true}}}
        """#
    }

    func serveQueue() async {
        await h.engine.registerTaskHandler(.integration("sqs:sendMessage")) { _ in ["MessageId": "m-1"] }
    }

    @Test func aSubmittedCallbackIsListedUntilItIsAnswered() async throws {
        await serveQueue()
        let execution = try await h.start(try await h.createMachine(waiting()), input: #"{"order":7}"#)
        let waiting = await h.engine.waitForCallbacks(of: execution)
        #expect(waiting.count == 1)
        let task = try #require(waiting.first)
        #expect(task.executionArn == execution)
        #expect(task.rootExecutionArn == execution)
        #expect(task.stateName == "T")
        #expect(task.resource == "arn:aws:states:::sqs:sendMessage.waitForTaskToken")
        #expect(task.parameters["MessageBody"]?["token"] == .string(task.taskToken))
        #expect(task.since == Harness.start)
        #expect(try await h.eventTypes(execution).last == .taskSubmitted, "the call was made before the wait ended")
        #expect(await h.engine.pendingCallbacks() == [task])
        try await h.succeed(task.taskToken, "{}")
        #expect(await h.engine.pendingCallbacks().isEmpty)
    }

    @Test func aTimedOutCallbackIsNoLongerListed() async throws {
        await serveQueue()
        let execution = try await h.start(try await h.createMachine(waiting(timeout: #","TimeoutSeconds":5"#)))
        #expect(await h.engine.waitForCallbacks(of: execution).count == 1)
        #expect(try await h.finish(execution).error == "States.Timeout")
        #expect(await h.engine.pendingCallbacks().isEmpty)
    }

    @Test func aNestedExecutionsCallbackBelongsToTheExecutionThatStartedIt() async throws {
        await serveQueue()
        let child = try await h.createMachine(waiting("Inner"), name: "child")
        let parent = try await h.createMachine(#"""
            {"StartAt":"Nest","States":{"Nest":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
              "Parameters":{"StateMachineArn":"\#(child)"},"End":true}}}
            """#, name: "parent")
        let execution = try await h.start(parent)
        let task = try #require(await h.engine.waitForCallbacks(of: execution).first)
        #expect(task.stateName == "Inner")
        #expect(task.rootExecutionArn == execution)
        #expect(task.executionArn != execution)
        #expect(await h.engine.waitForCallbacks(of: task.executionArn) == [task])
    }

    @Test(.timeLimit(.minutes(5))) func aCancelledWaitReturnsEmpty() async throws {
        let execution = try await h.start(try await h.createMachine(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#))
        let wait = Task { await h.engine.waitForCallbacks(of: execution) }
        wait.cancel()
        #expect(await wait.value.isEmpty)
    }
}
