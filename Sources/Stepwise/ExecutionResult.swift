import Foundation
import StepFunctions
import StepwiseJSON

/// How an execution ended (or stands): what `startExecution(…, wait: true)` returns. A failed
/// execution is a result with `status == .failed`, not a thrown error.
public struct ExecutionResult: Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String
    public var status: ExecutionStatus
    public var startDate: Date
    public var stopDate: Date?
    public var input: JSONValue
    public var output: JSONValue?
    public var error: String?
    public var cause: String?

    /// Throws when the input or output the backend returned is not JSON this library reads
    /// (rather than leaving it out as if there were none).
    init(_ description: DescribeExecutionOutput) throws(StepwiseError) {
        func parse(_ text: String?, _ member: String) throws(StepwiseError) -> JSONValue? {
            guard let text else { return nil }
            do {
                return try JSONParser.parse(text)
            } catch {
                throw .unreadablePayload(executionArn: description.executionArn, member: member, reason: error.description)
            }
        }
        executionArn = description.executionArn
        stateMachineArn = description.stateMachineArn
        name = description.name ?? ""
        status = description.status
        startDate = description.startDate
        stopDate = description.stopDate
        input = try parse(description.input, "input") ?? .null
        output = try parse(description.output, "output")
        error = description.error
        cause = description.cause
    }

    public var succeeded: Bool { status == .succeeded }

    /// The output decoded as `T` (throws when absent or of another shape).
    public func output<T: Decodable>(as type: T.Type = T.self) throws -> T {
        guard let output else { throw StepwiseError.noOutput(status: status, error: error, cause: cause) }
        return try JSONBridge.decode(type, from: output)
    }
}

public enum StepwiseError: Error, CustomStringConvertible, Sendable {
    case noOutput(status: ExecutionStatus, error: String?, cause: String?)
    case stateMachineNotFound(String)
    case timedOut(executionArn: String, seconds: Double)
    case invalidInput(String)
    case unreadablePayload(executionArn: String, member: String, reason: String)
    /// Swift handlers for Lambda functions and integrations need a backend that runs them.
    case noTaskHandlers
    /// A reloaded run with a test case needs a backend that holds mocks.
    case noMocking(testCase: String)
    /// A mock file that cannot be read or used: every problem, one per line.
    case invalidMockFile(path: String, problems: String)

    public var description: String {
        switch self {
        case .noOutput(let status, let error, let cause):
            return "the execution has no output (status \(status.rawValue)\(error.map { ", error \($0)" } ?? "")\(cause.map { ": \($0)" } ?? ""))"
        case .stateMachineNotFound(let name): return "no state machine named '\(name)'"
        case .timedOut(let arn, let seconds): return "execution \(arn) did not finish within \(seconds) s"
        case .invalidInput(let reason): return "invalid input: \(reason)"
        case .unreadablePayload(let arn, let member, let reason): return "the \(member) of execution \(arn) is not readable JSON: \(reason)"
        case .noTaskHandlers:
            return "Swift handlers for Lambda functions and integrations run on the embedded engine (Backend.local()); "
                + "on AWS, deploy them as Lambda functions, or forward integrations to their services"
        case .invalidMockFile(let path, let problems):
            return "the mock file \(path) cannot be used:\n" + problems
        case .noMocking(let testCase):
            return "test case \(testCase) needs mocks, which the embedded engine answers tasks from (Backend.local(mocks:)); "
                + "a stepwise serve --mock-config answers a started <machine ARN>#\(testCase)"
        }
    }
}

/// Between Codable values and `JSONValue`s, keeping numbers exact on the way in.
enum JSONBridge {
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let json = value as? JSONValue { return json }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return try JSONParser.parse(Array(data))
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if let json = value as? T { return json }
        return try JSONDecoder().decode(type, from: Data(JSONSerializer.string(value).utf8))
    }
}
