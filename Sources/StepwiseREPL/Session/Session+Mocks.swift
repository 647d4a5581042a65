import Foundation
import Stepwise
import StepwiseTesting

/// The mock file of `:mocks`: where it is, and its last good version.
struct MockFileEntry: Sendable {
    var path: String
    var file: MockFile?
}

extension Session {
    /// `:mocks [FILE]` — loads a mock file (AWS's MockConfigFile.json format) and watches it;
    /// without FILE, lists its test cases.
    func loadMocks(_ typed: String?) async throws -> CommandResult {
        guard let typed else { return showMocks() }
        let path = Self.absolute(typed)
        guard FileManager.default.fileExists(atPath: path) else { throw InputError("\(typed) does not exist") }
        try startWatcher()
        watcher?.watch((path as NSString).deletingLastPathComponent, recursive: false)
        if mocks?.path != path { mocks = MockFileEntry(path: path) }
        return await readMocks(notice: false) ? .succeeded : .failed
    }

    /// Reads the mock file and checks it against the loaded machines it names; when it is
    /// sound, the embedded engines answer test cases from it. A file with problems keeps the
    /// last good version in use.
    @discardableResult
    func readMocks(notice: Bool) async -> Bool {
        guard let path = mocks?.path else { return false }
        let report: (String) -> Void = notice ? { self.console.notice($0) } : { self.console.print($0) }
        let style = console.style
        do {
            let file = try MockFile.load(path)
            try check(file)
            mocks?.file = file
            for engine in localEngines.all { await engine.backend.mocking?.useMocks(file.configuration) }
            report(style.green("✓ ") + "mocks from \(Self.display(path)): " + Self.testCases(of: file))
            refreshCompletion()
            return true
        } catch {
            let keeping = mocks?.file != nil ? " — still using the last good version" : ""
            report(style.red("✗ ") + "\(Self.display(path)) has problems\(keeping):")
            for problem in error.problems { report("  " + Self.display(problem)) }
            return false
        }
    }

    /// Checks every test case of the machines the file names that are loaded.
    func check(_ file: MockFile) throws(FileProblems) {
        var problems: [FileProblem] = []
        for (machine, testCases) in file.configuration.stateMachines.sorted(by: { $0.key < $1.key }) {
            guard let definition = machines[machine]?.definition else { continue }
            for testCase in testCases.keys.sorted() {
                do {
                    try file.check(.init(stateMachine: machine, testCase: testCase), against: definition.loaded.machine)
                } catch {
                    problems += error.problems
                }
            }
        }
        if !problems.isEmpty { throw FileProblems(problems) }
    }

    /// The test case `testCase` of machine `name`, checked against its definition: the states it
    /// mocks, with the mocked response of each.
    func mockedStates(_ name: String, testCase: String, definition: Definition) throws(InputError) -> [String: String] {
        guard let file = mocks?.file else {
            throw InputError(
                mocks.map { "\(Self.display($0.path)) has never loaded cleanly; fix it first" }
                    ?? "\(name)#\(testCase) runs a test case of a mock file: load one first (:mocks FILE)")
        }
        do {
            try file.check(.init(stateMachine: name, testCase: testCase), against: definition.loaded.machine)
        } catch {
            throw InputError(error.problems.map { Self.display($0) }.joined(separator: "\n"))
        }
        return file.configuration.stateMachines[name]?[testCase] ?? [:]
    }

    /// `:mocks` — the mock file and its test cases.
    func showMocks() -> CommandResult {
        guard let mocks else {
            console.print("no mock file is loaded (:mocks FILE, e.g. :mocks examples/orders/orders.mocks.json)")
            return .succeeded
        }
        guard let file = mocks.file else { return fail("\(Self.display(mocks.path)) has never loaded cleanly") }
        console.print("\(Self.display(mocks.path)): " + Self.testCases(of: file))
        return .succeeded
    }

    /// `orders (HappyPath, PaymentDeclined), shipping (Booked)`.
    static func testCases(of file: MockFile) -> String {
        let machines = file.configuration.stateMachines.sorted { $0.key < $1.key }
        guard !machines.isEmpty else { return "no test cases" }
        return machines.map { "\($0.key) (\($0.value.keys.sorted().joined(separator: ", ")))" }.joined(separator: ", ")
    }

    /// A problem with its file shown as `display` shows paths.
    static func display(_ problem: FileProblem) -> String {
        var shown = problem
        shown.file = display(problem.file)
        return shown.description
    }
}
