import Foundation
import Stepwise
import StepwiseJSON
import Synchronization

// The pizza workflow from pizza.edn: dough and toppings in parallel, a Choice on the order,
// and an oven that is too cold on its first try (the definition's Retry handles it).
// Run with `swift run example-pizza`.

struct Order: Codable, Sendable {
    var size: String
    var quantity: Int
    var toppings: [String]
}

let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let ovenAttempts = Mutex(0)

let stepwise = Stepwise()
try await stepwise.ensureStateMachine("pizza", definition: .file(folder.appendingPathComponent("pizza.edn").path))
let workers = try await stepwise.startWorkers([
    "activity/make-dough": Handler { (order: Order) in "dough for a \(order.size) pizza" },
    "activity/bake": Handler { (order: JSONValue) -> JSONValue in
        let attempt = ovenAttempts.withLock { n -> Int in
            n += 1
            return n
        }
        if attempt == 1 { throw TaskFailure("oven/too-cold", cause: "the oven is still warming up") }
        return ["baked": true, "attempts": .number(attempt)]
    },
])
let order = Order(size: "large", quantity: 1, toppings: ["mushroom", "olive"])
let result = try await stepwise.run("pizza", input: order)
await workers.shutdown()
print("status: \(result.status.rawValue)")
if let output = result.output { print(JSONSerializer.string(output, pretty: true)) }
if let error = result.error { print("error: \(error): \(result.cause ?? "")") }
