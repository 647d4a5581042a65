// swift-tools-version: 6.0
// The Lambda functions and AWS services the orders workflow calls, served in Swift: built and
// reloaded by stepwise-repl whenever a source changes (and by stepwise run --handlers).
import PackageDescription

let package = Package(
    name: "OrdersHandlers",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OrdersHandlers", type: .dynamic, targets: ["OrdersHandlers"])
    ],
    dependencies: [
        // The handler contract from the Stepwise repository; use a URL dependency outside it.
        .package(name: "StepwiseHandlerABI", path: "../../../HandlerABI")
    ],
    targets: [
        .target(name: "OrdersHandlers", dependencies: [.product(name: "StepwiseHandlerABI", package: "StepwiseHandlerABI")])
    ],
    swiftLanguageModes: [.v6]
)
