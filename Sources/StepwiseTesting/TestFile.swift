import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctions
import StepwiseEngine
import StepwiseJSON

/// A `stepwise test` file: a definition, how its tasks are mocked, and cases with their input
/// and expectations. Written as JSON, YAML or EDN, with the same keys in each (see the README,
/// "Testing workflows"); paths are relative to the test file.
public struct TestFile: Sendable, Hashable {
    /// The definition file.
    public var definition: String
    /// The name the mock file knows the machine by (by default the definition file's name
    /// without its extension).
    public var stateMachineName: String?
    /// A mock file in AWS's format (Step Functions Local's `MockConfigFile.json`).
    public var mockConfig: String?
    /// Values for the definition's `${Name}` placeholders.
    public var substitutions: Substitutions?
    public var cases: [TestCase]

    public enum Substitutions: Sendable, Hashable {
        case values(OrderedDictionary<String, String>)
        /// A JSON or YAML map, or a SAM or CloudFormation template (as `--substitutions` takes).
        case file(String)
    }

    public init(
        definition: String, stateMachineName: String? = nil, mockConfig: String? = nil, substitutions: Substitutions? = nil, cases: [TestCase]
    ) {
        self.definition = definition
        self.stateMachineName = stateMachineName
        self.mockConfig = mockConfig
        self.substitutions = substitutions
        self.cases = cases
    }

    /// The machine's name: as given, or the definition file's name without its extension.
    public var machineName: String {
        stateMachineName ?? ((definition as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// The file as a document of the format (keys in the file's order).
    public var json: JSONValue {
        var object: JSONObject = ["definition": .string(definition)]
        object["state-machine-name"] = stateMachineName.map(JSONValue.string)
        object["mock-config"] = mockConfig.map(JSONValue.string)
        switch substitutions {
        case .values(let values)?: object["substitutions"] = .object(JSONObject(uniqueKeysWithValues: values.map { ($0.key, .string($0.value)) }))
        case .file(let path)?: object["substitutions"] = .string(path)
        case nil: break
        }
        object["cases"] = .array(cases.map(\.json))
        return .object(object)
    }
}

/// One execution and what it should come to.
public struct TestCase: Sendable, Hashable {
    public typealias MockedResponse = MockConfiguration.MockedResponse

    public var name: String
    public var input: JSONValue
    /// The mock file's test case that answers the tasks.
    public var testCase: String?
    /// Answers written in the case itself, by state (over the test case's, for those states).
    public var mocks: OrderedDictionary<String, MockedResponse>
    public var expect: Expectations

    public init(
        name: String, input: JSONValue = [:], testCase: String? = nil, mocks: OrderedDictionary<String, MockedResponse> = [:], expect: Expectations
    ) {
        self.name = name
        self.input = input
        self.testCase = testCase
        self.mocks = mocks
        self.expect = expect
    }

    /// A case that replays an observed run: the input, every task's answers as inline mocks
    /// (so the case needs nothing that served them), and the outcome as its expectations.
    public init(name: String, input: JSONValue, recording observation: Observation) {
        var expect = Expectations(status: observation.status)
        if observation.status == .succeeded {
            expect.output = observation.output ?? .null
        } else {
            expect.error = observation.error.map(TextExpectation.equals)
            expect.cause = observation.cause.map(TextExpectation.equals)
        }
        self.init(
            name: name, input: input, mocks: observation.taskAnswers.mapValues { MockedResponse($0) }, expect: expect)
    }

    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name), "input": input]
        object["test-case"] = testCase.map(JSONValue.string)
        if !mocks.isEmpty { object["mocks"] = .object(mocks.mapValues(Self.json)) }
        object["expect"] = expect.json
        return .object(object)
    }

    /// A mocked response as written: a list when it answers invocations 0, 1, 2 … one by one,
    /// else an object keyed by invocation ranges as in a mock file.
    static func json(_ response: MockedResponse) -> JSONValue {
        func answer(_ answer: MockedResponse.Answer) -> JSONValue {
            switch answer {
            case .return(let value): ["Return": value]
            case .throw(let error, let cause): ["Throw": ["Error": .string(error), "Cause": .string(cause)]]
            }
        }
        if response.answers.enumerated().allSatisfy({ $0.element.invocations == $0.offset...$0.offset }) {
            return .array(response.answers.map { answer($0.answer) })
        }
        return .object(
            JSONObject(
                uniqueKeysWithValues: response.answers.map { range, value in
                    (range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)", answer(value))
                }))
    }
}

/// What a case expects of its execution; only what is given is checked.
public struct Expectations: Sendable, Hashable {
    public var status: ExecutionStatus?
    /// The whole output.
    public var output: JSONValue?
    /// Members the output must have, with these values (objects inside compared the same way).
    public var outputIncludes: JSONObject?
    public var error: TextExpectation?
    public var cause: TextExpectation?
    /// States the execution must enter.
    public var visited: [String]
    /// States it must not enter.
    public var notVisited: [String]

    public init(
        status: ExecutionStatus? = nil, output: JSONValue? = nil, outputIncludes: JSONObject? = nil, error: TextExpectation? = nil,
        cause: TextExpectation? = nil, visited: [String] = [], notVisited: [String] = []
    ) {
        self.status = status
        self.output = output
        self.outputIncludes = outputIncludes
        self.error = error
        self.cause = cause
        self.visited = visited
        self.notVisited = notVisited
    }

    public var json: JSONValue {
        var object = JSONObject()
        object["status"] = status.map { .string($0.rawValue) }
        object["output"] = output
        object["output-includes"] = outputIncludes.map(JSONValue.object)
        object["error"] = error?.json
        object["cause"] = cause?.json
        if !visited.isEmpty { object["visited"] = .array(visited.map(JSONValue.string)) }
        if !notVisited.isEmpty { object["not-visited"] = .array(notVisited.map(JSONValue.string)) }
        return .object(object)
    }
}

/// An expected error name or cause: the exact text, or text it contains.
public enum TextExpectation: Sendable, Hashable, CustomStringConvertible {
    case equals(String)
    case contains(String)

    public func matches(_ text: String) -> Bool {
        switch self {
        case .equals(let expected): text == expected
        case .contains(let part): text.contains(part)
        }
    }

    public var json: JSONValue {
        switch self {
        case .equals(let text): .string(text)
        case .contains(let part): ["contains": .string(part)]
        }
    }

    public var description: String {
        switch self {
        case .equals(let text): JSONSerializer.string(.string(text))
        case .contains(let part): "text containing \(JSONSerializer.string(.string(part)))"
        }
    }
}
