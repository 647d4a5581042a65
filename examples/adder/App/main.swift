import Foundation
import Stepwise

// The seed's adder, from Swift: the definition in adder.edn, a handler for `:activity/add`,
// one execution on the embedded engine. Run with `swift run example-adder [x] [y]`.

struct AddInput: Codable, Sendable {
    var x: Int
    var y: Int
}

let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let input = AddInput(x: arguments.first ?? 41, y: arguments.dropFirst().first ?? 1)

let stepwise = Stepwise()
try await stepwise.ensureStateMachine("adder", definition: .file(folder.appendingPathComponent("adder.edn").path))
let workers = try await stepwise.startWorkers(["activity/add": Handler { (input: AddInput) in input.x + input.y }])
let result = try await stepwise.run("adder", input: input)
await workers.shutdown()
print("\(input.x) + \(input.y) = \(try result.output(as: Int.self))  (\(result.status.rawValue))")
