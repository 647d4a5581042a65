import Foundation
import StepwiseJSON
import TestSupport
@testable import StatesLanguage

/// Just enough of an interpreter to replay recorded AWS cases built from Pass, Choice, Wait
/// (no waiting), Succeed and Fail states in JSONPath, using only the runtime's public
/// data-flow functions — so a mismatch points at the runtime, not at an engine.
struct ConformanceMiniRunner {
    enum Outcome: Equatable {
        case succeeded(JSONValue)
        case failed(error: String?, cause: String?)
    }

    struct Case: Sendable {
        var id: String
        var category: String
        var definition: JSONValue
        var input: JSONValue
        var expected: JSONValue
    }

    /// The recorded cases this runner can replay.
    static let replayable: [Case] = ConformanceRecords.all.compactMap { record in
        guard let input = try? JSONParser.parse(record["input"]?.stringValue ?? "{}") else { return nil }
        let testCase = Case(
            id: record["id"]?.stringValue ?? "?", category: record["category"]?.stringValue ?? "",
            definition: record["definition"] ?? .null, input: input, expected: record["expected"] ?? .null)
        return supports(testCase) ? testCase : nil
    }

    /// The ids of the replayable cases that `select` picks.
    static func ids(where select: (Case) -> Bool) -> [String] {
        replayable.filter(select).map(\.id)
    }

    private static let byID = Dictionary(replayable.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    static func testCase(_ id: String) -> Case? { byID[id] }

    /// Whether this runner can replay the case: only the state types above, JSONPath
    /// throughout, no variables; payload-size limits and API calls mid-run are the engine's.
    static func supports(_ testCase: Case) -> Bool {
        let status = testCase.expected["status"]?.stringValue
        guard status == "SUCCEEDED" || status == "FAILED",
              testCase.expected["error"]?.stringValue != ErrorName.dataLimitExceeded
        else { return false }
        return supports(testCase.definition)
    }

    static func supports(_ definition: JSONValue) -> Bool {
        let text = definition.description
        guard !text.contains("JSONata"), !text.contains("{%"), !text.contains("\"Assign\"") else { return false }
        guard let states = definition["States"]?.objectValue else { return false }
        return states.values.allSatisfy { ["Pass", "Choice", "Wait", "Succeed", "Fail"].contains($0["Type"]?.stringValue ?? "") }
    }

    static let runtime = IntrinsicRuntime(
        random: { 0.5 }, uuid: { UUID(uuidString: "2F1D2A3C-58E4-4E4B-9C61-0B7C3C0E9D11")! })

    /// The context object, with the recorder's placeholders as its identifiers so outputs
    /// that quote them compare equal.
    static func context(input: JSONValue) -> JSONValue {
        [
            "Execution": [
                "Id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
                "Input": input, "StartTime": "date", "Name": "<ExecArnPart_0idx>",
                "RoleArn": "snf_role_arn", "RedriveCount": 0,
            ],
            "StateMachine": ["Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>", "Name": "<ArnPart_0idx>"],
            "State": ["Name": "", "EnteredTime": "date"],
        ]
    }

    static func run(_ machine: StateMachine, input: JSONValue) throws -> Outcome {
        var context = context(input: input)
        var name = machine.startAt
        var current = input
        for index in 0..<1000 {
            guard let state = machine.states[name] else { return .failed(error: "Missing", cause: name) }
            if case .object(var object) = context, case .object(var stateInfo)? = object["State"] {
                stateInfo["Name"] = .string(name)
                object["State"] = .object(stateInfo)
                context = .object(object)
            }
            do {
                switch try step(state, input: current, context: context) {
                case .next(let output, let next):
                    current = output
                    guard let next else { return .succeeded(output) }
                    name = next
                case .fail(let error, let cause):
                    return .failed(error: error, cause: cause)
                }
            } catch {
                let located = error.inState(name, enteredAtEventId: 2 + 2 * index)
                return .failed(error: located.error, cause: located.cause)
            }
        }
        return .failed(error: "Loop", cause: nil)
    }

    enum Step {
        case next(JSONValue, String?)
        case fail(String?, String?)
    }

    static func step(_ state: State, input: JSONValue, context: JSONValue) throws(StatesError) -> Step {
        let variables: [String: JSONValue] = [:]
        func parsed(_ field: PathOrNull?) throws(StatesError) -> JSONPathOrNull? {
            guard let field else { return nil }
            do { return try JSONPathOrNull(field) } catch { throw StatesError.runtime(error.message) }
        }
        func path(_ text: String) throws(StatesError) -> JSONPath {
            do { return try JSONPath.parse(text) } catch { throw StatesError.runtime(error.message) }
        }
        let next = state.end == true ? nil : state.next
        switch state.type {
        case .pass:
            let effective = try JSONPathDataFlow.inputPath(try parsed(state.inputPath), input: input, context: context, variables: variables)
            let template = try state.parameters.map { v throws(StatesError) in try PayloadTemplate.compile(v) }
            var result = try JSONPathDataFlow.parameters(template, effectiveInput: effective, context: context, variables: variables, runtime: runtime)
            if let fixed = state.result { result = fixed }
            let placed = try JSONPathDataFlow.resultPath(try parsed(state.resultPath), result: result, input: input)
            return .next(try JSONPathDataFlow.outputPath(try parsed(state.outputPath), output: placed, context: context, variables: variables), next)
        case .choice:
            let effective = try JSONPathDataFlow.inputPath(try parsed(state.inputPath), input: input, context: context, variables: variables)
            let choice = try CompiledChoiceState(choices: state.choices ?? [], default: state.default)
            let selection = try choice.select(input: effective, context: context, variables: variables)
            return .next(try JSONPathDataFlow.outputPath(try parsed(state.outputPath), output: effective, context: context, variables: variables), selection.next)
        case .wait:
            let effective = try JSONPathDataFlow.inputPath(try parsed(state.inputPath), input: input, context: context, variables: variables)
            if let secondsPath = state.secondsPath {
                _ = try JSONPathDataFlow.waitSeconds(try path(secondsPath), input: effective, context: context, variables: variables)
            }
            if let timestampPath = state.timestampPath {
                _ = try JSONPathDataFlow.waitTimestamp(try path(timestampPath), input: effective, context: context, variables: variables)
            }
            return .next(try JSONPathDataFlow.outputPath(try parsed(state.outputPath), output: effective, context: context, variables: variables), next)
        case .succeed:
            let effective = try JSONPathDataFlow.inputPath(try parsed(state.inputPath), input: input, context: context, variables: variables)
            return .next(try JSONPathDataFlow.outputPath(try parsed(state.outputPath), output: effective, context: context, variables: variables), nil)
        case .fail:
            func dynamic(_ text: String) throws(StatesError) -> DynamicValue {
                do { return try DynamicValue.parse(text) } catch { throw StatesError.runtime(error.message) }
            }
            let error = try state.errorPath.map { p throws(StatesError) in
                try JSONPathDataFlow.failError(dynamic(p), input: input, context: context, variables: variables, runtime: runtime)
            } ?? state.error
            let cause = try state.causePath.map { p throws(StatesError) in
                try JSONPathDataFlow.failCause(dynamic(p), input: input, context: context, variables: variables, runtime: runtime)
            } ?? state.cause
            return .fail(error, cause)
        default:
            throw StatesError.runtime("unsupported state type \(state.type.rawValue)")
        }
    }

    /// Compares an outcome with the recording: structurally, with the recorder's quirks (string
    /// values starting with `{` were parsed; masked values are wildcards).
    static func matches(_ outcome: Outcome, expected: JSONValue) -> Bool {
        switch outcome {
        case .succeeded(let output):
            guard expected["status"] == "SUCCEEDED", let recorded = expected["output"] else { return false }
            return same(normalized(output), normalized(recorded))
        case .failed(let error, let cause):
            guard expected["status"] == "FAILED" else { return false }
            return expected["error"]?.stringValue == error && causeMatches(cause, expected["cause"]?.stringValue)
        }
    }

    static let placeholders: Set<String> = ["RandomNumberGenerated", "generated-uuid", "date", "<timestamp>", "start-time", "entered-time"]

    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s) where s.hasPrefix("{"):
            return (try? JSONParser.parse(s)).map(normalized) ?? value
        case .array(let items): return .array(items.map(normalized))
        case .object(let object): return .object(object.mapValues(normalized))
        default: return value
        }
    }

    static func same(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        switch (actual, expected) {
        case (_, .string(let s)) where placeholders.contains(s): return true
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy(same)
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { same(value, $0) } ?? false }
        default: return actual == expected
        }
    }

    /// `<json-input:1>` and the like mask values in recorded causes.
    static func causeMatches(_ actual: String?, _ expected: String?) -> Bool {
        guard let expected else { return actual == nil }
        guard let actual else { return false }
        let pattern = "^" + NSRegularExpression.escapedPattern(for: expected)
            .replacingOccurrences(of: "<json-input:1>", with: ".*")
            .replacingOccurrences(of: "<timestamp>", with: ".*")
            .replacingOccurrences(of: "<ArnPart_0idx>", with: ".*") + "$"
        return actual.range(of: pattern, options: .regularExpression) != nil
    }
}
