import Foundation
import StatesLanguage
import StepwiseJSON
import Synchronization

/// A compiler or package error, as the user needs to see it.
struct BuildFailure: Error, CustomStringConvertible {
    var messages: [String]
    var description: String { messages.joined(separator: "\n") }
}

/// Builds a handler package with `swift build` and finds its dynamic library.
struct PackageBuilder: Sendable {
    let packageDirectory: String
    /// Where SwiftPM keeps the build: the package's own `.build`, or under a shared root
    /// `<root>/<package name>-<hash of its path>` — one build directory per package folder,
    /// since SwiftPM does not notice when one build directory is used for another folder.
    let scratchRoot: String?
    /// Given to SwiftPM as `$STEPWISE_HANDLER_ABI`, for the manifest to depend on.
    let handlerABI: String?

    /// What SwiftPM runs with besides the shell's own environment.
    private var environment: [String: String] {
        handlerABI.map { [HandlerEnvironment.handlerABIVariable: $0] } ?? [:]
    }

    struct Product: Sendable, Hashable {
        var packageName: String
        var name: String
    }

    func scratchPath(for product: Product) -> String {
        scratchRoot.map { ($0 as NSString).appendingPathComponent("\(product.packageName)-\(Self.pathHash(packageDirectory))") }
            ?? (packageDirectory as NSString).appendingPathComponent(".build")
    }

    /// FNV-1a of the path, in hex: stable across runs, unlike `Hasher`.
    static func pathHash(_ path: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// The package's dynamic library product (from `swift package dump-package`).
    func product() async throws(BuildFailure) -> Product {
        let dump: (termination: Termination, output: [String], errors: [String])
        do {
            dump = try await ChildProcess.capture(
                "swift", ["package", "dump-package", "--package-path", packageDirectory], environment: environment)
        } catch {
            throw BuildFailure(messages: ["\(error)"])
        }
        guard dump.termination.succeeded, let start = dump.output.firstIndex(where: { $0.hasPrefix("{") }),
            let manifest = try? JSONParser.parse(dump.output[start...].joined(separator: "\n"))
        else {
            throw BuildFailure(
                messages: Self.errors(in: dump.errors + dump.output, fallback: "swift package dump-package failed with \(dump.termination)"))
        }
        let packageName = manifest["name"]?.stringValue ?? "Handlers"
        let dynamic = (manifest["products"]?.arrayValue ?? []).filter { product in
            product["type"]?["library"]?.arrayValue?.contains(.string("dynamic")) == true
        }
        guard let name = dynamic.first?["name"]?.stringValue else {
            throw BuildFailure(messages: ["\(packageDirectory)/Package.swift has no dynamic library product: add .library(name: \"\(packageName)\", type: .dynamic, targets: […])"])
        }
        return Product(packageName: packageName, name: name)
    }

    /// Builds `product`; returns the path of the built library. `progress` gets SwiftPM's lines.
    func build(_ product: Product, progress: @escaping @Sendable (String) -> Void) async throws(BuildFailure) -> String {
        let scratch = scratchPath(for: product)
        let output = OutputCollector()
        let termination: Termination
        do {
            termination = try await ChildProcess.run(
                "swift", ["build", "--package-path", packageDirectory, "--scratch-path", scratch, "--product", product.name],
                environment: environment
            ) { line in
                output.add(line)
                progress(line)
            }
        } catch {
            throw BuildFailure(messages: ["\(error)"])
        }
        guard termination.succeeded else {
            throw BuildFailure(messages: Self.errors(in: output.lines, fallback: "swift build failed with \(termination)"))
        }
        let library = (scratch as NSString).appendingPathComponent("debug/lib\(product.name).so")
        guard FileManager.default.fileExists(atPath: library) else {
            throw BuildFailure(messages: ["swift build succeeded but \(library) does not exist"])
        }
        return library
    }

    /// The error lines of a build log, each once (SwiftPM repeats them per compile job),
    /// without the source excerpts that follow them.
    static func errors(in lines: [String], fallback: String) -> [String] {
        var seen: Set<String> = []
        let errors = lines.filter { line in
            line.contains("error:") && !line.hasPrefix(" ") && !line.contains("|")
                && !line.contains("command failed with exit code") && seen.insert(line).inserted
        }
        return errors.isEmpty ? [fallback] + lines.suffix(10) : errors
    }
}

/// Lines gathered from a child's output on its reader thread.
final class OutputCollector: Sendable {
    private let collected = Mutex<[String]>([])
    func add(_ line: String) { collected.withLock { $0.append(line) } }
    var lines: [String] { collected.withLock { $0 } }
}
