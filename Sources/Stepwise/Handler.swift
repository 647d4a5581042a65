import Foundation
import StepFunctions
import StepwiseJSON

/// Handlers throw these to choose the error name Retry and Catch match (defined beside the
/// Step Functions API so the engine and the AWS client report errors the same way).
public typealias NamedTaskError = StepFunctions.NamedTaskError
public typealias TaskFailure = StepFunctions.TaskFailure

/// What an activity task looks like from inside the interceptor chain.
public struct TaskContext: Sendable {
    /// The task's input (after offloaded values are loaded).
    public var request: JSONValue
    /// The handler's result, once there is one.
    public var response: JSONValue?
    /// The error so far, if any; an error stage that clears it recovers the task.
    public var error: (any Error)?
    public let taskToken: String
    /// The activity's ARN; for a handler served with `Stepwise.serve`, the state's Resource.
    public let activityArn: String
    /// Tells Step Functions the task is alive (resets its HeartbeatSeconds clock).
    public let sendHeartbeat: @Sendable () async throws -> Void
    /// Room for interceptors to keep per-task state between their stages.
    public var attachments: [String: any Sendable] = [:]

    public init(
        request: JSONValue, taskToken: String, activityArn: String, sendHeartbeat: @escaping @Sendable () async throws -> Void
    ) {
        self.request = request
        self.taskToken = taskToken
        self.activityArn = activityArn
        self.sendHeartbeat = sendHeartbeat
    }
}

/// An activity handler: an `async throws` function of the task input, with the interceptors
/// that run around it.
public struct Handler: Sendable {
    let body: @Sendable (JSONValue, TaskContext) async throws -> JSONValue
    public var interceptors: [Interceptor]

    /// A handler on `Codable` input and output (`{ (input: AddInput) in input.x + input.y }`).
    public init<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        interceptors: [Interceptor] = [], _ body: @escaping @Sendable (Input) async throws -> Output
    ) {
        self.interceptors = interceptors
        self.body = { request, _ in
            let input: Input
            do {
                input = try JSONBridge.decode(Input.self, from: request)
            } catch {
                throw TaskFailure("Stepwise.InvalidInput", cause: "the task input does not decode as \(Input.self): \(error)")
            }
            return try JSONBridge.encode(try await body(input))
        }
    }

    /// A handler that also sees the task's context (token, heartbeat, attachments).
    public init(interceptors: [Interceptor] = [], withContext body: @escaping @Sendable (JSONValue, TaskContext) async throws -> JSONValue) {
        self.interceptors = interceptors
        self.body = body
    }

    /// The same handler with more interceptors, run outside the existing ones.
    public func intercepted(by outer: [Interceptor]) -> Handler {
        var copy = self
        copy.interceptors = outer + interceptors
        return copy
    }
}

/// Turns any error a handler throws into the ASL error name and cause sent to Step Functions.
enum ErrorReporting {
    static let maxErrorLength = 256
    static let maxCauseLength = 32_768

    static func nameAndCause(_ error: any Error) -> (String, String) {
        let name: String
        let cause: String
        if let named = error as? NamedTaskError {
            name = named.errorName
            cause = named.cause
        } else {
            name = String(describing: type(of: error))
            cause = String(describing: error)
        }
        return (truncate(name, to: maxErrorLength), truncate(cause, to: maxCauseLength))
    }

    /// Cuts to at most `limit` characters (Step Functions counts characters).
    static func truncate(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit))
    }
}
