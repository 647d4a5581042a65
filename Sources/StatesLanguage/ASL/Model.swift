import OrderedCollections
import StepwiseJSON

// The typed model of the Amazon States Language as AWS accepts it today (JSONPath and JSONata
// query languages, variables, distributed Map). One `State` struct carries every field a state
// may have; which fields a state type allows is the validator's job (see `ASLField`), so that a
// misplaced field is reported with its location instead of being unrepresentable.

public enum QueryLanguage: String, Sendable, Hashable, CaseIterable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}

public enum StateType: String, Sendable, Hashable, CaseIterable {
    case task = "Task"
    case pass = "Pass"
    case choice = "Choice"
    case wait = "Wait"
    case succeed = "Succeed"
    case fail = "Fail"
    case parallel = "Parallel"
    case map = "Map"
}

/// A value written literally, or computed by a JSONata `{% … %}` expression (JSONata states).
public enum Computed<Value: Sendable & Hashable>: Sendable, Hashable {
    case value(Value)
    case expression(String)

    public var value: Value? { if case .value(let v) = self { return v } else { return nil } }
    public var expression: String? { if case .expression(let e) = self { return e } else { return nil } }
}

/// `InputPath`, `OutputPath` and `ResultPath` distinguish a path from an explicit `null`
/// (which means "use `{}`" or "discard the result").
public enum PathOrNull: Sendable, Hashable {
    case path(String)
    case null

    public var path: String? { if case .path(let p) = self { return p } else { return nil } }
}

/// A whole state machine, or a nested one (Parallel branch, Map item processor).
public struct StateMachine: Sendable, Hashable {
    public var comment: String?
    public var startAt: String
    public var states: OrderedDictionary<String, State>
    public var version: String?
    public var timeoutSeconds: Int?
    public var queryLanguage: QueryLanguage?
    /// Only on a Map's `ItemProcessor`.
    public var processorConfig: ProcessorConfig?

    public init(
        comment: String? = nil, startAt: String, states: OrderedDictionary<String, State>,
        version: String? = nil, timeoutSeconds: Int? = nil, queryLanguage: QueryLanguage? = nil,
        processorConfig: ProcessorConfig? = nil
    ) {
        self.comment = comment
        self.startAt = startAt
        self.states = states
        self.version = version
        self.timeoutSeconds = timeoutSeconds
        self.queryLanguage = queryLanguage
        self.processorConfig = processorConfig
    }
}

public struct ProcessorConfig: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case inline = "INLINE"
        case distributed = "DISTRIBUTED"
    }
    public enum ExecutionType: String, Sendable, Hashable, CaseIterable {
        case standard = "STANDARD"
        case express = "EXPRESS"
    }
    public var mode: Mode?
    public var executionType: ExecutionType?
    public init(mode: Mode? = nil, executionType: ExecutionType? = nil) {
        self.mode = mode
        self.executionType = executionType
    }
}

public struct State: Sendable, Hashable {
    public var type: StateType
    public var comment: String?
    public var queryLanguage: QueryLanguage?

    // Transitions.
    public var next: String?
    /// Kept as written: `"End": false` is invalid and must be reported, not read as "no end".
    public var end: Bool?

    // Data flow (JSONPath).
    public var inputPath: PathOrNull?
    public var outputPath: PathOrNull?
    public var parameters: JSONValue?
    public var resultSelector: JSONValue?
    public var resultPath: PathOrNull?
    /// Pass state's fixed result.
    public var result: JSONValue?

    // Data flow (JSONata) and variables.
    public var arguments: JSONValue?
    public var output: JSONValue?
    public var assign: JSONValue?

    // Error handling (Task, Parallel, Map).
    public var retry: [Retrier]?
    public var `catch`: [Catcher]?

    // Task.
    public var resource: String?
    public var timeoutSeconds: Computed<Int>?
    public var timeoutSecondsPath: String?
    public var heartbeatSeconds: Computed<Int>?
    public var heartbeatSecondsPath: String?
    public var credentials: JSONValue?

    // Choice.
    public var choices: [ChoiceRule]?
    public var `default`: String?

    // Wait.
    public var seconds: Computed<Int>?
    public var secondsPath: String?
    public var timestamp: String?
    public var timestampPath: String?

    // Fail.
    public var error: String?
    public var errorPath: String?
    public var cause: String?
    public var causePath: String?

    // Parallel.
    public var branches: [StateMachine]?

    // Map.
    public var itemProcessor: StateMachine?
    /// Legacy name of `ItemProcessor`.
    public var iterator: StateMachine?
    public var itemsPath: String?
    /// JSONata: an array, or an expression producing one.
    public var items: JSONValue?
    public var itemSelector: JSONValue?
    public var itemReader: ItemReader?
    public var itemBatcher: ItemBatcher?
    public var resultWriter: ResultWriter?
    public var maxConcurrency: Computed<Int>?
    public var maxConcurrencyPath: String?
    public var toleratedFailurePercentage: Computed<JSONNumber>?
    public var toleratedFailurePercentagePath: String?
    public var toleratedFailureCount: Computed<Int>?
    public var toleratedFailureCountPath: String?
    public var label: String?

    public init(type: StateType) { self.type = type }

    /// True for states that end their (sub)machine: Succeed, Fail, or `End: true`.
    public var isTerminal: Bool { type == .succeed || type == .fail || end == true }

    /// The item processor of a Map, whichever name it was written under.
    public var mapProcessor: StateMachine? { itemProcessor ?? iterator }
}

public struct Retrier: Sendable, Hashable {
    public enum JitterStrategy: String, Sendable, Hashable, CaseIterable {
        case full = "FULL"
        case none = "NONE"
    }
    public var errorEquals: [String]
    public var intervalSeconds: Int?
    public var maxAttempts: Int?
    public var backoffRate: JSONNumber?
    public var maxDelaySeconds: Int?
    public var jitterStrategy: JitterStrategy?
    public var comment: String?

    public init(
        errorEquals: [String], intervalSeconds: Int? = nil, maxAttempts: Int? = nil, backoffRate: JSONNumber? = nil,
        maxDelaySeconds: Int? = nil, jitterStrategy: JitterStrategy? = nil, comment: String? = nil
    ) {
        self.errorEquals = errorEquals
        self.intervalSeconds = intervalSeconds
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelaySeconds = maxDelaySeconds
        self.jitterStrategy = jitterStrategy
        self.comment = comment
    }

    // The defaults the States Language specifies.
    public var effectiveIntervalSeconds: Int { intervalSeconds ?? 1 }
    public var effectiveMaxAttempts: Int { maxAttempts ?? 3 }
    public var effectiveBackoffRate: Double { backoffRate?.doubleValue ?? 2.0 }
}

public struct Catcher: Sendable, Hashable {
    public var errorEquals: [String]
    public var next: String
    public var resultPath: PathOrNull?
    public var comment: String?
    public var assign: JSONValue?
    public var output: JSONValue?

    public init(
        errorEquals: [String], next: String, resultPath: PathOrNull? = nil, comment: String? = nil,
        assign: JSONValue? = nil, output: JSONValue? = nil
    ) {
        self.errorEquals = errorEquals
        self.next = next
        self.resultPath = resultPath
        self.comment = comment
        self.assign = assign
        self.output = output
    }
}

/// A Choice rule. Top-level rules have `next`; rules nested in `And`/`Or`/`Not` do not.
public struct ChoiceRule: Sendable, Hashable {
    public var condition: Condition
    public var next: String?
    public var comment: String?
    public var assign: JSONValue?
    public var output: JSONValue?

    public init(condition: Condition, next: String? = nil, comment: String? = nil, assign: JSONValue? = nil, output: JSONValue? = nil) {
        self.condition = condition
        self.next = next
        self.comment = comment
        self.assign = assign
        self.output = output
    }
}

public indirect enum Condition: Sendable, Hashable {
    case and([ChoiceRule])
    case or([ChoiceRule])
    case not(ChoiceRule)
    case comparison(Comparison)
    /// JSONata `Condition` (a `{% … %}` string, or a literal boolean written as such).
    case jsonata(JSONValue)
}

/// A data-test expression: `Variable` compared by one operator.
public struct Comparison: Sendable, Hashable {
    public var variable: String
    public var op: ComparisonOperator
    /// The literal to compare with, the path (for `…Path` operators), or the boolean of an `Is…` test.
    public var operand: JSONValue

    public init(variable: String, op: ComparisonOperator, operand: JSONValue) {
        self.variable = variable
        self.op = op
        self.operand = operand
    }
}

public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case stringEquals = "StringEquals", stringEqualsPath = "StringEqualsPath"
    case stringLessThan = "StringLessThan", stringLessThanPath = "StringLessThanPath"
    case stringGreaterThan = "StringGreaterThan", stringGreaterThanPath = "StringGreaterThanPath"
    case stringLessThanEquals = "StringLessThanEquals", stringLessThanEqualsPath = "StringLessThanEqualsPath"
    case stringGreaterThanEquals = "StringGreaterThanEquals", stringGreaterThanEqualsPath = "StringGreaterThanEqualsPath"
    case stringMatches = "StringMatches"
    case numericEquals = "NumericEquals", numericEqualsPath = "NumericEqualsPath"
    case numericLessThan = "NumericLessThan", numericLessThanPath = "NumericLessThanPath"
    case numericGreaterThan = "NumericGreaterThan", numericGreaterThanPath = "NumericGreaterThanPath"
    case numericLessThanEquals = "NumericLessThanEquals", numericLessThanEqualsPath = "NumericLessThanEqualsPath"
    case numericGreaterThanEquals = "NumericGreaterThanEquals", numericGreaterThanEqualsPath = "NumericGreaterThanEqualsPath"
    case booleanEquals = "BooleanEquals", booleanEqualsPath = "BooleanEqualsPath"
    case timestampEquals = "TimestampEquals", timestampEqualsPath = "TimestampEqualsPath"
    case timestampLessThan = "TimestampLessThan", timestampLessThanPath = "TimestampLessThanPath"
    case timestampGreaterThan = "TimestampGreaterThan", timestampGreaterThanPath = "TimestampGreaterThanPath"
    case timestampLessThanEquals = "TimestampLessThanEquals", timestampLessThanEqualsPath = "TimestampLessThanEqualsPath"
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals", timestampGreaterThanEqualsPath = "TimestampGreaterThanEqualsPath"
    case isNull = "IsNull", isPresent = "IsPresent", isNumeric = "IsNumeric", isString = "IsString"
    case isBoolean = "IsBoolean", isTimestamp = "IsTimestamp"

    public enum Kind: String, Sendable { case string, numeric, boolean, timestamp, test }
    public enum Relation: String, Sendable { case equals, lessThan, greaterThan, lessThanEquals, greaterThanEquals, matches, test }

    /// The operand is a reference path to compare with.
    public var isPath: Bool { rawValue.hasSuffix("Path") }

    public var kind: Kind {
        let name = rawValue
        if name.hasPrefix("String") { return .string }
        if name.hasPrefix("Numeric") { return .numeric }
        if name.hasPrefix("Boolean") { return .boolean }
        if name.hasPrefix("Timestamp") { return .timestamp }
        return .test
    }

    public var relation: Relation {
        var name = rawValue
        if isPath { name.removeLast(4) }
        if name.hasSuffix("LessThanEquals") { return .lessThanEquals }
        if name.hasSuffix("GreaterThanEquals") { return .greaterThanEquals }
        if name.hasSuffix("LessThan") { return .lessThan }
        if name.hasSuffix("GreaterThan") { return .greaterThan }
        if name.hasSuffix("Equals") { return .equals }
        if name.hasSuffix("Matches") { return .matches }
        return .test
    }

    /// The operator of the given kind and relation (`.numeric`, `.lessThan`, path) if ASL has it.
    public static func make(kind: Kind, relation: Relation, path: Bool) -> ComparisonOperator? {
        allCases.first { $0.kind == kind && $0.relation == relation && $0.isPath == path }
    }
}

public struct ItemReader: Sendable, Hashable {
    public var resource: String
    public var parameters: JSONValue?
    public var arguments: JSONValue?
    public var readerConfig: ReaderConfig?
    public init(resource: String, parameters: JSONValue? = nil, arguments: JSONValue? = nil, readerConfig: ReaderConfig? = nil) {
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.readerConfig = readerConfig
    }
}

public struct ReaderConfig: Sendable, Hashable {
    public var inputType: String?
    public var csvHeaderLocation: String?
    public var csvHeaders: [String]?
    public var csvDelimiter: String?
    public var maxItems: Computed<Int>?
    public var maxItemsPath: String?
    public var manifestType: String?
    public init() {}
}

public struct ItemBatcher: Sendable, Hashable {
    public var maxItemsPerBatch: Computed<Int>?
    public var maxItemsPerBatchPath: String?
    public var maxInputBytesPerBatch: Computed<Int>?
    public var maxInputBytesPerBatchPath: String?
    public var batchInput: JSONValue?
    public init() {}
}

public struct ResultWriter: Sendable, Hashable {
    public var resource: String?
    public var parameters: JSONValue?
    public var arguments: JSONValue?
    public var writerConfig: WriterConfig?
    public init() {}
}

public struct WriterConfig: Sendable, Hashable {
    public var outputType: String?
    public var transformation: String?
    public init() {}
}

extension String {
    /// True for a JSONata expression string: `{% … %}`.
    public var isJSONataExpression: Bool {
        hasPrefix("{%") && hasSuffix("%}") && count >= 4
    }
}
