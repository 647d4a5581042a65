import Foundation

/// A project whose handler package serves Lambda functions and integrations as well as an
/// activity: an order is priced (`lambda:invoke`), stored (DynamoDB PutItem), sent to the
/// kitchen (SQS SendMessage, waiting for the kitchen's callback) and delivered by a nested
/// execution (`states:startExecution.sync:2`) whose Lambda function is its Resource. Made by
/// the tests in the run directory (in the test target's folder SwiftPM would compile it).
public enum OrdersProject {
    /// Made once per run; the shell and command-line tests share it and its handler build.
    public static let shared: Result<URL, any Error> = Result { try make() }

    public static func handlersDirectory() throws -> URL { try shared.get().appendingPathComponent("Handlers") }

    static let handlers = """
        import StepwiseHandlerABI

        struct Line: Codable, Sendable {
            var price: Int
            var qty: Int
        }

        struct Order: Codable, Sendable {
            var id: String
            var items: [Line]
        }

        struct Total: Codable, Sendable {
            var total: Int
        }

        /// The Lambda function price-order: an order event in, its total out.
        @Sendable func price(_ order: Order) async throws -> Total {
            guard !order.items.isEmpty else { throw HandlerError("OrderEmpty", cause: "order \\(order.id) has no items") }
            return Total(total: order.items.reduce(0) { $0 + $1.price * $1.qty })
        }

        struct PutItem: Codable, Sendable {
            var TableName: String
            var Item: [String: [String: String]]
        }

        struct Nothing: Codable, Sendable {}

        /// DynamoDB PutItem answers with an empty object.
        @Sendable func save(_ request: PutItem) async throws -> Nothing {
            Nothing()
        }

        struct Message: Codable, Sendable {
            struct Body: Codable, Sendable {
                var order: String
                var token: String
            }
            var QueueUrl: String
            var MessageBody: Body
        }

        struct Sent: Codable, Sendable {
            var MessageId: String
        }

        /// SQS SendMessage: the message (with the task token) is on its way to the kitchen.
        @Sendable func send(_ message: Message) async throws -> Sent {
            Sent(MessageId: "message-\\(message.MessageBody.order)")
        }

        struct Trip: Codable, Sendable {
            var id: String
        }

        struct Eta: Codable, Sendable {
            var eta: Int
        }

        /// The Lambda function route-driver, the Resource of the delivery machine's Task.
        @Sendable func route(_ trip: Trip) async throws -> Eta {
            Eta(eta: 30)
        }

        struct Confirmed: Codable, Sendable {
            var confirmed: String
        }

        /// The activity :orders/confirm.
        @Sendable func confirm(_ order: Trip) async throws -> Confirmed {
            Confirmed(confirmed: order.id)
        }

        @_cdecl("stepwise_handlers")
        public func stepwiseHandlers() -> UnsafeMutableRawPointer {
            HandlerRegistry()
                .register("orders/confirm", confirm)
                .lambda("price-order", price)
                .lambda("route-driver", route)
                .integration("dynamodb:putItem", save)
                .integration("sqs:sendMessage", send)
                .exported()
        }
        """

    /// Priced, stored, sent to the kitchen until it calls back, delivered by a nested execution.
    static let orders = #"""
        {
          "StartAt": "Price",
          "States": {
            "Price": {
              "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:price-order", "Payload.$": "$"},
              "ResultSelector": {"total.$": "$.Payload.total"}, "ResultPath": "$.price", "Next": "Save"
            },
            "Save": {
              "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
              "Parameters": {"TableName": "orders", "Item": {"id": {"S.$": "$.id"}, "total": {"N.$": "States.JsonToString($.price.total)"}}},
              "ResultPath": null, "Next": "Notify"
            },
            "Notify": {
              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/kitchen",
                "MessageBody": {"order.$": "$.id", "token.$": "$$.Task.Token"}
              },
              "HeartbeatSeconds": 600, "TimeoutSeconds": 3600, "ResultPath": "$.kitchen", "Next": "Deliver"
            },
            "Deliver": {
              "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
              "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:delivery", "Input": {"id.$": "$.id"}},
              "ResultSelector": {"eta.$": "$.Output.eta"}, "ResultPath": "$.delivery", "End": true
            }
          }
        }
        """#

    static let delivery = #"""
        {"StartAt": "Route", "States": {"Route": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:route-driver", "End": true}}}
        """#

    /// A kitchen that never calls back within the state's TimeoutSeconds.
    static let late = #"""
        {"StartAt": "Notify", "States": {"Notify": {
          "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "kitchen", "MessageBody": {"order": "late", "token.$": "$$.Task.Token"}},
          "TimeoutSeconds": 1, "End": true}}}
        """#

    /// An activity, a Lambda function and an integration, for `stepwise run --handlers`.
    static let checkout = """
        {:start-at :price
         :states {:price {:type :task :resource "arn:aws:states:::lambda:invoke"
                          :parameters {:FunctionName "price-order" :Payload.$ "$"}
                          :result-selector {:total.$ "$.Payload.total"} :result-path "$.price" :next :save}
                  :save {:type :task :resource "arn:aws:states:::dynamodb:putItem"
                         :parameters {:TableName "orders" :Item {:id {:S.$ "$.id"}}}
                         :result-selector {:stored true} :result-path "$.saved" :next :confirm}
                  :confirm {:type :task :resource :orders/confirm :result-path "$.confirmation" :end true}}}
        """

    static func make() throws -> URL {
        let folder = ScratchProjects.runDirectory.appendingPathComponent("orders")
        try? FileManager.default.removeItem(at: folder)
        try ScratchProjects.writeHandlerPackage(named: "OrderHandlers", source: handlers, in: folder.appendingPathComponent("Handlers"))
        for (name, text) in [("orders.json", orders), ("delivery.json", delivery), ("late.json", late), ("checkout.edn", checkout)] {
            try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        return folder
    }
}

extension ScratchProjects {
    /// Writes a handler package with one dynamic library product, `name`, whose one source file
    /// is `source`; it depends on this repository's handler contract by absolute path.
    public static func writeHandlerPackage(named name: String, source: String, in directory: URL) throws {
        let sources = directory.appendingPathComponent("Sources/\(name)")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let contract = BuiltProducts.packageRoot.appendingPathComponent("HandlerABI").path
        try """
            // swift-tools-version: 6.0
            import PackageDescription

            let package = Package(
                name: "\(name)",
                products: [.library(name: "\(name)", type: .dynamic, targets: ["\(name)"])],
                dependencies: [.package(name: "StepwiseHandlerABI", path: "\(contract)")],
                targets: [.target(name: "\(name)", dependencies: [.product(name: "StepwiseHandlerABI", package: "StepwiseHandlerABI")])],
                swiftLanguageModes: [.v6]
            )
            """.write(to: directory.appendingPathComponent("Package.swift"), atomically: false, encoding: .utf8)
        try source.write(to: sources.appendingPathComponent("Handlers.swift"), atomically: false, encoding: .utf8)
    }
}
