import Foundation
import StepwiseJSON

/// AWS's mock configuration for Step Functions Local (`MockConfigFile.json`): test cases per
/// state machine, each mapping Task states to mocked responses; a mocked response answers
/// invocation 0, 1, 2 … of its state in an execution with a `Return` (the task's result) or a
/// `Throw` (`{Error, Cause}`). States a test case does not name are served as usual (handlers,
/// forwarded integrations).
public struct MockConfiguration: Sendable, Hashable {
    /// State machine name → test case name → state name → mocked response name.
    public var stateMachines: [String: [String: [String: String]]]
    public var responses: [String: MockedResponse]

    /// A configuration written in Swift (an inline test case): machine → case → state → response.
    public init(stateMachines: [String: [String: [String: String]]], responses: [String: MockedResponse]) {
        self.stateMachines = stateMachines
        self.responses = responses
    }

    /// What a mocked response answers, by invocation number (ranges as in the file, `"1-2"`).
    public struct MockedResponse: Sendable, Hashable {
        public var answers: [(invocations: ClosedRange<Int>, answer: Answer)]

        public init(answers: [(invocations: ClosedRange<Int>, answer: Answer)]) {
            self.answers = answers
        }

        /// Invocation 0 gets the first answer, invocation 1 the second, and so on.
        public init(_ sequence: [Answer]) {
            answers = sequence.enumerated().map { ($0.offset...$0.offset, $0.element) }
        }

        public enum Answer: Sendable, Hashable {
            case `return`(JSONValue)
            case `throw`(error: String, cause: String)
        }

        public func answer(forInvocation invocation: Int) -> Answer? {
            answers.first { $0.invocations.contains(invocation) }?.answer
        }

        public static func == (a: MockedResponse, b: MockedResponse) -> Bool {
            a.answers.elementsEqual(b.answers) { $0.invocations == $1.invocations && $0.answer == $1.answer }
        }

        public func hash(into hasher: inout Hasher) {
            for (range, answer) in answers {
                hasher.combine(range)
                hasher.combine(answer)
            }
        }
    }

    /// A problem in a mock file, with the JSON pointer it is at (and the line, when known).
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var location: SourceLocation?
        public var description: String {
            (location.map { "\($0): " } ?? "") + "\(path.isEmpty ? "/" : path): \(message)"
        }
    }

    /// The test case a running execution uses.
    public struct Selection: Sendable, Hashable, Codable {
        /// The name the mock file knows the state machine by.
        public var stateMachine: String
        public var testCase: String
        public init(stateMachine: String, testCase: String) {
            self.stateMachine = stateMachine
            self.testCase = testCase
        }
    }

    /// Reads a mock file's text; throws every problem found (not just the first).
    public static func parse(_ text: String) throws(MockFileError) -> MockConfiguration {
        let document: JSONValue
        let sourceMap: SourceMap
        do {
            (document, sourceMap) = try JSONParser.parse(text, recordingLocations: true)
        } catch {
            throw MockFileError(problems: [Problem(path: "", message: "not JSON: \(error.message)", location: error.location)])
        }
        var reader = Reader(sourceMap: sourceMap)
        let configuration = reader.read(document)
        guard reader.problems.isEmpty else { throw MockFileError(problems: reader.problems) }
        return configuration
    }

    /// Checks that a test case exists and names only Task states of the machine's definition
    /// (given as its states: name → type).
    public func check(_ selection: Selection, states: [String: String]) throws(MockFileError) {
        guard let cases = stateMachines[selection.stateMachine] else {
            let known = stateMachines.keys.sorted().joined(separator: ", ")
            throw MockFileError(problems: [Problem(
                path: "/StateMachines", message: "no state machine '\(selection.stateMachine)' (the file has: \(known.isEmpty ? "none" : known))")])
        }
        guard let mapping = cases[selection.testCase] else {
            let known = cases.keys.sorted().joined(separator: ", ")
            throw MockFileError(problems: [Problem(
                path: "/StateMachines/\(jsonPointerEscape(selection.stateMachine))/TestCases",
                message: "no test case '\(selection.testCase)' (the machine has: \(known.isEmpty ? "none" : known))")])
        }
        var problems: [Problem] = []
        for (state, _) in mapping.sorted(by: { $0.key < $1.key }) {
            let path = "/StateMachines/\(jsonPointerEscape(selection.stateMachine))/TestCases/\(jsonPointerEscape(selection.testCase))/\(jsonPointerEscape(state))"
            switch states[state] {
            case nil: problems.append(Problem(path: path, message: "the state machine has no state '\(state)'"))
            case "Task"?: break
            case let type?: problems.append(Problem(path: path, message: "'\(state)' is a \(type) state; only Task states can be mocked"))
            }
        }
        if !problems.isEmpty { throw MockFileError(problems: problems) }
    }

    /// The mocked answer for invocation `invocation` of `state` under `selection`: nil when the
    /// test case does not mock the state; a problem when it does but has no answer that far.
    public func answer(_ selection: Selection, state: String, invocation: Int) -> Result<MockedResponse.Answer, Problem>? {
        guard let name = stateMachines[selection.stateMachine]?[selection.testCase]?[state] else { return nil }
        guard let answer = responses[name]?.answer(forInvocation: invocation) else {
            return .failure(Problem(
                path: "/MockedResponses/\(jsonPointerEscape(name))",
                message: "test case '\(selection.testCase)' mocks state '\(state)' with '\(name)', which has no answer for invocation \(invocation)"))
        }
        return .success(answer)
    }
}

/// Every problem of a mock file.
public struct MockFileError: Error, Sendable, CustomStringConvertible {
    public var problems: [MockConfiguration.Problem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Walks a mock file's JSON, collecting problems with their paths.
private struct Reader {
    let sourceMap: SourceMap
    var problems: [MockConfiguration.Problem] = []

    mutating func problem(_ path: String, _ message: String) {
        problems.append(MockConfiguration.Problem(path: path, message: message, location: sourceMap[path]))
    }

    mutating func object(_ value: JSONValue?, _ path: String, _ what: String) -> JSONObject? {
        guard let value else {
            problem(path, "missing \(what)")
            return nil
        }
        guard case .object(let object) = value else {
            problem(path, "\(what) must be an object, not \(value.typeName)")
            return nil
        }
        return object
    }

    mutating func read(_ document: JSONValue) -> MockConfiguration {
        var configuration = MockConfiguration(stateMachines: [:], responses: [:])
        guard let root = object(document, "", "the mock configuration") else { return configuration }
        for key in root.keys where key != "StateMachines" && key != "MockedResponses" {
            problem("/\(jsonPointerEscape(key))", "unknown key '\(key)'; a mock file has StateMachines and MockedResponses")
        }
        for (name, value) in object(root["MockedResponses"], "/MockedResponses", "MockedResponses") ?? [:] {
            let path = "/MockedResponses/\(jsonPointerEscape(name))"
            if let response = mockedResponse(value, path) { configuration.responses[name] = response }
        }
        for (machine, value) in object(root["StateMachines"], "/StateMachines", "StateMachines") ?? [:] {
            let path = "/StateMachines/\(jsonPointerEscape(machine))"
            guard let entry = object(value, path, "a state machine's entry") else { continue }
            for key in entry.keys where key != "TestCases" {
                problem("\(path)/\(jsonPointerEscape(key))", "unknown key '\(key)'; a state machine's entry has TestCases")
            }
            var cases: [String: [String: String]] = [:]
            for (testCase, mapping) in object(entry["TestCases"], "\(path)/TestCases", "TestCases") ?? [:] {
                let casePath = "\(path)/TestCases/\(jsonPointerEscape(testCase))"
                var states: [String: String] = [:]
                for (state, response) in object(mapping, casePath, "a test case") ?? [:] {
                    let statePath = "\(casePath)/\(jsonPointerEscape(state))"
                    guard case .string(let responseName) = response else {
                        problem(statePath, "must name a mocked response (a string), not \(response.typeName)")
                        continue
                    }
                    if configuration.responses[responseName] == nil, root["MockedResponses"]?[responseName] == nil {
                        problem(statePath, "names the mocked response '\(responseName)', which MockedResponses does not define")
                    }
                    states[state] = responseName
                }
                cases[testCase] = states
            }
            configuration.stateMachines[machine] = cases
        }
        return configuration
    }

    mutating func mockedResponse(_ value: JSONValue, _ path: String) -> MockConfiguration.MockedResponse? {
        guard let steps = object(value, path, "a mocked response") else { return nil }
        var answers: [(ClosedRange<Int>, MockConfiguration.MockedResponse.Answer)] = []
        for (key, step) in steps {
            let stepPath = "\(path)/\(jsonPointerEscape(key))"
            guard let range = Self.invocations(key) else {
                problem(stepPath, "'\(key)' is not an invocation number or range (\"0\", \"1-2\")")
                continue
            }
            if let overlap = answers.first(where: { $0.0.overlaps(range) }) {
                problem(stepPath, "invocations \(key) overlap \(overlap.0.lowerBound)-\(overlap.0.upperBound)")
                continue
            }
            guard let body = object(step, stepPath, "an invocation's answer") else { continue }
            switch (body["Return"], body["Throw"]) {
            case (let value?, nil):
                answers.append((range, .return(value)))
            case (nil, let thrown?):
                guard case .object(let error) = thrown, case .string(let name)? = error["Error"], case .string(let cause)? = error["Cause"] else {
                    problem("\(stepPath)/Throw", "Throw must be an object with the strings Error and Cause")
                    continue
                }
                answers.append((range, .throw(error: name, cause: cause)))
            case (_?, _?):
                problem(stepPath, "has both Return and Throw; an answer has exactly one")
            case (nil, nil):
                problem(stepPath, "has neither Return nor Throw")
            }
            for key in body.keys where key != "Return" && key != "Throw" {
                problem("\(stepPath)/\(jsonPointerEscape(key))", "unknown key '\(key)'; an answer has Return or Throw")
            }
        }
        return MockConfiguration.MockedResponse(answers: answers.sorted { $0.0.lowerBound < $1.0.lowerBound })
    }

    /// `"3"` → 3...3, `"1-2"` → 1...2.
    static func invocations(_ key: String) -> ClosedRange<Int>? {
        let bounds = key.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count), bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let low = Int(bounds[0]), let high = Int(bounds.last!), low <= high
        else { return nil }
        return low...high
    }
}
