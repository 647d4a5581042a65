/// The optional fields of a state, with the state types that support each and the query
/// language it belongs to. `State` carries every field of every type; this table decides which
/// of them a given state may use.
enum ASLField: CaseIterable {
    case next, end
    case inputPath, outputPath, parameters, resultSelector, resultPath, result
    case arguments, output, assign
    case retry, `catch`
    case resource, timeoutSeconds, timeoutSecondsPath, heartbeatSeconds, heartbeatSecondsPath, credentials
    case choices, `default`
    case seconds, secondsPath, timestamp, timestampPath
    case error, errorPath, cause, causePath
    case branches
    case itemProcessor, iterator, itemsPath, items, itemSelector, itemReader, itemBatcher, resultWriter
    case maxConcurrency, maxConcurrencyPath
    case toleratedFailurePercentage, toleratedFailurePercentagePath
    case toleratedFailureCount, toleratedFailureCountPath
    case label

    /// The member name in ASL JSON.
    var key: String {
        switch self {
        case .next: return "Next"
        case .end: return "End"
        case .inputPath: return "InputPath"
        case .outputPath: return "OutputPath"
        case .parameters: return "Parameters"
        case .resultSelector: return "ResultSelector"
        case .resultPath: return "ResultPath"
        case .result: return "Result"
        case .arguments: return "Arguments"
        case .output: return "Output"
        case .assign: return "Assign"
        case .retry: return "Retry"
        case .catch: return "Catch"
        case .resource: return "Resource"
        case .timeoutSeconds: return "TimeoutSeconds"
        case .timeoutSecondsPath: return "TimeoutSecondsPath"
        case .heartbeatSeconds: return "HeartbeatSeconds"
        case .heartbeatSecondsPath: return "HeartbeatSecondsPath"
        case .credentials: return "Credentials"
        case .choices: return "Choices"
        case .default: return "Default"
        case .seconds: return "Seconds"
        case .secondsPath: return "SecondsPath"
        case .timestamp: return "Timestamp"
        case .timestampPath: return "TimestampPath"
        case .error: return "Error"
        case .errorPath: return "ErrorPath"
        case .cause: return "Cause"
        case .causePath: return "CausePath"
        case .branches: return "Branches"
        case .itemProcessor: return "ItemProcessor"
        case .iterator: return "Iterator"
        case .itemsPath: return "ItemsPath"
        case .items: return "Items"
        case .itemSelector: return "ItemSelector"
        case .itemReader: return "ItemReader"
        case .itemBatcher: return "ItemBatcher"
        case .resultWriter: return "ResultWriter"
        case .maxConcurrency: return "MaxConcurrency"
        case .maxConcurrencyPath: return "MaxConcurrencyPath"
        case .toleratedFailurePercentage: return "ToleratedFailurePercentage"
        case .toleratedFailurePercentagePath: return "ToleratedFailurePercentagePath"
        case .toleratedFailureCount: return "ToleratedFailureCount"
        case .toleratedFailureCountPath: return "ToleratedFailureCountPath"
        case .label: return "Label"
        }
    }

    /// The state types that support the field. (A bit set: the validator asks this for every
    /// field of every state, and a `Set<StateType>` would be built and hashed each time.)
    var stateTypes: StateTypes {
        switch self {
        case .next, .end: return [.task, .pass, .wait, .parallel, .map]
        case .inputPath, .outputPath, .output: return StateTypes.all.subtracting(.fail)
        case .parameters, .resultPath: return [.task, .pass, .parallel, .map]
        case .resultSelector, .retry, .catch: return [.task, .parallel, .map]
        case .result: return [.pass]
        case .arguments: return [.task, .parallel]
        case .assign: return StateTypes.all.subtracting(.succeed).subtracting(.fail)
        case .resource, .timeoutSeconds, .timeoutSecondsPath, .heartbeatSeconds, .heartbeatSecondsPath, .credentials:
            return [.task]
        case .choices, .default: return [.choice]
        case .seconds, .secondsPath, .timestamp, .timestampPath: return [.wait]
        case .error, .errorPath, .cause, .causePath: return [.fail]
        case .branches: return [.parallel]
        case .itemProcessor, .iterator, .itemsPath, .items, .itemSelector, .itemReader, .itemBatcher, .resultWriter,
             .maxConcurrency, .maxConcurrencyPath, .toleratedFailurePercentage, .toleratedFailurePercentagePath,
             .toleratedFailureCount, .toleratedFailureCountPath, .label:
            return [.map]
        }
    }

    /// The only query language the field exists in; nil when both have it.
    var language: QueryLanguage? {
        switch self {
        case .inputPath, .outputPath, .parameters, .resultSelector, .resultPath, .result,
             .timeoutSecondsPath, .heartbeatSecondsPath, .secondsPath, .timestampPath, .errorPath, .causePath,
             .itemsPath, .maxConcurrencyPath, .toleratedFailurePercentagePath, .toleratedFailureCountPath:
            return .jsonPath
        case .arguments, .output, .items:
            return .jsonata
        default:
            return nil
        }
    }

    /// What a state of type `type` uses instead in the other query language, for messages.
    func counterpart(for type: StateType) -> String? {
        switch self {
        case .inputPath: return "read $states.input in \(type == .task || type == .parallel ? "Arguments or " : "")Output"
        case .parameters:
            switch type {
            case .map: return "use ItemSelector"
            case .pass: return "use Output"
            default: return "use Arguments"
            }
        case .resultSelector, .outputPath: return "use Output"
        case .resultPath: return "use Output or Assign"
        case .result: return "use Output"
        case .timeoutSecondsPath: return "use TimeoutSeconds with a {% … %} expression"
        case .heartbeatSecondsPath: return "use HeartbeatSeconds with a {% … %} expression"
        case .secondsPath: return "use Seconds with a {% … %} expression"
        case .timestampPath: return "use Timestamp with a {% … %} expression"
        case .errorPath: return "use Error with a {% … %} expression"
        case .causePath: return "use Cause with a {% … %} expression"
        case .itemsPath: return "use Items"
        case .maxConcurrencyPath: return "use MaxConcurrency with a {% … %} expression"
        case .toleratedFailurePercentagePath: return "use ToleratedFailurePercentage with a {% … %} expression"
        case .toleratedFailureCountPath: return "use ToleratedFailureCount with a {% … %} expression"
        case .arguments: return "use Parameters"
        case .output: return "use OutputPath or ResultSelector"
        case .items: return "use ItemsPath"
        default: return nil
        }
    }

    func isPresent(in s: State) -> Bool {
        switch self {
        case .next: return s.next != nil
        case .end: return s.end != nil
        case .inputPath: return s.inputPath != nil
        case .outputPath: return s.outputPath != nil
        case .parameters: return s.parameters != nil
        case .resultSelector: return s.resultSelector != nil
        case .resultPath: return s.resultPath != nil
        case .result: return s.result != nil
        case .arguments: return s.arguments != nil
        case .output: return s.output != nil
        case .assign: return s.assign != nil
        case .retry: return s.retry != nil
        case .catch: return s.catch != nil
        case .resource: return s.resource != nil
        case .timeoutSeconds: return s.timeoutSeconds != nil
        case .timeoutSecondsPath: return s.timeoutSecondsPath != nil
        case .heartbeatSeconds: return s.heartbeatSeconds != nil
        case .heartbeatSecondsPath: return s.heartbeatSecondsPath != nil
        case .credentials: return s.credentials != nil
        case .choices: return s.choices != nil
        case .default: return s.default != nil
        case .seconds: return s.seconds != nil
        case .secondsPath: return s.secondsPath != nil
        case .timestamp: return s.timestamp != nil
        case .timestampPath: return s.timestampPath != nil
        case .error: return s.error != nil
        case .errorPath: return s.errorPath != nil
        case .cause: return s.cause != nil
        case .causePath: return s.causePath != nil
        case .branches: return s.branches != nil
        case .itemProcessor: return s.itemProcessor != nil
        case .iterator: return s.iterator != nil
        case .itemsPath: return s.itemsPath != nil
        case .items: return s.items != nil
        case .itemSelector: return s.itemSelector != nil
        case .itemReader: return s.itemReader != nil
        case .itemBatcher: return s.itemBatcher != nil
        case .resultWriter: return s.resultWriter != nil
        case .maxConcurrency: return s.maxConcurrency != nil
        case .maxConcurrencyPath: return s.maxConcurrencyPath != nil
        case .toleratedFailurePercentage: return s.toleratedFailurePercentage != nil
        case .toleratedFailurePercentagePath: return s.toleratedFailurePercentagePath != nil
        case .toleratedFailureCount: return s.toleratedFailureCount != nil
        case .toleratedFailureCountPath: return s.toleratedFailureCountPath != nil
        case .label: return s.label != nil
        }
    }

    /// The `{% … %}` expression the field holds, for typed fields that take one only in JSONata
    /// states (in JSONPath states a number or timestamp is required there; free-text fields
    /// such as `Error` take `{% … %}` as a literal).
    func jsonataExpression(in s: State) -> String? {
        func expression(_ c: Computed<Int>?) -> String? { if case .expression(let e)? = c { return e } else { return nil } }
        switch self {
        case .timeoutSeconds: return expression(s.timeoutSeconds)
        case .heartbeatSeconds: return expression(s.heartbeatSeconds)
        case .seconds: return expression(s.seconds)
        case .maxConcurrency: return expression(s.maxConcurrency)
        case .toleratedFailureCount: return expression(s.toleratedFailureCount)
        case .toleratedFailurePercentage:
            if case .expression(let e)? = s.toleratedFailurePercentage { return e } else { return nil }
        case .timestamp: return s.timestamp.flatMap { $0.isJSONataExpression ? $0 : nil }
        default: return nil
        }
    }
}

/// A set of state types as bits, one per case of `StateType`.
struct StateTypes: ExpressibleByArrayLiteral {
    private var bits: UInt8

    private init(bits: UInt8) { self.bits = bits }

    init(arrayLiteral types: StateType...) {
        bits = types.reduce(0) { $0 | Self.bit($1) }
    }

    static let all = StateTypes(bits: StateType.allCases.reduce(0) { $0 | bit($1) })

    func contains(_ type: StateType) -> Bool { bits & Self.bit(type) != 0 }

    func subtracting(_ type: StateType) -> StateTypes { StateTypes(bits: bits & ~Self.bit(type)) }

    private static func bit(_ type: StateType) -> UInt8 {
        switch type {
        case .task: return 1 << 0
        case .pass: return 1 << 1
        case .choice: return 1 << 2
        case .wait: return 1 << 3
        case .succeed: return 1 << 4
        case .fail: return 1 << 5
        case .parallel: return 1 << 6
        case .map: return 1 << 7
        }
    }
}
