// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StepwiseJSON", targets: ["StepwiseJSON"]),
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "JSONata", targets: ["JSONata"]),
        .library(name: "StepFunctions", targets: ["StepFunctions"]),
        .library(name: "StepwiseEngine", targets: ["StepwiseEngine"]),
        .library(name: "AWSSigV4", targets: ["AWSSigV4"]),
        .library(name: "AWSConfig", targets: ["AWSConfig"]),
        .library(name: "StepwiseSQLite", targets: ["StepwiseSQLite"]),
        .library(name: "Stepwise", targets: ["Stepwise"]),
        .library(name: "StepwiseAWS", targets: ["StepwiseAWS"]),
        .library(name: "StepwiseServer", targets: ["StepwiseServer"]),
        .library(name: "StepwiseTesting", targets: ["StepwiseTesting"]),
        .executable(name: "stepwise", targets: ["StepwiseCLI"]),
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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Leaves: pure code every layer above shares.
        .target(name: "StepwiseJSON", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]),
        .target(name: "StepwiseAlgorithms"),
        .target(
            name: "StatesLanguage",
            dependencies: [
                "StepwiseJSON", "StepwiseAlgorithms", "JSONata",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "JSONata",
            dependencies: ["StepwiseJSON", "StepwiseAlgorithms", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "StepFunctions", dependencies: ["StepwiseJSON"]),
        .target(
            name: "StepwiseEngine",
            dependencies: [
                "StepFunctions", "StatesLanguage", "JSONata", "StepwiseJSON", "StepwiseAlgorithms",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(name: "StepwiseSQLite", dependencies: ["StepwiseEngine", "StepFunctions", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "AWSSigV4", dependencies: ["StepwiseAlgorithms", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "AWSConfig"),
        .target(
            name: "Stepwise",
            dependencies: [
                "StepwiseEngine", "StepwiseAWS", "StepFunctions", "StatesLanguage", "StepwiseJSON", "AWSConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "StepwiseAWS",
            dependencies: [
                "StepFunctions", "StepwiseJSON", "AWSSigV4", "AWSConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test files (`stepwise test`): the model, the runner, diffs and JUnit XML.
        .target(
            name: "StepwiseTesting",
            dependencies: [
                "Stepwise", "StepwiseEngine", "StepFunctions", "StatesLanguage", "StepwiseJSON",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "StepwiseServer",
            dependencies: [
                "StepFunctions",
                "AWSSigV4",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "StepwiseCLI",
            dependencies: [
                "Stepwise", "StepwiseAWS", "StepwiseServer", "StepwiseSQLite", "StepwiseEngine", "StepFunctions", "StatesLanguage",
                "StepwiseJSON", "AWSSigV4", "StepwiseHandlerPackages", "StepwiseTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "example-adder", dependencies: ["Stepwise"], path: "examples/adder/App"),
        .executableTarget(name: "example-pizza", dependencies: ["Stepwise", "StepwiseJSON"], path: "examples/pizza/App"),
        .executableTarget(name: "example-orders", dependencies: ["Stepwise", "StepwiseJSON"], path: "examples/orders/App"),
        .executableTarget(
            name: "stepwise-bench",
            dependencies: [
                "StepwiseEngine", "StepwiseSQLite", "JSONata", "StatesLanguage", "StepFunctions", "StepwiseJSON", "StepwiseAWS", "AWSSigV4",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/StepwiseBench"
        ),
        // What handler packages link. HandlerABI/ is also a package of its own, which handler
        // packages depend on (by path) so that they build nothing else; here it is a target, as a
        // package that apps depend on by URL may not depend on a package by path.
        .target(name: "StepwiseHandlerABI", path: "HandlerABI/Sources/StepwiseHandlerABI"),
        .executableTarget(name: "StepwiseHandlerHost", dependencies: ["StepwiseHandlerABI"]),
        // Building handler packages and running them in handler hosts: the shell's and `stepwise run`'s.
        .target(name: "CStepwiseProcess"),
        .target(
            name: "StepwiseHandlerPackages",
            dependencies: [
                "Stepwise", "StatesLanguage", "StepFunctions", "StepwiseJSON", "CStepwiseProcess",
                "StepwiseHandlerABI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(
            name: "StepwiseREPL",
            dependencies: [
                "Stepwise", "JSONata", "StatesLanguage", "StepFunctions", "StepwiseJSON", "CLibEdit", "StepwiseHandlerPackages", "StepwiseTesting",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "StepwiseREPLCommand",
            dependencies: [
                "StepwiseREPL", "StepwiseHandlerPackages", "Stepwise", "StepwiseAWS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "stepwise-repl-bench", dependencies: ["StepwiseREPLDriver"], path: "Benchmarks/StepwiseREPLBench"),
        .target(name: "TestSupport", dependencies: ["StepwiseJSON", "StepwiseAlgorithms"], path: "Tests/TestSupport"),
        .testTarget(
            name: "StatesLanguageTests",
            dependencies: [
                "StatesLanguage", "StepwiseJSON", "StepwiseAlgorithms", "TestSupport",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ], exclude: ["Fixtures"]),
        .testTarget(name: "StepFunctionsTests", dependencies: ["StepFunctions", "StepwiseJSON", "TestSupport"]),
        // Stores that wrap another (to fail, cut off or mark steps), for the engine's tests and the store's.
        .target(name: "EngineTestSupport", dependencies: ["StepwiseEngine"], path: "Tests/EngineTestSupport"),
        .testTarget(
            name: "StepwiseEngineTests", dependencies: ["StepwiseEngine", "StepFunctions", "StatesLanguage", "StepwiseJSON", "TestSupport", "EngineTestSupport"]),
        .testTarget(
            name: "StepwiseSQLiteTests", dependencies: ["StepwiseSQLite", "StepwiseEngine", "StepFunctions", "StepwiseJSON", "TestSupport", "EngineTestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: ["StepwiseEngine", "StepFunctions", "StepwiseJSON", "TestSupport"]),
        .testTarget(
            name: "StepwiseTests",
            dependencies: [
                "Stepwise", "StepwiseEngine", "StepFunctions", "StepwiseJSON", "TestSupport",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "StepwiseCLITests", dependencies: ["StepwiseJSON", "TestSupport", "StepwiseREPLDriver"]),
        .testTarget(
            name: "StepwiseTestingTests",
            dependencies: ["StepwiseTesting", "Stepwise", "StepwiseEngine", "StepFunctions", "StatesLanguage", "StepwiseJSON", "TestSupport"]
        ),
        .testTarget(
            name: "StepwiseServerTests",
            dependencies: [
                "StepwiseServer", "StepwiseEngine", "StepFunctions", "AWSSigV4", "StepwiseAWS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "TestSupport"]),
        .testTarget(name: "AWSConfigTests", dependencies: ["AWSConfig"]),
        .testTarget(name: "JSONataTests", dependencies: ["JSONata", "StepwiseJSON", "TestSupport"]),
        .testTarget(
            name: "StepwiseAWSTests",
            dependencies: [
                "StepwiseAWS", "Stepwise", "StepwiseEngine", "StepFunctions", "StepwiseJSON", "AWSConfig", "AWSSigV4", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Drives the built stepwise-repl binary (tests and benchmark): `swift build` comes first.
        .target(name: "StepwiseREPLDriver", dependencies: ["TestSupport"], path: "Tests/StepwiseREPLDriver"),
        .testTarget(
            name: "StepwiseREPLTests",
            dependencies: [
                "StepwiseREPL", "StepwiseHandlerPackages", "Stepwise", "StatesLanguage", "StepFunctions", "StepwiseJSON", "StepwiseAlgorithms",
                "StepwiseHandlerABI", "StepwiseREPLDriver", "StepwiseTesting", "TestSupport",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
