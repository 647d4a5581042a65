import Foundation
import StepwiseREPLDriver
import TestSupport
import Testing

/// An app outside the repository depends on the library as the README says: by path to a clone,
/// and by the clone's git URL. SwiftPM resolves each app's whole graph and checks that the
/// products it names exist (a URL dependency may not itself depend on a package by path, which
/// is why StepwiseHandlerABI is a target of this package too). The clone is of the committed
/// HEAD, with its branch named `main`.
@Suite struct AppDependencyTests {
    static func run(_ arguments: [String], in directory: URL) async throws -> ChildRun {
        try await ChildRun.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, in: directory)
    }

    static func app(in folder: URL, dependency: String) throws -> URL {
        let app = folder.appendingPathComponent("app-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: app.appendingPathComponent("Sources/App"), withIntermediateDirectories: true)
        try """
        // swift-tools-version: 6.0
        import PackageDescription

        let package = Package(
            name: "App",
            platforms: [.macOS(.v15)],
            dependencies: [\(dependency)],
            targets: [
                .executableTarget(
                    name: "App",
                    dependencies: [
                        .product(name: "Stepwise", package: "stepwise"), .product(name: "StatesLanguage", package: "stepwise"),
                    ])
            ]
        )

        """.write(to: app.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try "import Stepwise\n".write(to: app.appendingPathComponent("Sources/App/main.swift"), atomically: true, encoding: .utf8)
        return app
    }

    @Test func anAppDependsOnTheLibraryByPathAndByURL() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-app-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clone = folder.appendingPathComponent("stepwise")
        let cloned = try await Self.run(["git", "clone", "-q", BuiltProducts.packageRoot.path, clone.path], in: folder)
        try #require(cloned.status == 0, "git clone: \(cloned.stderr)")
        let branch = try await Self.run(["git", "checkout", "-q", "-B", "main"], in: clone)
        try #require(branch.status == 0, "git checkout: \(branch.stderr)")

        let byPath = try Self.app(in: folder, dependency: #".package(path: "../stepwise")"#)
        let byURL = try Self.app(in: folder, dependency: #".package(url: "file://\#(clone.path)", branch: "main")"#)
        async let pathGraph = Self.run(["swift", "package", "show-dependencies"], in: byPath)
        async let urlGraph = Self.run(["swift", "package", "show-dependencies"], in: byURL)
        for graph in try await [pathGraph, urlGraph] {
            #expect(graph.status == 0, "\(graph.stdout)\n\(graph.stderr)")
            #expect(graph.stdout.contains("stepwise<"), "\(graph.stdout)")
            #expect(graph.stdout.contains("swift-argument-parser"))
        }
    }
}
