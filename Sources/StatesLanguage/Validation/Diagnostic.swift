import StepwiseJSON

/// Whether a diagnostic makes a definition unusable.
public enum Severity: String, Sendable, Hashable, CaseIterable {
    /// AWS refuses the definition (or it cannot be read at all).
    case error
    /// AWS accepts the definition, but it probably does not do what was meant, or it depends on
    /// behaviour AWS does not document (or it is a template still to be filled in).
    case warning
}

/// One problem found in a definition, with enough context for a user to act on it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier such as `MISSING_FIELD` or `UNREACHABLE_STATE`.
    public var code: String
    public var severity: Severity
    /// JSON pointer into the ASL document (`/States/Add/Retry/0/BackoffRate`).
    public var path: String
    public var message: String
    /// The file the definition came from, when it came from one.
    public var file: String?
    /// Line and column in that file, when known.
    public var location: SourceLocation?

    public init(
        code: String, path: String, message: String, file: String? = nil, location: SourceLocation? = nil, severity: Severity = .error
    ) {
        self.code = code
        self.severity = severity
        self.path = path
        self.message = message
        self.file = file
        self.location = location
    }

    /// `file:line:column: CODE at /path: message`, omitting what is unknown; a warning reads
    /// `file:line:column: warning: CODE …`.
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
        let label = severity == .warning ? "warning: " : ""
        return "\(prefix)\(label)\(code)\(at): \(message)"
    }
}

/// Thrown when a definition cannot be used; carries every diagnostic found, errors and warnings,
/// in document order.
public struct DefinitionError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
