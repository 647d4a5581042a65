/// The stable codes a `Diagnostic` carries. Tools may match on them; the messages may change.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable {
    // Structural problems, found while decoding the JSON document (`ASLDecoder`).
    /// A value has the wrong JSON type.
    case wrongType = "WRONG_TYPE"
    /// A member that the States Language does not define at that place.
    case unknownField = "UNKNOWN_FIELD"
    /// A required member is absent.
    case missingField = "MISSING_FIELD"
    /// A value outside the allowed set (enum values, `Version`, `End: false` …).
    case invalidValue = "INVALID_VALUE"
    /// A choice rule combining several conditions.
    case ambiguousChoiceRule = "AMBIGUOUS_CHOICE_RULE"

    // Semantic problems, found by `Validator` on the model.
    /// A field that this state type (or this kind of state machine) does not support.
    case fieldNotAllowed = "FIELD_NOT_ALLOWED"
    /// A field or `{% … %}` expression of the other query language (JSONPath vs JSONata).
    case queryLanguageMismatch = "QUERY_LANGUAGE_MISMATCH"
    /// Fields that exclude each other (`Seconds` with `SecondsPath`, `Next` with `End` …).
    case conflictingFields = "CONFLICTING_FIELDS"
    /// A state that must continue has neither `Next` nor `"End": true`.
    case missingTransition = "MISSING_TRANSITION"
    /// A number outside its allowed range.
    case outOfRange = "OUT_OF_RANGE"
    /// A timestamp that is not an RFC 3339 date-time.
    case invalidTimestamp = "INVALID_TIMESTAMP"
    /// An `Assign` key that is not a usable variable name.
    case invalidVariableName = "INVALID_VARIABLE_NAME"
    /// An array that must not be empty (`Choices`, `Branches`, `ErrorEquals`, `And`, `Or`).
    case emptyArray = "EMPTY_ARRAY"
    /// A comparison operand of the wrong type for its operator.
    case invalidOperand = "INVALID_OPERAND"
    /// `StartAt`, `Next`, `Default` or a catcher's `Next` names no state at all.
    case missingTransitionTarget = "MISSING_TRANSITION_TARGET"
    /// A transition into, or out of, a Parallel branch or a Map item processor.
    case transitionOutOfScope = "TRANSITION_OUT_OF_SCOPE"
    /// A state no transition from `StartAt` reaches.
    case unreachableState = "UNREACHABLE_STATE"
    /// No state reachable from `StartAt` ends the (sub)machine.
    case noTerminalState = "NO_TERMINAL_STATE"
    /// The same state name used twice anywhere in the state machine.
    case duplicateStateName = "DUPLICATE_STATE_NAME"
    /// A state name that is empty or longer than AWS allows.
    case invalidStateName = "INVALID_STATE_NAME"
    /// `States.ALL` not alone in its `ErrorEquals`, or not in the last retrier or catcher.
    case misplacedStatesAll = "MISPLACED_STATES_ALL"
    /// An error name with the reserved `States.` prefix that is not a predefined error (a warning).
    case unknownErrorName = "UNKNOWN_ERROR_NAME"
    /// A Task `Resource` that is not an ARN.
    case invalidResource = "INVALID_RESOURCE"
    /// A JSONPath, reference path or `.$` value that does not parse or is not allowed there.
    case invalidPath = "INVALID_PATH"
    /// A filter comparing with an unquoted word (`[?(@.lang == es)]`): AWS accepts it without
    /// saying what it means; it is read as a string (a warning).
    case unquotedFilterWord = "UNQUOTED_FILTER_WORD"
    /// A malformed intrinsic function call (`States.Format(…)` …), or one whose result cannot be
    /// used where it stands (`ErrorPath` and `CausePath` need a string).
    case invalidIntrinsic = "INVALID_INTRINSIC"
    /// A `{% … %}` expression of a JSONata state that does not parse.
    case invalidJSONata = "INVALID_JSONATA"
    /// Nested machines, choice rules or payloads deeper than the validator follows.
    case nestingTooDeep = "NESTING_TOO_DEEP"
}
