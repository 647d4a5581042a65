import Foundation
import TestSupport
import Testing

@testable import StepwiseHandlerPackages
@testable import StepwiseREPL

/// The watcher's batches.
typealias Batches = Recorder<[String]>

extension Recorder<[String]> {
    /// Waits until a batch after the first `skipping` ones names `path`.
    func wait(for path: String, skipping: Int = 0) async -> Bool {
        await wait { $0.dropFirst(skipping).contains { $0.contains(path) } ? true : nil } ?? false
    }
}

@Suite(.timeLimit(.minutes(5))) struct WatchingTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func inPlaceWritesAndRenameOverSavesAreBothSeen() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/adder.edn"
        try "{}".write(toFile: file, atomically: false, encoding: .utf8)
        let batches = Batches()
        let watcher = try DirectoryWatcher(debounce: 0.02) { batches.record($0) }
        watcher.watch(directory, recursive: false)

        try "{:a 1}".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(await batches.wait(for: file))
        let count = batches.values.count

        // Rename-over, as many editors save: a new file is written, then moved onto the old name.
        try "{:a 2}".write(toFile: directory + "/.adder.edn.tmp", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.moveItem(atPath: directory + "/.adder.edn.tmp", toPath: file)
        #expect(await batches.wait(for: file, skipping: count))
        #expect(!batches.values.joined().contains { $0.hasSuffix(".tmp") })
    }

    @Test func aBurstOfEventsArrivesAsOneBatch() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let batches = Batches()
        let watcher = try DirectoryWatcher(debounce: 0.2) { batches.record($0) }
        watcher.watch(directory, recursive: false)
        for name in ["a.edn", "b.edn", "a.edn"] {
            try "{}".write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
        }
        #expect(await batches.wait(for: directory + "/b.edn"))
        #expect(batches.values == [[directory + "/a.edn", directory + "/b.edn"]])
    }

    @Test func recursiveWatchesFollowNewDirectoriesAndSkipHiddenOnes() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/.build", withIntermediateDirectories: true)
        let batches = Batches()
        let watcher = try DirectoryWatcher(debounce: 0.02) { batches.record($0) }
        watcher.watch(directory, recursive: true)
        try "x".write(toFile: directory + "/.build/artifact.o", atomically: false, encoding: .utf8)
        // Each new directory is watched by the time the batch that names it arrives.
        try FileManager.default.createDirectory(atPath: directory + "/Sources", withIntermediateDirectories: false)
        #expect(await batches.wait(for: directory + "/Sources"))
        try FileManager.default.createDirectory(atPath: directory + "/Sources/Handlers", withIntermediateDirectories: false)
        #expect(await batches.wait(for: directory + "/Sources/Handlers"))
        try "let x = 1".write(toFile: directory + "/Sources/Handlers/Add.swift", atomically: false, encoding: .utf8)
        #expect(await batches.wait(for: directory + "/Sources/Handlers/Add.swift"))
        #expect(!batches.values.joined().contains { $0.contains(".build") })
    }

    @Test(arguments: [".adder.edn.swp", "adder.edn~", "4913", "#adder.edn#", ".#adder.edn", "adder.edn.swx", "x.tmp"])
    func editorDroppingsAreNoise(_ name: String) {
        #expect(ChangeFilter.isNoise(name))
    }

    @Test func realFilesAreNotNoise() {
        #expect(!ChangeFilter.isNoise("adder.edn"))
        #expect(!ChangeFilter.isNoise("Add.swift"))
        #expect(!ChangeFilter.isNoise("Package.swift"))
    }

    @Test func aProjectFolderHasDefinitionsAndHandlerPackages() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in ["adder.edn", "flow.yaml", "notes.txt", ".hidden.edn", "Handlers/Package.swift", "docs/readme.md"] {
            try FileManager.default.createDirectory(atPath: (directory + "/" + file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "".write(toFile: directory + "/" + file, atomically: false, encoding: .utf8)
        }
        let contents = ProjectContents.scan(directory)
        #expect(contents.definitions == [directory + "/adder.edn", directory + "/flow.yaml"])
        #expect(contents.packages == [directory + "/Handlers"])
        #expect(DefinitionFiles.machineName(directory + "/adder.edn") == "adder")
    }
}

@Suite struct HandlerBuildTextTests {
    @Test func buildErrorsAreShownOnceWithoutExcerpts() {
        let log = [
            "[1/4] Compiling AdderHandlers Add.swift",
            "/p/Add.swift:11:15: error: cannot find 'zzz' in scope",
            " 9 | func add(_ input: AddInput) async throws -> Int {",
            "10 |     input.x + zzz",
            "   |               `- error: cannot find 'zzz' in scope",
            "/p/Add.swift:11:15: error: cannot find 'zzz' in scope",
            "error: emit-module command failed with exit code 1 (use -v to see invocation)",
        ]
        #expect(PackageBuilder.errors(in: log, fallback: "failed") == ["/p/Add.swift:11:15: error: cannot find 'zzz' in scope"])
        #expect(PackageBuilder.errors(in: ["no errors here"], fallback: "failed") == ["failed", "no errors here"])
    }

    @Test func eachPackageFolderGetsItsOwnBuildDirectory() {
        let a = PackageBuilder(packageDirectory: "/a/Handlers", scratchRoot: "/builds", handlerABI: nil)
        let b = PackageBuilder(packageDirectory: "/b/Handlers", scratchRoot: "/builds", handlerABI: nil)
        let product = PackageBuilder.Product(packageName: "AdderHandlers", name: "AdderHandlers")
        #expect(a.scratchPath(for: product) != b.scratchPath(for: product))
        #expect(a.scratchPath(for: product).hasPrefix("/builds/AdderHandlers-"))
        #expect(a.scratchPath(for: product) == PackageBuilder(packageDirectory: "/a/Handlers", scratchRoot: "/builds", handlerABI: nil).scratchPath(for: product))
        #expect(PackageBuilder(packageDirectory: "/a/Handlers", scratchRoot: nil, handlerABI: nil).scratchPath(for: product) == "/a/Handlers/.build")
    }

    @Test func stackDumpsAreLeftOutOfCauses() {
        #expect(StackTraceLines.matches("Current stack trace:"))
        #expect(StackTraceLines.matches("4    libAdderHandlers-2435dae8.so       0x00007fa5c0ce8fd2 <unavailable> + 49106"))
        #expect(!StackTraceLines.matches("AdderHandlers/Add.swift:11: Fatal error: boom"))
        #expect(!StackTraceLines.matches("3 pizzas baked"))
    }
}
