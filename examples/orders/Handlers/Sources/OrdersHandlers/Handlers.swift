import StepwiseHandlerABI

/// The package's entry point: the handler host calls it once after loading the library. Lambda
/// functions are registered by function name, AWS services by `service:action` — whichever way
/// the definition writes them (`lambda:invoke` with a FunctionName or an ARN, with or without
/// `.waitForTaskToken`).
@_cdecl("stepwise_handlers")
public func stepwiseHandlers() -> UnsafeMutableRawPointer {
    HandlerRegistry()
        .lambda("price-order", priceOrder)
        .lambda("charge-card", chargeCard)
        .lambda("book-courier", bookCourier)
        .integration("dynamodb:putItem", putItem)
        .integration("sqs:sendMessage", sendMessage)
        .integration("sns:publish", publish)
        .exported()
}
