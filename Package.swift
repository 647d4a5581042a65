// swift-tools-version: 6.0
import Foundation
import PackageDescription

// The shell's `:backend aws` plugs in when the AWS backend module is part of the package.
let hasAWSBackend = FileManager.default.fileExists(atPath: Context.packageDirectory + "/Sources/StepwiseAWS")

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "StepFunctions", targets: ["StepFunctions"]),
        .library(name: "StepwiseEngine", targets: ["StepwiseEngine"]),
        .library(name: "AWSSigV4", targets: ["AWSSigV4"]),
        .library(name: "AWSConfig", targets: ["AWSConfig"]),
        .library(name: "Stepwise", targets: ["Stepwise"]),
        .executable(name: "stepwise", targets: ["StepwiseCLI"]),
        .library(name: "StepwiseHandlerABI", targets: ["StepwiseHandlerABI"]),
        .executable(name: "stepwise-handler-host", targets: ["StepwiseHandlerHost"]),
        .executable(name: "stepwise-repl", targets: ["StepwiseREPLCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .target(
            name: "StatesLanguage",
            dependencies: [
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "StepFunctions", dependencies: ["StatesLanguage"]),
        .target(
            name: "StepwiseEngine",
            dependencies: ["StepFunctions", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(name: "AWSSigV4", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "AWSConfig"),
        .target(
            name: "Stepwise",
            dependencies: [
                "StepwiseEngine",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "StepwiseCLI",
            dependencies: ["Stepwise", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "stepwise-bench",
            dependencies: ["StepwiseEngine"],
            path: "Benchmarks/StepwiseBench"
        ),
        // What a handler package links: no dependencies, so that it builds in seconds.
        .target(name: "StepwiseHandlerABI"),
        .executableTarget(name: "StepwiseHandlerHost", dependencies: ["StepwiseHandlerABI"]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(
            name: "StepwiseREPL",
            dependencies: ["Stepwise", "CLibEdit", "StepwiseHandlerABI", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "StepwiseREPLCommand",
            dependencies: ["StepwiseREPL", "Stepwise", .product(name: "ArgumentParser", package: "swift-argument-parser")]
                + (hasAWSBackend ? ["StepwiseAWS"] : [])
        ),
        .executableTarget(name: "stepwise-repl-bench", dependencies: ["StepwiseREPLDriver"], path: "Benchmarks/StepwiseREPLBench"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "StatesLanguageTests", dependencies: ["StatesLanguage", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "StepwiseEngineTests", dependencies: ["StepwiseEngine", "TestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: ["StepwiseEngine", "TestSupport"]),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "TestSupport"]),
        .testTarget(name: "AWSConfigTests", dependencies: ["AWSConfig"]),
        // Drives the built stepwise-repl binary (tests and benchmark): `swift build` comes first.
        .target(name: "StepwiseREPLDriver", path: "Tests/StepwiseREPLDriver"),
        .testTarget(
            name: "StepwiseREPLTests", dependencies: ["StepwiseREPL", "StepwiseHandlerABI", "StepwiseREPLDriver", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
