// swift-tools-version: 6.0
// The contract between stepwise-repl and handler packages, as a package of its own so that a
// handler package depends on nothing else: its first build resolves one tiny package, not the
// whole of Stepwise.
import PackageDescription

let package = Package(
    name: "StepwiseHandlerABI",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StepwiseHandlerABI", targets: ["StepwiseHandlerABI"])
    ],
    targets: [
        .target(name: "StepwiseHandlerABI")
    ],
    swiftLanguageModes: [.v6]
)
