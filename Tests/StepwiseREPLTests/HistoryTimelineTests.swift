import Foundation
import StepFunctions
import StepwiseJSON
import Testing

@testable import StepwiseREPL

/// A pizza's bake that fails once with oven/too-cold and is retried.
enum BakeHistory {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func event(_ id: Int, _ seconds: Double, _ type: HistoryEventType, _ details: JSONObject? = nil) -> HistoryEvent {
        HistoryEvent(timestamp: start.addingTimeInterval(seconds), type: type, id: id, previousEventId: id - 1, details: details)
    }

    static let events: [HistoryEvent] = [
        event(1, 0, .executionStarted, ["input": #"{"size":"large"}"#, "roleArn": "arn:aws:iam::1:role/r"]),
        event(2, 0.001, .taskStateEntered, ["name": "bake", "input": #"{"size":"large"}"#]),
        event(3, 0.002, .activityScheduled, ["resource": "arn:aws:states:us-east-1:1:activity:pizza-1764003091234-activity__bake", "input": #"{"size":"large"}"#]),
        event(4, 0.003, .activityStarted, ["workerName": "stepwise-42"]),
        event(5, 0.004, .activityFailed, ["error": "oven/too-cold", "cause": "only 80 degrees"]),
        event(6, 1.004, .activityScheduled, ["resource": "arn:aws:states:us-east-1:1:activity:pizza-1764003091234-activity__bake", "input": #"{"size":"large"}"#]),
        event(7, 1.005, .activityStarted, ["workerName": "stepwise-42"]),
        event(8, 1.25, .activitySucceeded, ["output": #"{"baked":true}"#]),
        event(9, 1.251, .taskStateExited, ["name": "bake", "output": #"{"baked":true}"#]),
        event(10, 1.252, .succeedStateEntered, ["name": "serve", "input": #"{"baked":true}"#]),
        event(11, 1.253, .succeedStateExited, ["name": "serve", "output": #"{"baked":true}"#]),
        event(12, 1.254, .executionSucceeded, ["output": #"{"baked":true}"#]),
    ]
}

@Suite struct HistoryTimelineTests {
    let lines = HistoryTimeline.render(BakeHistory.events, style: .plain)

    @Test func oneLinePerEventInOrder() {
        #expect(lines.count == BakeHistory.events.count)
        #expect(lines[0].contains("execution started"))
        #expect(lines[11].contains("execution succeeded"))
    }

    @Test func statesShowEntryWithInputAndExitWithOutputAsEDN() {
        #expect(lines[1].contains("→ bake (Task)"))
        #expect(lines[1].contains(#"input {:size "large"}"#))
        #expect(lines[8].contains("← bake"))
        #expect(lines[8].contains("output {:baked true}"))
        #expect(lines[9].contains("→ serve (Succeed)"))
    }

    @Test func timesAreRelativeToTheStart() {
        #expect(lines[0].hasPrefix("  +0 ms"))
        #expect(lines[2].contains("+2 ms"))
        #expect(lines[7].contains("+1.25 s"))
    }

    @Test func aRetryIsNumberedAndTheFailureShowsErrorAndCause() {
        #expect(lines[4].contains("activity failed"))
        #expect(lines[4].contains("oven/too-cold: only 80 degrees"))
        #expect(lines[2].contains("activity scheduled") && !lines[2].contains("retry"))
        #expect(lines[5].contains("activity scheduled (retry 1)"))
        #expect(lines[5].contains(#"activity scheduled (retry 1) :activity/bake input {:size "large"}"#))
        #expect(lines[6].contains("worker stepwise-42"))
    }

    @Test func failuresAreRedOnATerminal() {
        let coloured = HistoryTimeline.render(BakeHistory.events, style: Style(enabled: true))
        #expect(coloured[4].hasPrefix("\u{1B}[31m"))
        #expect(!coloured[3].contains("\u{1B}[31m"))
    }

    @Test func longPayloadsAreAbbreviated() {
        let big = "{\"items\":[" + (1...200).map(String.init).joined(separator: ",") + "]}"
        let lines = HistoryTimeline.render([BakeHistory.event(1, 0, .executionStarted, ["input": .string(big)])], style: .plain, payloadLimit: 30)
        #expect(lines[0].hasSuffix("…"))
        #expect(lines[0].count < 100)
    }

    @Test func snapshotActivitiesAreNamedAsTheDefinitionWritesThem() {
        #expect(HistoryTimeline.activityName("arn:aws:states:us-east-1:1:activity:my-flow-1764003091234-activity__make-dough") == ":activity/make-dough")
        #expect(HistoryTimeline.activityName("arn:aws:states:us-east-1:1:activity:plain-activity") == "plain-activity")
    }

    @Test func otherEventsAreNamedInWords() {
        let lines = HistoryTimeline.render(
            [
                BakeHistory.event(1, 0, .mapIterationStarted, ["name": "slice", "index": 2]),
                BakeHistory.event(2, 0, .executionFailed, ["error": "pizza/burnt", "cause": "The oven never got hot enough."]),
                BakeHistory.event(3, 0, .waitStateAborted),
            ], style: .plain)
        #expect(lines[0].contains("iteration 2 started"))
        #expect(lines[1].contains("execution failed") && lines[1].contains("pizza/burnt: The oven never got hot enough."))
        #expect(lines[2].contains("wait state aborted"))
        #expect(HistoryTimeline.render([], style: .plain) == ["(no events)"])
    }

    /// An order priced by a Lambda function, then delivered by a nested execution.
    static let child = "arn:aws:states:us-east-1:1:execution:delivery:d-1"
    static let parent: [HistoryEvent] = [
        BakeHistory.event(1, 0, .executionStarted, ["input": "{}"]),
        BakeHistory.event(2, 0.01, .taskScheduled, [
            "resourceType": "lambda", "resource": "invoke", "region": "us-east-1", "parameters": #"{"FunctionName":"price-order"}"#,
        ]),
        BakeHistory.event(3, 0.02, .taskStarted, ["resourceType": "lambda", "resource": "invoke"]),
        BakeHistory.event(4, 0.03, .taskFailed, ["resourceType": "lambda", "resource": "invoke", "error": "OrderEmpty", "cause": "no items"]),
        BakeHistory.event(5, 0.04, .taskScheduled, ["resourceType": "lambda", "resource": "invoke", "parameters": "{}"]),
        BakeHistory.event(6, 0.05, .taskSubmitted, [
            "resourceType": "states", "resource": "startExecution.sync:2", "output": .string(#"{"ExecutionArn":"\#(child)"}"#),
        ]),
        BakeHistory.event(7, 0.5, .taskSucceeded, [
            "resourceType": "states", "resource": "startExecution.sync:2", "output": .string(#"{"ExecutionArn":"\#(child)","Output":{"eta":30}}"#),
        ]),
    ]
    static let nested: [HistoryEvent] = [
        BakeHistory.event(1, 0.06, .executionStarted, ["input": "{}"]),
        BakeHistory.event(2, 0.07, .lambdaFunctionScheduled, ["resource": "arn:aws:lambda:us-east-1:1:function:route-driver:live", "input": #"{"id":"o1"}"#]),
        BakeHistory.event(3, 0.08, .lambdaFunctionSucceeded, ["output": #"{"eta":30}"#]),
        BakeHistory.event(4, 0.09, .executionSucceeded, ["output": #"{"eta":30}"#]),
    ]

    @Test func integrationsShowTheirResourceAndRetries() {
        let lines = HistoryTimeline.render(Self.parent, style: .plain)
        #expect(lines[1].contains(#"task scheduled               lambda:invoke parameters {:FunctionName "price-order"}"#))
        #expect(lines[2].contains("task started                 lambda:invoke"))
        #expect(lines[3].contains("task failed                  lambda:invoke OrderEmpty: no items"))
        #expect(lines[4].contains("task scheduled (retry 1)"))
    }

    @Test func aNestedExecutionShowsUnderTheTaskThatStartedIt() {
        let lines = HistoryTimeline.render(Self.parent, style: .plain, nested: [Self.child: Self.nested])
        #expect(HistoryTimeline.nestedExecutions(in: Self.parent) == [Self.child])
        #expect(lines[5].contains("task submitted               states:startExecution.sync:2 response {:ExecutionArn"))
        #expect(lines[6] == "    ┊ nested execution delivery:d-1")
        #expect(lines[7].hasPrefix("      +60 ms      execution started"))
        #expect(lines[8].contains("lambda scheduled             route-driver:live input {:id \"o1\"}"))
        #expect(lines[9].contains("lambda succeeded             output {:eta 30}"))
        #expect(lines[11].hasPrefix("  +500 ms") && lines[11].contains("task succeeded"), "shown once, after the submission")
        #expect(lines.count == Self.parent.count + Self.nested.count + 1)
    }
}
