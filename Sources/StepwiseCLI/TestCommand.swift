import ArgumentParser
import Foundation
import StepwiseTesting

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run test files: a definition, its mocked tasks, and cases with their input and what they expect.",
        discussion: """
            A test file (JSON, YAML or EDN) names a definition, a mock file in AWS's format and cases, each with an input, \
            the test case of the mock file or mocks of its own, and expectations: status, output (whole, or output-includes), \
            error and cause (exact, or {contains: TEXT}), states visited and not visited. See the README, "Testing workflows".

            Cases run side by side, each on an embedded engine of its own, in virtual time: waits, retry intervals and \
            timeouts pass at once. A failure shows each difference at its JSON pointer (/output/…, /status, /path). The exit \
            status is 1 when a case fails or cannot run, or a file cannot be read; 0 otherwise.
            """)

    @Argument(
        help: ArgumentHelp(
            "Test files, or folders searched for \(TestFile.suffixes.map { "*" + $0 }.joined(separator: ", ")) (hidden folders skipped). Default: the current folder.",
            valueName: "FILE|DIR"))
    var paths: [String] = []

    @Flag(help: "Run in real time: waits, retry intervals and timeouts last as long as they say.")
    var realTime = false

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to FILE, for CI.", valueName: "FILE"))
    var junit: String?

    @Option(help: ArgumentHelp("How many cases run at once (default: the number of processors).", valueName: "N"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let files = try testFiles()
        guard !files.isEmpty else {
            printError(
                "no test files (\(TestFile.suffixes.map { "*" + $0 }.joined(separator: ", "))) in \(paths.isEmpty ? "." : paths.joined(separator: ", "))")
            throw ExitCode(1)
        }
        let terminal = isatty(STDERR_FILENO) == 1
        let runner = TestRunner(virtualTime: !realTime, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let report = await runner.run(files) { progress in
            // One line, rewritten as cases end; only where someone watches.
            guard terminal else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K[\(progress.done)/\(progress.total)] \(progress.last.file) › \(progress.last.name)".utf8))
        }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(report.text)
        if let junit {
            do {
                try report.junitXML().write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                printError("cannot write --junit \(junit): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        if !report.succeeded { throw ExitCode(1) }
    }

    /// The files named, and the test files in the folders named, each folder's sorted by path.
    func testFiles() throws -> [String] {
        var files: [String] = []
        for path in paths.isEmpty ? ["."] : paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: path)
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator?.skipDescendants()
                } else if TestFile.suffixes.contains(where: { name.hasSuffix($0) }) {
                    found.append(path == "." ? relative : (path as NSString).appendingPathComponent(relative))
                }
            }
            files += found.sorted()
        }
        return files
    }
}
