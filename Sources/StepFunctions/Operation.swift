import Foundation

/// The operations of the Step Functions API, each listed once: a row names the operation as it
/// travels (`X-Amz-Target: AWSStepFunctions.<name>`), fixes its input and output types, and
/// says which backend method serves it. The server routes requests by these rows (`named`);
/// clients conform to `StepFunctionsTransport` and get every backend method from them.
/// Rows are read by reflection (as ArgumentParser reads a command's options), so a row is
/// written once. A new operation is a row here, a requirement of `StepFunctionsBackend` and its
/// forwarding in `StepFunctionsTransport`; the compiler and `OperationTableTests` hold the
/// three together.
public struct StepFunctionsOperations: Sendable {
    public static let table = StepFunctionsOperations()
    public static let targetPrefix = "AWSStepFunctions."

    /// Every row, in the order they are declared.
    public static let all: [any AnyStepFunctionsOperation] = Mirror(reflecting: table).children.compactMap {
        $0.value as? any AnyStepFunctionsOperation
    }

    /// The row of the operation this wire name names (`CreateStateMachine`).
    public static func named(_ name: String) -> (any AnyStepFunctionsOperation)? { byName[name] }

    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public let createStateMachine = StepFunctionsOperation("CreateStateMachine") { try await $0.createStateMachine($1) }
    public let updateStateMachine = StepFunctionsOperation("UpdateStateMachine") { try await $0.updateStateMachine($1) }
    public let deleteStateMachine = StepFunctionsOperation("DeleteStateMachine") { try await $0.deleteStateMachine($1) }
    public let describeStateMachine = StepFunctionsOperation("DescribeStateMachine") { try await $0.describeStateMachine($1) }
    public let describeStateMachineForExecution = StepFunctionsOperation("DescribeStateMachineForExecution") {
        try await $0.describeStateMachineForExecution($1)
    }
    public let listStateMachines = StepFunctionsOperation("ListStateMachines") { try await $0.listStateMachines($1) }
    public let validateStateMachineDefinition = StepFunctionsOperation("ValidateStateMachineDefinition") {
        try await $0.validateStateMachineDefinition($1)
    }
    public let publishStateMachineVersion = StepFunctionsOperation("PublishStateMachineVersion") {
        try await $0.publishStateMachineVersion($1)
    }
    public let listStateMachineVersions = StepFunctionsOperation("ListStateMachineVersions") { try await $0.listStateMachineVersions($1) }
    public let deleteStateMachineVersion = StepFunctionsOperation("DeleteStateMachineVersion") { try await $0.deleteStateMachineVersion($1) }
    public let createStateMachineAlias = StepFunctionsOperation("CreateStateMachineAlias") { try await $0.createStateMachineAlias($1) }
    public let describeStateMachineAlias = StepFunctionsOperation("DescribeStateMachineAlias") { try await $0.describeStateMachineAlias($1) }
    public let updateStateMachineAlias = StepFunctionsOperation("UpdateStateMachineAlias") { try await $0.updateStateMachineAlias($1) }
    public let deleteStateMachineAlias = StepFunctionsOperation("DeleteStateMachineAlias") { try await $0.deleteStateMachineAlias($1) }
    public let listStateMachineAliases = StepFunctionsOperation("ListStateMachineAliases") { try await $0.listStateMachineAliases($1) }
    public let createActivity = StepFunctionsOperation("CreateActivity") { try await $0.createActivity($1) }
    public let deleteActivity = StepFunctionsOperation("DeleteActivity") { try await $0.deleteActivity($1) }
    public let describeActivity = StepFunctionsOperation("DescribeActivity") { try await $0.describeActivity($1) }
    public let listActivities = StepFunctionsOperation("ListActivities") { try await $0.listActivities($1) }
    public let getActivityTask = StepFunctionsOperation("GetActivityTask") { try await $0.getActivityTask($1) }
    public let sendTaskSuccess = StepFunctionsOperation("SendTaskSuccess") { try await $0.sendTaskSuccess($1) }
    public let sendTaskFailure = StepFunctionsOperation("SendTaskFailure") { try await $0.sendTaskFailure($1) }
    public let sendTaskHeartbeat = StepFunctionsOperation("SendTaskHeartbeat") { try await $0.sendTaskHeartbeat($1) }
    public let startExecution = StepFunctionsOperation("StartExecution") { try await $0.startExecution($1) }
    public let startSyncExecution = StepFunctionsOperation("StartSyncExecution") { try await $0.startSyncExecution($1) }
    public let describeExecution = StepFunctionsOperation("DescribeExecution") { try await $0.describeExecution($1) }
    public let stopExecution = StepFunctionsOperation("StopExecution") { try await $0.stopExecution($1) }
    public let listExecutions = StepFunctionsOperation("ListExecutions") { try await $0.listExecutions($1) }
    public let getExecutionHistory = StepFunctionsOperation("GetExecutionHistory") { try await $0.getExecutionHistory($1) }
    public let redriveExecution = StepFunctionsOperation("RedriveExecution") { try await $0.redriveExecution($1) }
    public let describeMapRun = StepFunctionsOperation("DescribeMapRun") { try await $0.describeMapRun($1) }
    public let listMapRuns = StepFunctionsOperation("ListMapRuns") { try await $0.listMapRuns($1) }
    public let updateMapRun = StepFunctionsOperation("UpdateMapRun") { try await $0.updateMapRun($1) }
    public let testState = StepFunctionsOperation("TestState") { try await $0.testState($1) }
    public let tagResource = StepFunctionsOperation("TagResource") { try await $0.tagResource($1) }
    public let untagResource = StepFunctionsOperation("UntagResource") { try await $0.untagResource($1) }
    public let listTagsForResource = StepFunctionsOperation("ListTagsForResource") { try await $0.listTagsForResource($1) }

    private init() {}
}

/// One row of the table: an operation with its input and output types.
public struct StepFunctionsOperation<Input: Codable & Sendable, Output: Codable & Sendable>: AnyStepFunctionsOperation {
    public let name: String
    private let method: @Sendable (any StepFunctionsBackend, Input) async throws -> Output

    init(_ name: String, _ method: @escaping @Sendable (any StepFunctionsBackend, Input) async throws -> Output) {
        self.name = name
        self.method = method
    }

    /// Calls the backend method that serves this operation.
    public func call(_ backend: any StepFunctionsBackend, _ input: Input) async throws -> Output {
        try await method(backend, input)
    }

    public func dispatch(_ body: Data, to backend: any StepFunctionsBackend) async throws -> Data {
        let input = try WireCoding.decodeRequest(Input.self, from: body)
        return try WireCoding.encode(try await method(backend, input))
    }
}

/// A row whatever its types: what routing a request by name needs.
public protocol AnyStepFunctionsOperation: Sendable {
    /// The wire name (`CreateStateMachine`).
    var name: String { get }
    /// Decodes the request body, calls the backend and encodes the response body. Malformed
    /// bodies become `SerializationException` / `ValidationException` like AWS.
    func dispatch(_ body: Data, to backend: any StepFunctionsBackend) async throws -> Data
}

extension AnyStepFunctionsOperation {
    /// The `X-Amz-Target` header value (`AWSStepFunctions.CreateStateMachine`).
    public var target: String { StepFunctionsOperations.targetPrefix + name }
}

/// The JSON conventions of the AWS JSON 1.0 protocol: dates as epoch seconds.
public enum WireCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return try encoder.encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: data)
    }

    /// Decodes a request body, turning decoding failures into AWS's client errors that name
    /// the offending member.
    public static func decodeRequest<T: Decodable>(_ type: T.Type, from body: Data) throws(StepFunctionsError) -> T {
        let data = body.isEmpty ? Data("{}".utf8) : body
        do {
            return try decode(type, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw StepFunctionsError(.validation, "1 validation error detected: Value null at '\(key.stringValue)' failed to satisfy constraint: Member must not be null")
        } catch DecodingError.typeMismatch(_, let context) {
            throw StepFunctionsError(.serialization, "Unexpected value type at '\(path(context))': \(context.debugDescription)")
        } catch DecodingError.dataCorrupted(let context) {
            let at = context.codingPath.isEmpty ? "" : " at '\(path(context))'"
            throw StepFunctionsError(.serialization, "Invalid request body\(at): \(context.debugDescription)")
        } catch DecodingError.valueNotFound(_, let context) {
            throw StepFunctionsError(.validation, "1 validation error detected: Value null at '\(path(context))' failed to satisfy constraint: Member must not be null")
        } catch {
            throw StepFunctionsError(.serialization, "Invalid request body: \(error)")
        }
    }

    static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// The error body AWS sends: `{"__type": "…#Code", "message": "…"}`, and `reason` when the error has one.
    public static func errorBody(_ error: StepFunctionsError) -> Data {
        var object: [String: String] = ["__type": "com.amazonaws.swf.service.v2.model#\(error.code.rawValue)", "message": error.message]
        object["reason"] = error.reason
        return (try? JSONEncoder().encode(object)) ?? Data()
    }

    /// Reads an error body (any of the `__type` spellings AWS and emulators use).
    public static func error(fromBody body: Data, httpStatus: Int) -> StepFunctionsError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        var type = (object["__type"] as? String) ?? (object["code"] as? String) ?? ""
        if let hash = type.lastIndex(of: "#") { type = String(type[type.index(after: hash)...]) }
        if let colon = type.firstIndex(of: ":") { type = String(type[..<colon]) }
        let message = (object["message"] as? String) ?? (object["Message"] as? String) ?? String(decoding: body, as: UTF8.self)
        if type.isEmpty { type = httpStatus >= 500 ? "InternalFailure" : "UnknownError" }
        return StepFunctionsError(.init(rawValue: type), message, httpStatus: httpStatus, reason: object["reason"] as? String)
    }
}
