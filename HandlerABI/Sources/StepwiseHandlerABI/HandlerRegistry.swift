/// How a handler call ended: JSON output bytes, or an error name and cause.
public enum HandlerOutcome: Sendable, Hashable {
    case output([UInt8])
    case failure(HandlerError)
}

/// The handlers a package offers, keyed by the activity they serve. A package builds one in
/// its entry point:
///
/// ```swift
/// @_cdecl("stepwise_handlers")
/// public func stepwiseHandlers() -> UnsafeMutableRawPointer {
///     HandlerRegistry()
///         .register("activity/add", add)
///         .exported()
/// }
/// ```
public struct HandlerRegistry: Sendable {
    typealias Invocation = @Sendable ([UInt8]) async -> HandlerOutcome
    private(set) var handlers: [String: Invocation] = [:]

    public init() {}

    /// Adds an `async throws` handler on `Codable` input and output for `activity`, the
    /// keyword as written in the definition without its colon (`"activity/add"` for
    /// `:activity/add`). Registering an activity again replaces its handler.
    public func register<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ activity: String, _ body: @escaping @Sendable (Input) async throws -> Output
    ) -> HandlerRegistry {
        var copy = self
        let key = activity.hasPrefix(":") ? String(activity.dropFirst()) : activity
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

    /// The activities served, sorted.
    public var activities: [String] { handlers.keys.sorted() }

    /// Runs the handler for `activity` on JSON input bytes.
    public func invoke(_ activity: String, input: [UInt8]) async -> HandlerOutcome {
        guard let handler = handlers[activity] else {
            return .failure(HandlerError("Stepwise.NoHandler", cause: "this handler library has no handler for '\(activity)'"))
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
    let activities: [String]

    init(_ registry: HandlerRegistry) {
        self.registry = registry
        activities = registry.activities
    }

    static func from(_ pointer: UnsafeMutableRawPointer) -> ExportedRegistry {
        Unmanaged<ExportedRegistry>.fromOpaque(pointer).takeUnretainedValue()
    }

    func invoke(_ activity: String, input: [UInt8]) async -> HandlerOutcome {
        await registry.invoke(activity, input: input)
    }
}
