import StepwiseHandlerABI

struct Pizza: Codable, Sendable {
    var size: String
    var degrees: Int
}

/// A slow oven: each attempt to bake heats it by 90 degrees, and a pizza needs 180. Until then
/// `bake` fails with `oven/too-cold`, which the definition retries; after a bake it cools down.
actor Oven {
    static let shared = Oven()
    private var degrees = 20

    func bake(_ order: Order) throws -> Pizza {
        degrees += 90
        guard degrees >= 180 else {
            throw HandlerError("oven/too-cold", cause: "the oven is at \(degrees) degrees; a pizza needs 180")
        }
        defer { degrees = 20 }
        return Pizza(size: order.size, degrees: degrees)
    }
}

/// The `:activity/bake` task.
@Sendable func bake(_ order: Order) async throws -> Pizza {
    try await Oven.shared.bake(order)
}
