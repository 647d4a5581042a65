import Foundation
import StepwiseREPLDriver
import Testing

/// A handler package serving Lambda functions and integrations in the real shell: a JSON
/// workflow priced by a Lambda function, stored in DynamoDB, waiting for the kitchen's SQS
/// callback (answered with `:succeed` or `:fail`) and delivered by a nested `.sync:2` execution.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServedTaskTests {
    func shell() async throws -> PipedShell {
        let shell = try PipedShell(["."], in: try OrdersProject.shared.get())
        try await shell.wait(for: "handlers: :orders/confirm, Lambda function price-order, Lambda function route-driver, dynamodb:putItem, sqs:sendMessage")
        return shell
    }

    /// The token a RUNNING result or `:tasks` shows for state `state`.
    func token(in output: String, state: String) throws -> String {
        let match = output.firstMatch(of: try Regex("\(state) \\(sqs:sendMessage.waitForTaskToken\\) token ([0-9a-f]+-[0-9]+)"))
        return try #require(match?.output[1].substring.map(String.init), "\(output)")
    }

    @Test func aCallbackIsAnsweredFromTheShellAndTheNestedTimelineShowsUnderItsTask() async throws {
        let shell = try await shell()
        defer { shell.close() }
        let first = try await shell.run(#":run orders {:id "o1" :items [{:price 5 :qty 2}]}"#)
        #expect(first.contains(#"#:execution{:status "RUNNING" :machine "orders-"#), "\(first)")
        let waiting = try await shell.wait(for: "runs in the background\n")
        let token = try self.token(in: waiting, state: "Notify")

        shell.send(":tasks")
        let tasks = try await shell.wait(for: "Tab completes tokens\n")
        #expect(tasks.contains("1 task waiting for a callback:"))
        #expect(tasks.contains("  \(token)\n"))
        #expect(tasks.contains("run 1 (orders-"))
        #expect(tasks.contains("state Notify · sqs:sendMessage.waitForTaskToken · since "))
        #expect(tasks.contains(#"input {:QueueUrl "https://sqs.us-east-1.amazonaws.com/123456789012/kitchen" :MessageBody {:order "o1""#))

        shell.send(":heartbeat \(token)")
        #expect(try await shell.wait(for: "\n").contains("heartbeat sent to task Notify of run 1"))

        shell.send(":succeed \(token) {:ready true}")
        let answered = try await shell.wait(for: "\"}\n")
        #expect(answered.contains("answered task Notify of run 1"))
        #expect(answered.contains(#":status "SUCCEEDED""#), "\(answered)")
        #expect(answered.contains(#":price {:total 10}"#))
        #expect(answered.contains(#":kitchen {:ready true}"#))
        #expect(answered.contains(#":delivery {:eta 30}"#))

        shell.send(":tasks")
        #expect(try await shell.wait(for: "\n").contains("no task is waiting for a callback"))

        shell.send(":history")
        let history = try await shell.wait(for: "← Deliver")
        let timeline = squeezed(history)
        #expect(history.contains("run 1 · orders-"))
        #expect(timeline.contains(#"task scheduled lambda:invoke parameters {:FunctionName "arn:aws:lambda:us-east-1:123456789012:function:price-or"#))
        #expect(timeline.contains(#"task succeeded lambda:invoke output {:ExecutedVersion "$LATEST" :Payload {:total 10}"#))
        #expect(timeline.contains(#"task scheduled dynamodb:putItem parameters {:TableName "orders""#))
        #expect(timeline.contains(#"task submitted sqs:sendMessage.waitForTaskToken waiting for its callback · response {:MessageId "message-o1""#))
        #expect(timeline.contains("task succeeded sqs:sendMessage.waitForTaskToken output {:ready true}"))
        #expect(timeline.contains("task submitted states:startExecution.sync:2 response {:ExecutionArn"))
        // The delivery execution's own timeline, indented under the Task that started it.
        let nested = try #require(history.range(of: "\n    ┊ nested execution delivery:"), "\(history)")
        let child = String(history[nested.upperBound...])
        #expect(child.contains("\n      +"), "\(child)")
        #expect(squeezed(child).contains(#"lambda scheduled route-driver input {:id "o1"}"#))
        #expect(squeezed(child).contains("lambda succeeded output {:eta 30}"))
        #expect(squeezed(child).contains("task succeeded states:startExecution.sync:2 output {"))
        #expect(try await shell.wait(for: "execution succeeded").contains("+"))
    }

    /// Runs of spaces as one: timeline columns are padded.
    func squeezed(_ text: String) -> String {
        text.replacing(/\ +/, with: " ")
    }

    @Test func failingACallbackFailsTheRunWithTheErrorAndCauseGiven() async throws {
        let shell = try await shell()
        defer { shell.close() }
        _ = try await shell.run(#":run orders {:id "o2" :items [{:price 1 :qty 1}]}"#)
        let token = try self.token(in: try await shell.wait(for: "runs in the background\n"), state: "Notify")
        shell.send(":fail \(token) kitchen/closed no cooks tonight")
        let failed = try await shell.wait(for: "\"}\n")
        #expect(failed.contains(#":status "FAILED""#), "\(failed)")
        #expect(failed.contains(#":error "kitchen/closed""#))
        #expect(failed.contains(#":cause "no cooks tonight""#))
        shell.send(":fail \(token) again")
        #expect(try await shell.wait(for: "\n").contains("error: TaskTimedOut"), "a token answers once")
    }

    /// `:redrive` takes a failed run up again from the state that failed: the states before it
    /// do not run again, the callback is waited for anew, and the run can then succeed.
    @Test func aFailedRunIsRedrivenFromTheStateThatFailed() async throws {
        let shell = try await shell()
        defer { shell.close() }
        _ = try await shell.run(#":run orders {:id "o4" :items [{:price 3 :qty 1}]}"#)
        let first = try self.token(in: try await shell.wait(for: "runs in the background\n"), state: "Notify")
        shell.send(":fail \(first) kitchen/closed no cooks tonight")
        #expect(try await shell.wait(for: "\"}\n").contains(#":status "FAILED""#))

        shell.send(":redrive")
        let redriven = try await shell.wait(for: "runs in the background\n")
        #expect(redriven.contains("redriving run 1 (orders-"), "\(redriven)")
        let second = try self.token(in: redriven, state: "Notify")
        #expect(second != first, "the Notify task runs again, with a new token")
        shell.send(":succeed \(second) {:ready true}")
        let answered = try await shell.wait(for: "\"}\n")
        #expect(answered.contains(#":status "SUCCEEDED""#), "\(answered)")
        #expect(answered.contains(#":price {:total 3}"#), "the states before Notify kept their results")

        shell.send(":history")
        let timeline = squeezed(try await shell.wait(for: "execution succeeded"))
        #expect(timeline.contains("execution redriven"), "\(timeline)")
        #expect(timeline.components(separatedBy: "lambda:invoke output").count == 2, "the price was computed once")
        shell.send(":redrive 1")
        let refused = try await shell.wait(for: "cannot be redriven")
        #expect(refused.contains("error: ExecutionNotRedrivable"), "a run that succeeded is not redriven: \(refused)")
    }

    /// `:redrive` runs the definition the run started with, as AWS does: a run whose file has
    /// gone since (its machine unloaded) is still redriven, its activities served.
    @Test func aRunIsRedrivenAfterItsDefinitionFileIsGone() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-redrive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("takeaway.json")
        try FileManager.default.copyItem(at: try OrdersProject.shared.get().appendingPathComponent("orders.json"), to: file)
        let shell = try await shell()
        defer { shell.close() }
        shell.send(":load \(file.path)")
        #expect(try await shell.wait(for: "takeaway from").contains("loaded takeaway"))
        _ = try await shell.run(#":run takeaway {:id "o5" :items [{:price 2 :qty 2}]}"#)
        let first = try self.token(in: try await shell.wait(for: "runs in the background\n"), state: "Notify")
        shell.send(":fail \(first) kitchen/closed no cooks tonight")
        #expect(try await shell.wait(for: "\"}\n").contains(#":status "FAILED""#))

        try FileManager.default.removeItem(at: file)
        #expect(try await shell.wait(for: "machine takeaway unloaded").contains("was removed"))
        shell.send(":redrive")
        let redriven = try await shell.wait(for: "runs in the background\n")
        #expect(redriven.contains("redriving run 1 (takeaway-"), "\(redriven)")
        shell.send(":succeed \(try self.token(in: redriven, state: "Notify")) {:ready true}")
        let answered = try await shell.wait(for: "\"}\n")
        #expect(answered.contains(#":status "SUCCEEDED""#), "\(answered)")
        #expect(answered.contains(#":price {:total 4}"#))
    }

    /// The Lambda function's error keeps the name its handler threw, as Lambda reports it.
    @Test func aLambdaHandlersErrorKeepsItsName() async throws {
        let shell = try await shell()
        defer { shell.close() }
        let result = try await shell.run(#":run orders {:id "o3" :items []}"#)
        #expect(result.contains(#":status "FAILED""#), "\(result)")
        #expect(result.contains(#":error "OrderEmpty""#))
        #expect(result.contains(#"\"errorMessage\":\"order o3 has no items\""#))
    }

    /// A callback nobody answers ends at the state's TimeoutSeconds, in the background; the
    /// shell announces it.
    @Test func aRunWaitingInTheBackgroundIsAnnouncedWhenItTimesOut() async throws {
        let shell = try await shell()
        defer { shell.close() }
        #expect(try await shell.run(":run late").contains(#":status "RUNNING""#))
        let announced = try await shell.wait(for: "States.Timeout")
        #expect(announced.contains("run 1 (late-"), "\(announced)")
        #expect(announced.contains("has ended:"))
        #expect(announced.contains(#":status "FAILED""#))
        shell.send(":executions")
        #expect(try await shell.wait(for: "  1  late-").contains("status"))
    }

    @Test func workersAndValidateShowWhatServesEachTask() async throws {
        let shell = try await shell()
        defer { shell.close() }
        shell.send(":workers")
        #expect(try await shell.wait(for: "sqs:sendMessage\n").contains(
            "handlers: :orders/confirm, Lambda function price-order, Lambda function route-driver, dynamodb:putItem, sqs:sendMessage"))
        shell.send(":validate orders")
        let validated = try await shell.wait(for: "plus 1 s)\n")
        #expect(validated.contains("Lambda function price-order → OrderHandlers, calls stopped after 5 min 0 s (--handler-timeout)"))
        #expect(validated.contains("dynamodb:putItem → OrderHandlers"))
        #expect(validated.contains("sqs:sendMessage → OrderHandlers, calls stopped after 1 h 0 min 1 s (TimeoutSeconds 3600 of its Task state, plus 1 s)"))
        shell.send(":test-state delivery Route {:id \"o9\"}")
        #expect(try await shell.wait(for: "after result path").contains("output     {:eta 30}"), "a Lambda state without a mock calls its handler")
    }

    /// A rebuild registers what the package serves now and removes what it no longer serves.
    @Test func aRebuiltPackageNoLongerServesWhatItDropped() async throws {
        let source = try FileEdit(try OrdersProject.handlersDirectory().appendingPathComponent("Sources/OrderHandlers/Handlers.swift"))
        defer { source.restore() }
        let shell = try await shell()
        defer { shell.close() }
        try source.replace(#".lambda("route-driver", route)"#, with: #".lambda("route-planner", route)"#)
        #expect(try await shell.wait(for: "rebuilt in").isEmpty == false)
        shell.send(":validate delivery")
        #expect(try await shell.wait(for: "it fails when it runs").contains(
            "no handler package serves Task state Route (arn:aws:lambda:us-east-1:123456789012:function:route-driver)"))
        let result = try await shell.run(#":run delivery {:id "o4"}"#)
        #expect(result.contains(#":error "States.Runtime""#), "\(result)")
        #expect(result.contains("the Lambda function 'route-driver'"))
    }
}
