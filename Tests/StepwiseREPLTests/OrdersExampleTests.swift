import Foundation
import StepwiseREPLDriver
import Testing

/// examples/orders as its README section runs it: the handler package serves the Lambda
/// functions and services, the shell answers the warehouse's callback, the nested shipping
/// execution and the SNS notification follow.
@Suite(.timeLimit(.minutes(5))) struct OrdersExampleTests {
    @Test func theOrderRunsOnItsHandlersAndTheShellAnswersTheCallback() async throws {
        let project = try ScratchProjects.copy("orders")
        let shell = try PipedShell(["."], in: project)
        defer { shell.close() }
        let built = try await shell.wait(for: "handlers:")
        #expect(!built.contains("orders.mocks"), "the mock file is not read as a definition")
        try await shell.wait(for: "sqs:sendMessage")
        shell.send(#":run orders {:id "o-1" :card "4242424242424242" :address "1 Main St" :items [{:sku "tea" :price 4 :qty 2}]}"#)
        let waiting = try await shell.wait(for: "answers it")
        let token = try #require(try Regex(#"waiting for a callback: confirm \(sqs:sendMessage.waitForTaskToken\) token (\S+)"#).firstMatch(in: waiting)?[1].substring)
        shell.send(":succeed \(token) {:picked true}")
        let done = try await shell.wait(for: ":machine \"")
        #expect(done.contains(#":status "SUCCEEDED""#), "\(done)")
        #expect(done.contains(#":shipping     {:tracking "1Z-O-1" :carrier "UPS"}"#))
        #expect(done.contains(#":notification {:message-id "shipped-o-1"}"#))

        shell.send(#":run orders {:id "o-2" :card "4000000000000002" :items [{:sku "tea" :price 4 :qty 2}]}"#)
        #expect(try await shell.wait(for: ":machine \"").contains(#":output {:id "o-2" :status "DECLINED" :reason "PaymentDeclined"}"#))
    }
}
