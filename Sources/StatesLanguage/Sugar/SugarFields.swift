/// Where a map sits in a definition, which decides the fields it may have.
enum SugarContext: Hashable, Sendable {
    case stateMachine
    case branch
    case itemProcessor
    /// A state; nil when its `:type` is missing or unknown (then any state field is accepted).
    case state(StateType?)
    case retrier
    case catcher
    case choiceRule
    case processorConfig
    case itemReader
    case readerConfig
    case itemBatcher
    case resultWriter
    case writerConfig

    /// How messages name a map of this kind.
    var label: String {
        switch self {
        case .stateMachine: return "the state machine"
        case .branch: return "a Parallel branch"
        case .itemProcessor: return "a Map item processor"
        case .state(let type?): return "a \(type.rawValue) state"
        case .state(nil): return "a state"
        case .retrier: return "a retrier"
        case .catcher: return "a catcher"
        case .choiceRule: return "a choice rule"
        case .processorConfig: return "ProcessorConfig"
        case .itemReader: return "ItemReader"
        case .readerConfig: return "ReaderConfig"
        case .itemBatcher: return "ItemBatcher"
        case .resultWriter: return "ResultWriter"
        case .writerConfig: return "WriterConfig"
        }
    }
}

/// How the sugar writes a field's value.
enum SugarFieldKind: Sendable {
    /// A state name: keyword or string.
    case stateName
    /// `ErrorEquals`: one error name or a vector of them.
    case errorNames
    /// Fail's `Error`: an error name.
    case errorName
    /// A keyword standing for one of the listed ASL strings (keyword name → ASL value).
    case enumeration([String: String])
    case stateType
    /// A keyword is an activity; a string passes through.
    case resource
    /// Only `true`; `:end false` is a mistake.
    case end
    case states
    case branches
    case itemProcessor
    case choices
    case retriers
    case catchers
    /// A nested configuration map with its own fields.
    case object(SugarContext)
    /// Any JSON value, written as EDN data (payload templates and plain values alike).
    case data
}

/// Every ASL field the sugar knows, its keyword, the maps it may appear in, and how its value
/// is written. Keywords are derived from the ASL names: `CSVHeaderLocation` → `:csv-header-location`.
enum SugarFields {
    private static let machineFields = ["Comment", "StartAt", "States"]
    private static let stateCommon = ["Type", "Comment", "QueryLanguage"]
    /// Which fields each state type may have: the validator's table, so the two never disagree.
    private static let stateFields: [StateType: [String]] = Dictionary(uniqueKeysWithValues: StateType.allCases.map { type in
        (type, ASLField.allCases.filter { $0.stateTypes.contains(type) }.map(\.key))
    })

    private static let otherFields: [SugarContext: [String]] = [
        .stateMachine: machineFields + ["Version", "TimeoutSeconds", "QueryLanguage"],
        .branch: machineFields,
        .itemProcessor: machineFields + ["ProcessorConfig"],
        .retrier: ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"],
        .catcher: ["ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"],
        // Besides these, a choice rule has the sugar's own `:condition`.
        .choiceRule: ["Next", "Comment", "Assign", "Output"],
        .processorConfig: ["Mode", "ExecutionType"],
        .itemReader: ["Resource", "Parameters", "Arguments", "ReaderConfig"],
        .readerConfig: ["InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath", "ManifestType"],
        .itemBatcher: ["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"],
        .resultWriter: ["Resource", "Parameters", "Arguments", "WriterConfig"],
        .writerConfig: ["OutputType", "Transformation"],
    ]

    private static let allowedByContext: [SugarContext: Set<String>] = {
        var table = otherFields.mapValues(Set.init)
        var anyState = Set(stateCommon)
        for (type, fields) in stateFields {
            table[.state(type)] = Set(stateCommon + fields)
            anyState.formUnion(fields)
        }
        table[.state(nil)] = anyState
        return table
    }()

    /// Every ASL field name the sugar knows.
    static let allFieldNames: Set<String> = allowedByContext.values.reduce(into: Set()) { $0.formUnion($1) }

    /// `CSVHeaderLocation` → `csv-header-location` for every known field, worked out once.
    private static let keywordByField: [String: String] = Dictionary(
        uniqueKeysWithValues: allFieldNames.map { ($0, hyphenated($0)) })

    /// `:csv-header-location` → `CSVHeaderLocation`.
    private static let fieldByKeyword: [String: String] = Dictionary(
        uniqueKeysWithValues: keywordByField.map { ($0.value, $0.key) })

    static func field(forKeyword keyword: String) -> String? { fieldByKeyword[keyword] }

    static func isAllowed(_ field: String, in context: SugarContext) -> Bool {
        allowedByContext[context]?.contains(field) ?? false
    }

    /// The fields a context allows, as keywords, for messages.
    static func keywords(allowedIn context: SugarContext) -> [String] {
        let fields = (allowedByContext[context] ?? []).map { ":" + keyword(forField: $0) }
        return (context == .choiceRule ? fields + [":condition"] : fields).sorted()
    }

    /// Words of a PascalCase name, lowered and joined by hyphens; an acronym stays one word
    /// (`CSVHeaders` → `csv-headers`, `ItemsPath` → `items-path`).
    static func keyword(forField field: String) -> String { keywordByField[field] ?? hyphenated(field) }

    private static func hyphenated(_ field: String) -> String {
        let chars = Array(field)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let previousIsLower = chars[i - 1].isLowercase
                let acronymEnds = chars[i - 1].isUppercase && i + 1 < chars.count && chars[i + 1].isLowercase
                if previousIsLower || acronymEnds { out += "-" }
            }
            out += c.lowercased()
        }
        return out
    }

    static let queryLanguages = enumTable(QueryLanguage.allCases.map(\.rawValue))
    static let modes = enumTable(ProcessorConfig.Mode.allCases.map(\.rawValue))
    static let executionTypes = enumTable(ProcessorConfig.ExecutionType.allCases.map(\.rawValue))
    static let jitterStrategies = enumTable(Retrier.JitterStrategy.allCases.map(\.rawValue))

    /// `:jsonata` → `JSONata`: the keyword is the lowered ASL value.
    private static func enumTable(_ values: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.lowercased(), $0) })
    }

    static func kind(of field: String) -> SugarFieldKind {
        switch field {
        case "StartAt", "Next", "Default": return .stateName
        case "ErrorEquals": return .errorNames
        case "Error": return .errorName
        case "QueryLanguage": return .enumeration(queryLanguages)
        case "Mode": return .enumeration(modes)
        case "ExecutionType": return .enumeration(executionTypes)
        case "JitterStrategy": return .enumeration(jitterStrategies)
        case "Type": return .stateType
        case "Resource": return .resource
        case "End": return .end
        case "States": return .states
        case "Branches": return .branches
        case "ItemProcessor", "Iterator": return .itemProcessor
        case "Choices": return .choices
        case "Retry": return .retriers
        case "Catch": return .catchers
        case "ProcessorConfig": return .object(.processorConfig)
        case "ItemReader": return .object(.itemReader)
        case "ReaderConfig": return .object(.readerConfig)
        case "ItemBatcher": return .object(.itemBatcher)
        case "ResultWriter": return .object(.resultWriter)
        case "WriterConfig": return .object(.writerConfig)
        default: return .data
        }
    }

    /// `:task` → `Task`.
    static let stateTypes = Dictionary(uniqueKeysWithValues: StateType.allCases.map { ($0.rawValue.lowercased(), $0) })
}
