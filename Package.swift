// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "JSONata", targets: ["JSONata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .target(
            name: "StatesLanguage",
            dependencies: [
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "JSONata", dependencies: ["StatesLanguage"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "StatesLanguageTests", dependencies: ["StatesLanguage", "TestSupport"]),
        .testTarget(name: "JSONataTests", dependencies: ["JSONata", "StatesLanguage", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
