import Foundation
import Stepwise
import StepwiseJSON

// Every test case of orders.mocks.json against orders.edn, on the embedded engine in virtual
// time: no Lambda function, table, queue, topic or warehouse is called, and the day the
// warehouse has to answer passes at once. Run with `swift run example-orders`.

let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

let stepwise = Stepwise(backend: try .local(mockFile: path("orders.mocks.json"), virtualTime: true))
// The mock file knows the machines by these names; orders starts shipping by its ARN.
try await stepwise.ensureStateMachine("orders", definition: .file(path("orders.edn")))
try await stepwise.ensureStateMachine("shipping", definition: .file(path("shipping.edn")))

let order: JSONValue = [
    "id": "o-1", "card": "4242424242424242", "address": "1 Main St, Springfield",
    "items": [["sku": "tea", "price": 4, "qty": 2], ["sku": "mug", "price": 9, "qty": 1]],
]
for testCase in ["HappyPath", "LambdaThrottled", "PaymentDeclined", "WarehouseTimeout"] {
    let started = ContinuousClock.now
    let result = try await stepwise.startExecution("orders", input: order, testCase: testCase, wait: true)
    let virtual = (result.stopDate ?? result.startDate).timeIntervalSince(result.startDate)
    let outcome = result.error.map { "\($0): \(result.cause ?? "")" } ?? result.output.map { JSONSerializer.string($0) } ?? ""
    print("\(testCase) — \(result.status.rawValue) in \(virtual) s of virtual time (\(ContinuousClock.now - started) real)")
    print("  \(outcome)")
}
