/// An error raised while compiling or evaluating a JSONata expression.
///
/// `code` is JSONata's error code (`S0201` syntax, `T2001` type, `D3001` dynamic), or one of the
/// `U` codes of `Code` when a limit stopped the expression;
/// `position` is the character offset JSONata reports (the end of the offending token);
/// `token` and `value` are the inserts the message refers to.
public struct JSONataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The fields live in one shared box, so the error is a single reference wide: typed
    /// throws reserve a slot for it at every call site of the recursive evaluator.
    private final class Storage: @unchecked Sendable {
        // Mutated only through `JSONataError`'s copy-on-write setters.
        var code: String
        var position: Int?
        var token: String?
        var value: String?
        var value2: String?
        var index: Int?
        var explicitMessage: String?
        var extra: [String: String]

        init(code: String, position: Int?, token: String?, value: String?, value2: String?, index: Int?,
             explicitMessage: String?, extra: [String: String]) {
            self.code = code
            self.position = position
            self.token = token
            self.value = value
            self.value2 = value2
            self.index = index
            self.explicitMessage = explicitMessage
            self.extra = extra
        }

        func copy() -> Storage {
            Storage(code: code, position: position, token: token, value: value, value2: value2, index: index,
                    explicitMessage: explicitMessage, extra: extra)
        }
    }

    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var code: String {
        get { storage.code }
        set { unique().code = newValue }
    }
    public var position: Int? {
        get { storage.position }
        set { unique().position = newValue }
    }
    public var token: String? {
        get { storage.token }
        set { unique().token = newValue }
    }
    /// The offending value rendered as JSON text (JSONata's `value` insert).
    public var value: String? {
        get { storage.value }
        set { unique().value = newValue }
    }
    /// A second value insert (`T2009`, `T2007`).
    public var value2: String? {
        get { storage.value2 }
        set { unique().value2 = newValue }
    }
    /// The 1-based argument index for signature errors (`T0410`, `T0411`, `T0412`).
    public var index: Int? {
        get { storage.index }
        set { unique().index = newValue }
    }
    /// An explicit message (for `$error`, `$assert` and the limits).
    public var explicitMessage: String? {
        get { storage.explicitMessage }
        set { unique().explicitMessage = newValue }
    }
    /// Extra inserts some messages use (`type` for T0412, `exp` for D3061, `functionName` for D3140).
    public var extra: [String: String] {
        get { storage.extra }
        set { unique().extra = newValue }
    }

    public init(
        code: String, position: Int? = nil, token: String? = nil, value: String? = nil,
        value2: String? = nil, index: Int? = nil, message: String? = nil, extra: [String: String] = [:]
    ) {
        storage = Storage(code: code, position: position, token: token, value: value, value2: value2, index: index,
                          explicitMessage: message, extra: extra)
    }

    public static func == (lhs: JSONataError, rhs: JSONataError) -> Bool {
        lhs.code == rhs.code && lhs.position == rhs.position && lhs.token == rhs.token && lhs.value == rhs.value
            && lhs.value2 == rhs.value2 && lhs.index == rhs.index && lhs.explicitMessage == rhs.explicitMessage
            && lhs.extra == rhs.extra
    }

    /// The human-readable message, with the inserts filled in.
    public var message: String {
        if let explicitMessage { return explicitMessage }
        return ErrorCatalog.message(for: self)
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let position { text += " (at position \(position))" }
        return text
    }
}

extension JSONataError {
    /// The codes of the errors raised when an expression hits one of this implementation's
    /// limits rather than a mistake of its own: JSONata's codes start with S, T or D, these with U.
    public enum Code {
        /// Evaluation nested deeper than `JSONataEnvironment.maxDepth` (non-tail recursion).
        public static let recursionLimit = "U1001"
        /// The evaluation spent its `JSONataBudget` (steps or time); the message names which.
        public static let budgetExceeded = "U1002"
        /// A value nested deeper than `JSONParser.maxDepth`, the limit for all JSON data.
        public static let valueTooDeep = "U1003"
        /// An expression nested deeper than `JSONataExpression.maxNesting`.
        public static let expressionTooDeep = "U1004"
    }

    /// `limit` says what was spent: `50000000 steps (JSONataBudget.steps)`.
    static func budgetExceeded(_ limit: String) -> JSONataError {
        JSONataError(code: Code.budgetExceeded, value: limit)
    }

    static func expressionTooDeep(at position: Int) -> JSONataError {
        JSONataError(code: Code.expressionTooDeep, position: position, value: String(JSONataExpression.maxNesting))
    }

    static var valueTooDeep: JSONataError {
        JSONataError(code: Code.valueTooDeep, value: String(Value.maxDepth))
    }

    /// Sets the position and token unless the error already carries them.
    func located(position: Int, token: String?) -> JSONataError {
        var copy = self
        if copy.position == nil { copy.position = position }
        if copy.token == nil { copy.token = token }
        return copy
    }
}
