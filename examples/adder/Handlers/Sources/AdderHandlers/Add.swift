import StepwiseHandlerABI

/// The input of the `:activity/add` task.
struct AddInput: Codable, Sendable {
    var x: Int
    var y: Int
}

/// The sum of x and y.
@Sendable func add(_ input: AddInput) async throws -> Int {
    input.x + input.y
}
