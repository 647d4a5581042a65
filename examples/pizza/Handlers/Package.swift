// swift-tools-version: 6.0
// The pizza order's handlers, built and reloaded by stepwise-repl whenever a source changes.
// A dynamic library that links only StepwiseHandlerABI, so a rebuild takes about a second.
import PackageDescription

// The handler contract. stepwise-repl and `stepwise run --handlers` name the copy their handler
// host was built with in STEPWISE_HANDLER_ABI; other builds (an editor's) use this repository's.
let handlerABI = Context.environment["STEPWISE_HANDLER_ABI"] ?? "../../../HandlerABI"

let package = Package(
    name: "PizzaHandlers",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PizzaHandlers", type: .dynamic, targets: ["PizzaHandlers"])
    ],
    dependencies: [
        .package(name: "StepwiseHandlerABI", path: handlerABI)
    ],
    targets: [
        .target(name: "PizzaHandlers", dependencies: [.product(name: "StepwiseHandlerABI", package: "StepwiseHandlerABI")])
    ],
    swiftLanguageModes: [.v6]
)
