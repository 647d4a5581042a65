import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctions
import StepwiseEngine
import StepwiseJSON

extension TestFile {
    /// The extensions of test files, which `stepwise test` looks for in directories.
    public static let suffixes = [".test.json", ".test.yaml", ".test.yml", ".test.edn"]

    /// Reads a test file (its format from the extension: `.json`, `.yaml`/`.yml`, `.edn`);
    /// throws every problem found, each with its line and JSON pointer.
    public static func load(_ path: String) throws(FileProblems) -> TestFile {
        try loadLocated(path).file
    }

    /// A test file's text in `format`; `path` names it in problems.
    public static func read(_ text: String, format: DefinitionFormat, path: String) throws(FileProblems) -> TestFile {
        try readLocated(text, format: format, path: path).file
    }

    static func loadLocated(_ path: String) throws(FileProblems) -> (file: TestFile, sourceMap: SourceMap) {
        guard let format = DefinitionFormat(path: path) else {
            throw FileProblems([FileProblem(file: path, message: "cannot tell the format of a test file: name it .test.json, .test.yaml or .test.edn")])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FileProblems([FileProblem(file: path, message: "cannot read the test file: \(error.localizedDescription)")])
        }
        return try readLocated(text, format: format, path: path)
    }

    static func readLocated(_ text: String, format: DefinitionFormat, path: String) throws(FileProblems) -> (file: TestFile, sourceMap: SourceMap) {
        let (document, sourceMap) = try parse(text, format: format, path: path)
        var reader = TestFileReader(file: path, sourceMap: sourceMap)
        let file = reader.testFile(document)
        guard let file, reader.problems.isEmpty else { throw FileProblems(reader.problems) }
        return (file, sourceMap)
    }

    private static func parse(_ text: String, format: DefinitionFormat, path: String) throws(FileProblems) -> (JSONValue, SourceMap) {
        switch format {
        case .json:
            do {
                return try JSONParser.parse(text, recordingLocations: true)
            } catch {
                throw FileProblems([FileProblem(file: path, location: error.location, message: "not JSON: \(error.message)")])
            }
        case .yaml:
            do {
                return try YAMLDefinition.parse(text)
            } catch {
                throw FileProblems([FileProblem(file: path, location: error.location, message: "not YAML: \(error.message)")])
            }
        case .edn:
            do {
                return try SugaredEDN.jsonData(text: text, file: path)
            } catch {
                throw FileProblems(error.diagnostics.map { FileProblem(file: path, location: $0.location, pointer: $0.path, message: $0.message) })
            }
        }
    }
}

/// Walks a test file's document, collecting every problem with its pointer and line.
struct TestFileReader {
    let file: String
    let sourceMap: SourceMap
    var problems: [FileProblem] = []

    mutating func problem(_ pointer: String, _ message: String) {
        problems.append(FileProblem(file: file, location: sourceMap.nearestLocation(to: pointer), pointer: pointer, message: message))
    }

    /// The members of an object, complaining of keys other than `known` (a misspelt
    /// expectation must not pass unnoticed).
    mutating func object(_ value: JSONValue, _ pointer: String, _ what: String, known: [String]) -> JSONObject? {
        guard case .object(let object) = value else {
            problem(pointer, "\(what) must be a map, not \(value.typeName)")
            return nil
        }
        for key in object.keys where !known.contains(key) {
            problem("\(pointer)/\(jsonPointerEscape(key))", "unknown key '\(key)'; \(what) has \(known.joined(separator: ", "))")
        }
        return object
    }

    mutating func string(_ value: JSONValue?, _ pointer: String, required: Bool = false) -> String? {
        guard let value else {
            if required { problem(pointer, "missing") }
            return nil
        }
        guard case .string(let text) = value, !text.isEmpty else {
            problem(pointer, value == "" ? "must not be empty" : "must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func strings(_ value: JSONValue?, _ pointer: String) -> [String] {
        guard let value else { return [] }
        guard case .array(let items) = value else {
            problem(pointer, "must be a list of state names, not \(value.typeName)")
            return []
        }
        return items.enumerated().compactMap { string($0.element, "\(pointer)/\($0.offset)") }
    }

    mutating func testFile(_ document: JSONValue) -> TestFile? {
        guard
            let root = object(
                document, "", "a test file", known: ["definition", "state-machine-name", "mock-config", "substitutions", "cases"])
        else { return nil }
        let definition = string(root["definition"], "/definition", required: true)
        var file = TestFile(
            definition: definition ?? "", stateMachineName: string(root["state-machine-name"], "/state-machine-name"),
            mockConfig: string(root["mock-config"], "/mock-config"), substitutions: substitutions(root["substitutions"]), cases: [])
        guard case .array(let cases)? = root["cases"], !cases.isEmpty else {
            problem("/cases", root["cases"] == nil ? "missing: a test file has a list of cases" : "must be a non-empty list of cases")
            return nil
        }
        var names: Set<String> = []
        for (index, value) in cases.enumerated() {
            guard let testCase = testCase(value, "/cases/\(index)") else { continue }
            if !names.insert(testCase.name).inserted { problem("/cases/\(index)/name", "another case is named '\(testCase.name)'") }
            file.cases.append(testCase)
        }
        return definition == nil ? nil : file
    }

    mutating func substitutions(_ value: JSONValue?) -> TestFile.Substitutions? {
        switch value {
        case nil: return nil
        case .string(let path)?: return .file(path)
        case .object(let members)?:
            var values: OrderedDictionary<String, String> = [:]
            for (name, member) in members {
                switch member {
                case .string(let text): values[name] = text
                case .number, .bool: values[name] = JSONSerializer.string(member)
                default: problem("/substitutions/\(jsonPointerEscape(name))", "a placeholder's value is a string, number or boolean, not \(member.typeName)")
                }
            }
            return .values(values)
        case let other?:
            problem("/substitutions", "must be a map of placeholder values or the path of a substitutions file, not \(other.typeName)")
            return nil
        }
    }

    mutating func testCase(_ value: JSONValue, _ pointer: String) -> TestCase? {
        guard let members = object(value, pointer, "a case", known: ["name", "input", "test-case", "mocks", "expect"]) else { return nil }
        let name = string(members["name"], "\(pointer)/name", required: true)
        let testCase = string(members["test-case"], "\(pointer)/test-case")
        let mocks = members["mocks"].map { inlineMocks($0, "\(pointer)/mocks") } ?? [:]
        guard let expectValue = members["expect"] else {
            problem("\(pointer)/expect", "missing: a case says what it expects (status, output, output-includes, error, cause, visited, not-visited)")
            return nil
        }
        let expect = expectations(expectValue, "\(pointer)/expect")
        guard let name, let expect else { return nil }
        return TestCase(name: name, input: members["input"] ?? [:], testCase: testCase, mocks: mocks, expect: expect)
    }

    /// `{state: [answer, …]}` or `{state: {"0": answer, "1-2": answer}}`, answers as in a mock
    /// file; read by the mock file's own reader, its problems placed in this file.
    mutating func inlineMocks(_ value: JSONValue, _ pointer: String) -> OrderedDictionary<String, TestCase.MockedResponse> {
        guard case .object(let states) = value else {
            problem(pointer, "must be a map of state names to their answers, not \(value.typeName)")
            return [:]
        }
        var responses = JSONObject()
        for (state, answers) in states {
            if case .array(let list) = answers {
                // A list answers invocations 0, 1, 2 …: the same pointers as keys "0", "1", "2".
                responses[state] = .object(JSONObject(uniqueKeysWithValues: list.enumerated().map { ("\($0.offset)", $0.element) }))
            } else {
                responses[state] = answers
            }
        }
        let text = JSONSerializer.string(["StateMachines": [:], "MockedResponses": .object(responses)])
        do {
            let configuration = try MockConfiguration.parse(text)
            return OrderedDictionary(uniqueKeysWithValues: states.keys.compactMap { state in configuration.responses[state].map { (state, $0) } })
        } catch {
            for found in error.problems {
                problem(pointer + found.path.dropFirst("/MockedResponses".count), found.message)
            }
            return [:]
        }
    }

    mutating func expectations(_ value: JSONValue, _ pointer: String) -> Expectations? {
        let keys = ["status", "output", "output-includes", "error", "cause", "visited", "not-visited"]
        guard let members = object(value, pointer, "expect", known: keys) else { return nil }
        guard !members.isEmpty else {
            problem(pointer, "expects nothing; give at least one of \(keys.joined(separator: ", "))")
            return nil
        }
        var expect = Expectations(output: members["output"])
        if let written = string(members["status"], "\(pointer)/status") {
            // EDN writes `:succeeded` or `:timed-out`.
            let status = ExecutionStatus(rawValue: written.uppercased().replacingOccurrences(of: "-", with: "_"))
            if let status, status != .running, status != .pendingRedrive {
                expect.status = status
            } else {
                problem("\(pointer)/status", "'\(written)' is not how an execution ends: SUCCEEDED, FAILED, TIMED_OUT or ABORTED")
            }
        }
        if let includes = members["output-includes"] {
            if case .object(let object) = includes {
                expect.outputIncludes = object
            } else {
                problem("\(pointer)/output-includes", "must be a map of the members the output must have, not \(includes.typeName)")
            }
        }
        expect.error = text(members["error"], "\(pointer)/error")
        expect.cause = text(members["cause"], "\(pointer)/cause")
        expect.visited = strings(members["visited"], "\(pointer)/visited")
        expect.notVisited = strings(members["not-visited"], "\(pointer)/not-visited")
        return expect
    }

    mutating func text(_ value: JSONValue?, _ pointer: String) -> TextExpectation? {
        switch value {
        case nil: return nil
        case .string(let text)?: return .equals(text)
        case .object(let members)? where members.count == 1 && members["contains"]?.stringValue != nil:
            return .contains(members["contains"]!.stringValue!)
        case let other?:
            problem(pointer, "must be the exact text, or {contains: TEXT}, not \(JSONSerializer.string(other))")
            return nil
        }
    }
}
