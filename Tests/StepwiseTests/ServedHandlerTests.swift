import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

@testable import Stepwise

/// `Stepwise.serve`: Swift handlers for Lambda functions and integrations, with interceptors.
@Suite struct ServedHandlerTests {
    struct Order: Codable, Sendable { var id: Int; var quantity: Int }
    struct Priced: Codable, Sendable { var id: Int; var total: Int }

    static let definition = """
        {:start-at :price
         :states {:price {:type :task :resource "arn:aws:states:::lambda:invoke"
                          :parameters {:FunctionName "price-order" :Payload.$ "$"}
                          :result-selector {:total.$ "$.Payload.total"} :next :save}
                  :save {:type :task :resource "arn:aws:states:::dynamodb:putItem"
                         :parameters {:TableName "orders" :Item {:total {:N.$ "States.Format('{}', $.total)"}}}
                         :result-path nil :end true}}}
        """

    @Test func lambdaFunctionsAndIntegrationsAreServedInProcess() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("orders", definition: .edn(Self.definition))
        let saved = SavedItems()
        let served = try await stepwise.serve([
            .lambda("price-order"): Handler { (order: Order) in Priced(id: order.id, total: order.quantity * 3) },
            .integration("dynamodb:putItem"): Handler { (request: JSONValue) -> JSONValue in
                await saved.add(request["Item"] ?? .null)
                return [:]
            },
        ])
        let result = try await stepwise.run("orders", input: Order(id: 7, quantity: 14))
        #expect(result.status == .succeeded, "\(result.error ?? ""): \(result.cause ?? "")")
        #expect(result.output == ["total": 42])
        #expect(await saved.items == [["total": ["N": "42"]]])

        await served.remove()
        let unserved = try await stepwise.run("orders", input: Order(id: 8, quantity: 1))
        #expect(unserved.error == "States.Runtime")
        #expect(unserved.cause?.contains("the Lambda function 'price-order'") == true)
    }

    @Test func aBackendWithoutInProcessHandlersRefusesThem() async throws {
        let stepwise = Stepwise(backend: .init(api: Engine(), roleArn: "arn:aws:iam::123456789012:role/r"))
        await #expect(throws: StepwiseError.self) {
            try await stepwise.serve([.lambda("f"): Handler { (x: Int) in x }])
        }
    }
}

actor SavedItems {
    var items: [JSONValue] = []
    func add(_ item: JSONValue) { items.append(item) }
}

/// The library's test cases: mocked tasks and virtual time on the embedded engine.
@Suite(.timeLimit(.minutes(5))) struct LibraryTestCaseTests {
    static let definition = """
        {:start-at :charge
         :states {:charge {:type :task :resource "arn:aws:states:::lambda:invoke"
                           :parameters {:FunctionName "charge" :Payload.$ "$"}
                           :retry [{:error-equals "Busy" :interval-seconds 3600 :max-attempts 2}]
                           :output-path "$.Payload" :next :cool-down}
                  :cool-down {:type :wait :seconds 86400 :end true}}}
        """

    @Test func aTestCaseAnswersTasksAndVirtualTimeSkipsTheWaits() async throws {
        let mocks = MockConfiguration(
            stateMachines: ["billing": ["BusyThenCharged": ["charge": "busyThenOK"]]],
            responses: ["busyThenOK": .init([.throw(error: "Busy", cause: "later"), .return(["Payload": ["charged": true]])])])
        let stepwise = Stepwise(backend: .local(mocks: mocks, virtualTime: true))
        try await stepwise.ensureStateMachine("billing", definition: .edn(Self.definition))
        let result = try await stepwise.startExecution("billing", testCase: "BusyThenCharged", wait: true)
        #expect(result.status == .succeeded)
        #expect(result.output == ["charged": true])
        #expect(try #require(result.stopDate).timeIntervalSince(result.startDate) == 3600 + 86400)
    }
}
