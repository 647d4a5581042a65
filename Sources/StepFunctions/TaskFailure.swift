/// An error that carries the name Retry and Catch match and the cause to report, the pair a
/// failed task records (`SendTaskFailure`'s `error` and `cause`). Activity handlers, Swift task
/// handlers and integration forwarders throw it; `{:error-equals :my.app/oops}` catches
/// `errorName == "my.app/oops"`.
public protocol NamedTaskError: Error {
    var errorName: String { get }
    var cause: String { get }
}

/// The ready-made `NamedTaskError`.
public struct TaskFailure: NamedTaskError, Sendable, Hashable, CustomStringConvertible {
    public var errorName: String
    public var cause: String
    public init(_ errorName: String, cause: String = "") {
        self.errorName = errorName
        self.cause = cause
    }
    public var description: String { "\(errorName): \(cause)" }
}
