/// How a handler call ended: JSON output bytes, or an error name and cause.
public enum HandlerOutcome: Sendable, Hashable {
    case output([UInt8])
    case failure(HandlerError)
}

/// The handlers a package offers: for activities, Lambda functions, integrations, or exact
/// Resources. A package builds one in its entry point:
///
/// ```swift
/// @_cdecl("stepwise_handlers")
/// public func stepwiseHandlers() -> UnsafeMutableRawPointer {
///     HandlerRegistry()
///         .register("activity/add", add)
///         .lambda("price-order", price)
///         .integration("dynamodb:putItem", save)
///         .exported()
/// }
/// ```
///
/// Each handler takes `Codable` input and returns `Codable` output. What it gets and gives
/// depends on what it serves: an activity's task input and output; a Lambda function's event
/// and result; an integration's resolved Parameters and the service's response. An error it
/// throws fails the task under the error's name (see `HandlerError`). Registering a key again
/// replaces its handler.
public struct HandlerRegistry: Sendable {
    typealias Invocation = @Sendable ([UInt8]) async -> HandlerOutcome
    private(set) var handlers: [HandlerKey: Invocation] = [:]

    public init() {}

    /// Serves `activity`, the keyword as written in the definition without its colon
    /// (`"activity/add"` for `:activity/add`).
    public func register<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ activity: String, _ body: @escaping @Sendable (Input) async throws -> Output
    ) -> HandlerRegistry {
        adding(HandlerKey(.activity, activity.hasPrefix(":") ? String(activity.dropFirst()) : activity), body)
    }

    /// Serves the Lambda function `function` (its name; an ARN names it too): the handler gets
    /// the function's event and returns its result. A thrown error is the function's error, its
    /// name the `errorType` Step Functions reports.
    public func lambda<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ function: String, _ body: @escaping @Sendable (Input) async throws -> Output
    ) -> HandlerRegistry {
        adding(HandlerKey(.lambda, function), body)
    }

    /// Serves an integration by `service:action` as its Resource names it after
    /// `arn:aws:states:::` (`"dynamodb:putItem"`, `"sqs:sendMessage"`, `"aws-sdk:s3:getObject"`),
    /// whatever its `.sync` or `.waitForTaskToken` suffix: the handler gets the resolved
    /// Parameters and returns the service's response. For `.waitForTaskToken`, returning means
    /// the call was made; the task then waits for its callback.
    public func integration<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ serviceAction: String, _ body: @escaping @Sendable (Input) async throws -> Output
    ) -> HandlerRegistry {
        adding(HandlerKey(.integration, serviceAction), body)
    }

    /// Serves a Task state's Resource exactly as written (an HTTP endpoint's `http:invoke`
    /// with one ARN, a resource no other kind names).
    public func resource<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ resource: String, _ body: @escaping @Sendable (Input) async throws -> Output
    ) -> HandlerRegistry {
        adding(HandlerKey(.resource, resource), body)
    }

    private func adding<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ key: HandlerKey, _ body: @escaping @Sendable (Input) async throws -> Output
    ) -> HandlerRegistry {
        var copy = self
        copy.handlers[key] = { bytes in
            let input: Input
            do {
                input = try JSONCoding.decode(Input.self, from: bytes)
            } catch {
                return .failure(HandlerError("Stepwise.InvalidInput", cause: "the task input does not decode as \(Input.self): \(error)"))
            }
            do {
                return .output(try JSONCoding.encode(try await body(input)))
            } catch {
                return .failure(HandlerError.report(error))
            }
        }
        return copy
    }

    /// What the registry serves, sorted.
    public var keys: [HandlerKey] { handlers.keys.sorted() }

    /// Runs the handler for `key` on JSON input bytes.
    public func invoke(_ key: HandlerKey, input: [UInt8]) async -> HandlerOutcome {
        guard let handler = handlers[key] else {
            return .failure(HandlerError("Stepwise.NoHandler", cause: "this handler library has no handler for \(key)"))
        }
        return await handler(input)
    }

    /// The registry as the opaque pointer the package's `stepwise_handlers` entry point
    /// returns. It lives as long as the process: handler libraries are never unloaded.
    public func exported() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(ExportedRegistry(self)).toOpaque()
    }
}

/// The registry behind the opaque pointer.
final class ExportedRegistry: Sendable {
    let registry: HandlerRegistry
    let keys: [HandlerKey]

    init(_ registry: HandlerRegistry) {
        self.registry = registry
        keys = registry.keys
    }

    static func from(_ pointer: UnsafeMutableRawPointer) -> ExportedRegistry {
        Unmanaged<ExportedRegistry>.fromOpaque(pointer).takeUnretainedValue()
    }
}
