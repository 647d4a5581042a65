import StepwiseHandlerABI

struct Order: Codable, Sendable {
    var size: String
    var toppings: [String]?
}

struct Dough: Codable, Sendable {
    var size: String
    var proofed: Bool
}

/// The `:activity/make-dough` task.
@Sendable func makeDough(_ order: Order) async throws -> Dough {
    Dough(size: order.size, proofed: true)
}
