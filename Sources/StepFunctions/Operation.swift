import Foundation

/// The operations of the protocol by wire name (`X-Amz-Target: AWSStepFunctions.<name>`), with a
/// generic dispatcher so the server and the client share one table instead of a switch each.
public enum StepFunctionsOperation: String, Sendable, CaseIterable {
    case createStateMachine = "CreateStateMachine", updateStateMachine = "UpdateStateMachine"
    case deleteStateMachine = "DeleteStateMachine", describeStateMachine = "DescribeStateMachine"
    case describeStateMachineForExecution = "DescribeStateMachineForExecution"
    case listStateMachines = "ListStateMachines", validateStateMachineDefinition = "ValidateStateMachineDefinition"
    case createActivity = "CreateActivity", deleteActivity = "DeleteActivity", describeActivity = "DescribeActivity"
    case listActivities = "ListActivities", getActivityTask = "GetActivityTask"
    case sendTaskSuccess = "SendTaskSuccess", sendTaskFailure = "SendTaskFailure", sendTaskHeartbeat = "SendTaskHeartbeat"
    case startExecution = "StartExecution", startSyncExecution = "StartSyncExecution"
    case describeExecution = "DescribeExecution", stopExecution = "StopExecution", listExecutions = "ListExecutions"
    case getExecutionHistory = "GetExecutionHistory", testState = "TestState"
    case tagResource = "TagResource", untagResource = "UntagResource", listTagsForResource = "ListTagsForResource"

    public static let targetPrefix = "AWSStepFunctions."

    /// Decodes the request body, calls the backend and encodes the response body.
    /// Malformed bodies become `SerializationException` / `ValidationException` like AWS.
    public func dispatch(_ body: Data, to backend: any StepFunctionsBackend) async throws -> Data {
        switch self {
        case .createStateMachine: return try await call(body, backend.createStateMachine)
        case .updateStateMachine: return try await call(body, backend.updateStateMachine)
        case .deleteStateMachine: return try await call(body, backend.deleteStateMachine)
        case .describeStateMachine: return try await call(body, backend.describeStateMachine)
        case .describeStateMachineForExecution: return try await call(body, backend.describeStateMachineForExecution)
        case .listStateMachines: return try await call(body, backend.listStateMachines)
        case .validateStateMachineDefinition: return try await call(body, backend.validateStateMachineDefinition)
        case .createActivity: return try await call(body, backend.createActivity)
        case .deleteActivity: return try await call(body, backend.deleteActivity)
        case .describeActivity: return try await call(body, backend.describeActivity)
        case .listActivities: return try await call(body, backend.listActivities)
        case .getActivityTask: return try await call(body, backend.getActivityTask)
        case .sendTaskSuccess: return try await call(body, backend.sendTaskSuccess)
        case .sendTaskFailure: return try await call(body, backend.sendTaskFailure)
        case .sendTaskHeartbeat: return try await call(body, backend.sendTaskHeartbeat)
        case .startExecution: return try await call(body, backend.startExecution)
        case .startSyncExecution: return try await call(body, backend.startSyncExecution)
        case .describeExecution: return try await call(body, backend.describeExecution)
        case .stopExecution: return try await call(body, backend.stopExecution)
        case .listExecutions: return try await call(body, backend.listExecutions)
        case .getExecutionHistory: return try await call(body, backend.getExecutionHistory)
        case .testState: return try await call(body, backend.testState)
        case .tagResource: return try await call(body, backend.tagResource)
        case .untagResource: return try await call(body, backend.untagResource)
        case .listTagsForResource: return try await call(body, backend.listTagsForResource)
        }
    }

    private func call<Input: Decodable, Output: Encodable>(
        _ body: Data, _ method: (Input) async throws -> Output
    ) async throws -> Data {
        let input = try WireCoding.decodeRequest(Input.self, from: body)
        return try WireCoding.encode(try await method(input))
    }
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

    /// The error body AWS sends: `{"__type": "…#Code", "message": "…"}`.
    public static func errorBody(_ error: StepFunctionsError) -> Data {
        let object: [String: String] = ["__type": "com.amazonaws.swf.service.v2.model#\(error.code.rawValue)", "message": error.message]
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
        return StepFunctionsError(.init(rawValue: type), message, httpStatus: httpStatus)
    }
}
