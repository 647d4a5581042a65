import StepwiseJSON

/// One problem found in a definition, with enough context for a user to act on it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier such as `MISSING_FIELD` or `UNREACHABLE_STATE`.
    public var code: String
    /// JSON pointer into the ASL document (`/States/Add/Retry/0/BackoffRate`).
    public var path: String
    public var message: String
    /// The file the definition came from, when it came from one.
    public var file: String?
    /// Line and column in that file, when known.
    public var location: SourceLocation?

    public init(code: String, path: String, message: String, file: String? = nil, location: SourceLocation? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.file = file
        self.location = location
    }

    /// `file:line:column: CODE at /path: message`, omitting what is unknown.
    public var description: String {
        var prefix = ""
        if let file {
            prefix = file
            if let location { prefix += ":\(location.line):\(location.column)" }
            prefix += ": "
        } else if let location {
            prefix = "\(location.line):\(location.column): "
        }
        let at = path.isEmpty ? "" : " at \(path)"
        return "\(prefix)\(code)\(at): \(message)"
    }
}

/// Thrown when a definition cannot be used; carries every diagnostic found.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
