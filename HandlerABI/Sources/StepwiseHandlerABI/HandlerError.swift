/// An error a handler throws to choose the ASL error name that Retry and Catch match
/// (`{:error-equals :oven/too-cold}` matches `HandlerError("oven/too-cold")`). Any other error
/// is reported with its type name as the error and its description as the cause.
public struct HandlerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var cause: String

    public init(_ name: String, cause: String = "") {
        self.name = name
        self.cause = cause
    }

    public var description: String { cause.isEmpty ? name : "\(name): \(cause)" }

    /// The error name and cause reported for anything a handler throws.
    static func report(_ error: any Error) -> HandlerError {
        if let named = error as? HandlerError { return named }
        return HandlerError(String(describing: type(of: error)), cause: String(describing: error))
    }
}
