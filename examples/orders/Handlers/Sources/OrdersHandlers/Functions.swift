import StepwiseHandlerABI

/// An order as the workflow is started with it.
struct Order: Codable, Sendable {
    struct Line: Codable, Sendable {
        var sku: String
        var price: Int
        var qty: Int
    }

    var id: String
    var items: [Line]
}

struct Total: Codable, Sendable {
    var total: Int
}

/// The Lambda function price-order: the order in, its total out.
@Sendable func priceOrder(_ order: Order) async throws -> Total {
    guard !order.items.isEmpty else { throw HandlerError("OrderEmpty", cause: "order \(order.id) has no items") }
    return Total(total: order.items.reduce(0) { $0 + $1.price * $1.qty })
}

struct Charge: Codable, Sendable {
    var order: String
    var card: String
    var amount: Int
}

struct Receipt: Codable, Sendable {
    var chargeId: String
}

/// The Lambda function charge-card. Like a payment provider's test mode, the card number
/// 4000000000000002 is always declined: the workflow catches `PaymentDeclined`.
@Sendable func chargeCard(_ charge: Charge) async throws -> Receipt {
    guard charge.card != "4000000000000002" else {
        throw HandlerError("PaymentDeclined", cause: "the card ending \(charge.card.suffix(4)) was declined")
    }
    return Receipt(chargeId: "ch_\(charge.order)_\(charge.amount)")
}

struct Shipment: Codable, Sendable {
    var order: String
    var address: String
}

struct Booking: Codable, Sendable {
    var tracking: String
    var carrier: String
}

/// The Lambda function book-courier, which the shipping machine calls.
@Sendable func bookCourier(_ shipment: Shipment) async throws -> Booking {
    Booking(tracking: "1Z-\(shipment.order.uppercased())", carrier: shipment.address.contains("Paris") ? "La Poste" : "UPS")
}
