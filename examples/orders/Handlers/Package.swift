// swift-tools-version: 6.0
// The Lambda functions and AWS services the orders workflow calls, served in Swift: built and
// reloaded by stepwise-repl whenever a source changes (and by stepwise run --handlers).
import PackageDescription

// The handler contract. stepwise-repl and `stepwise run --handlers` name the copy their handler
// host was built with in STEPWISE_HANDLER_ABI; other builds (an editor's) use this repository's.
let handlerABI = Context.environment["STEPWISE_HANDLER_ABI"] ?? "../../../HandlerABI"

let package = Package(
    name: "OrdersHandlers",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OrdersHandlers", type: .dynamic, targets: ["OrdersHandlers"])
    ],
    dependencies: [
        .package(name: "StepwiseHandlerABI", path: handlerABI)
    ],
    targets: [
        .target(name: "OrdersHandlers", dependencies: [.product(name: "StepwiseHandlerABI", package: "StepwiseHandlerABI")])
    ],
    swiftLanguageModes: [.v6]
)
