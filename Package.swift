// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "AWSSigV4", targets: ["AWSSigV4"]),
        .library(name: "AWSConfig", targets: ["AWSConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
        .target(name: "AWSSigV4", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "AWSConfig"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "StatesLanguageTests", dependencies: ["StatesLanguage", "TestSupport"]),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "TestSupport"]),
        .testTarget(name: "AWSConfigTests", dependencies: ["AWSConfig"]),
    ],
    swiftLanguageModes: [.v6]
)
