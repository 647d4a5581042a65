// swift-tools-version: 6.0
// The pizza order's handlers, built and reloaded by stepwise-repl whenever a source changes.
// A dynamic library that links only StepwiseHandlerABI, so a rebuild takes about a second.
import PackageDescription

let package = Package(
    name: "PizzaHandlers",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PizzaHandlers", type: .dynamic, targets: ["PizzaHandlers"])
    ],
    dependencies: [
        // The handler contract from the Stepwise repository; use a URL dependency outside it.
        .package(name: "StepwiseHandlerABI", path: "../../../HandlerABI")
    ],
    targets: [
        .target(name: "PizzaHandlers", dependencies: [.product(name: "StepwiseHandlerABI", package: "StepwiseHandlerABI")])
    ],
    swiftLanguageModes: [.v6]
)
