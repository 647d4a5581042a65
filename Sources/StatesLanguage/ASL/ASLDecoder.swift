import OrderedCollections
import StepwiseJSON

/// Reads an ASL JSON document into the typed model, reporting every structural problem
/// (wrong type, unknown field, missing required field, bad enum value) as a diagnostic
/// instead of stopping at the first.
public struct ASLDecoder {
    public private(set) var diagnostics: [Diagnostic] = []
    /// In a template, a `${Name}` placeholder may stand where a number, boolean, array or object
    /// belongs; it is read as a stand-in value so that the rest of the definition is still
    /// checked (the validator drops what is reported at the placeholder itself).
    let readsTemplates: Bool

    public init() { readsTemplates = false }

    init(readsTemplates: Bool) { self.readsTemplates = readsTemplates }

    /// Decodes a document; returns nil when it is too broken to build a model.
    public static func decode(_ document: JSONValue) -> (machine: StateMachine?, diagnostics: [Diagnostic]) {
        decode(document, readsTemplates: false)
    }

    static func decode(_ document: JSONValue, readsTemplates: Bool) -> (machine: StateMachine?, diagnostics: [Diagnostic]) {
        var decoder = ASLDecoder(readsTemplates: readsTemplates)
        let machine = decoder.machine(document, at: "", nested: false)
        return (machine, decoder.diagnostics)
    }

    mutating func report(_ code: String, _ path: String, _ message: String) {
        diagnostics.append(Diagnostic(code: code, path: path, message: message))
    }

    mutating func machine(_ value: JSONValue, at path: String, nested: Bool) -> StateMachine? {
        guard case .object(let object) = value else {
            report("WRONG_TYPE", path, "a state machine must be a JSON object, found \(value.typeName)")
            return nil
        }
        var fields = Fields(object, path)
        let comment = fields.string("Comment", &self)
        let startAt = fields.string("StartAt", &self)
        let version = fields.string("Version", &self)
        let timeout = fields.int("TimeoutSeconds", &self)
        let queryLanguage = fields.enumeration("QueryLanguage", QueryLanguage.self, &self)
        var processorConfig: ProcessorConfig?
        if let config = fields.object("ProcessorConfig", &self) {
            var pc = Fields(config, path + "/ProcessorConfig")
            processorConfig = ProcessorConfig(
                mode: pc.enumeration("Mode", ProcessorConfig.Mode.self, &self),
                executionType: pc.enumeration("ExecutionType", ProcessorConfig.ExecutionType.self, &self))
            pc.finish(&self, what: "ProcessorConfig")
        }
        var states = OrderedDictionary<String, State>()
        if let statesObject = fields.object("States", &self) {
            for (name, stateValue) in statesObject {
                if let state = state(stateValue, name: name, at: path + "/States/" + jsonPointerEscape(name)) {
                    states[name] = state
                }
            }
        } else if object["States"] == nil {
            report("MISSING_FIELD", path, "missing required field \"States\"")
        }
        if startAt == nil, object["StartAt"] == nil {
            report("MISSING_FIELD", path, "missing required field \"StartAt\"")
        }
        fields.finish(&self, what: nested ? "a nested state machine" : "the state machine")
        return StateMachine(
            comment: comment, startAt: startAt ?? "", states: states, version: version,
            timeoutSeconds: timeout, queryLanguage: queryLanguage, processorConfig: processorConfig)
    }

    mutating func state(_ value: JSONValue, name: String, at path: String) -> State? {
        guard case .object(let object) = value else {
            report("WRONG_TYPE", path, "state \"\(name)\" must be a JSON object, found \(value.typeName)")
            return nil
        }
        var f = Fields(object, path)
        guard let typeName = f.string("Type", &self) else {
            if object["Type"] == nil { report("MISSING_FIELD", path, "state \"\(name)\" has no \"Type\"") }
            return nil
        }
        guard let type = StateType(rawValue: typeName) else {
            report("INVALID_VALUE", path + "/Type", "state \"\(name)\" has unknown Type \"\(typeName)\"; expected one of \(StateType.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var s = State(type: type)
        s.comment = f.string("Comment", &self)
        s.queryLanguage = f.enumeration("QueryLanguage", QueryLanguage.self, &self)
        s.next = f.string("Next", &self)
        s.end = f.bool("End", &self)
        s.inputPath = f.pathOrNull("InputPath", &self)
        s.outputPath = f.pathOrNull("OutputPath", &self)
        s.parameters = f.any("Parameters")
        s.resultSelector = f.any("ResultSelector")
        s.resultPath = f.pathOrNull("ResultPath", &self)
        s.result = f.any("Result")
        s.arguments = f.any("Arguments")
        s.output = f.any("Output")
        s.assign = f.any("Assign")
        if let list = f.array("Retry", &self) {
            s.retry = list.enumerated().compactMap { retrier($1, at: path + "/Retry/\($0)") }
        }
        if let list = f.array("Catch", &self) {
            s.catch = list.enumerated().compactMap { catcher($1, at: path + "/Catch/\($0)") }
        }
        s.resource = f.string("Resource", &self)
        s.timeoutSeconds = f.computedInt("TimeoutSeconds", &self)
        s.timeoutSecondsPath = f.string("TimeoutSecondsPath", &self)
        s.heartbeatSeconds = f.computedInt("HeartbeatSeconds", &self)
        s.heartbeatSecondsPath = f.string("HeartbeatSecondsPath", &self)
        s.credentials = f.any("Credentials")
        if let list = f.array("Choices", &self) {
            s.choices = list.enumerated().compactMap { choiceRule($1, at: path + "/Choices/\($0)", topLevel: true) }
        }
        s.default = f.string("Default", &self)
        s.seconds = f.computedInt("Seconds", &self)
        s.secondsPath = f.string("SecondsPath", &self)
        s.timestamp = f.string("Timestamp", &self)
        s.timestampPath = f.string("TimestampPath", &self)
        s.error = f.string("Error", &self)
        s.errorPath = f.string("ErrorPath", &self)
        s.cause = f.string("Cause", &self)
        s.causePath = f.string("CausePath", &self)
        if let list = f.array("Branches", &self) {
            s.branches = list.enumerated().compactMap { machine($1, at: path + "/Branches/\($0)", nested: true) }
        }
        if let processor = f.take("ItemProcessor") {
            s.itemProcessor = machine(processor, at: path + "/ItemProcessor", nested: true)
        }
        if let iterator = f.take("Iterator") {
            s.iterator = machine(iterator, at: path + "/Iterator", nested: true)
        }
        s.itemsPath = f.string("ItemsPath", &self)
        s.items = f.any("Items")
        s.itemSelector = f.any("ItemSelector")
        if let reader = f.object("ItemReader", &self) { s.itemReader = itemReader(reader, at: path + "/ItemReader") }
        if let batcher = f.object("ItemBatcher", &self) { s.itemBatcher = itemBatcher(batcher, at: path + "/ItemBatcher") }
        if let writer = f.object("ResultWriter", &self) { s.resultWriter = resultWriter(writer, at: path + "/ResultWriter") }
        s.maxConcurrency = f.computedInt("MaxConcurrency", &self)
        s.maxConcurrencyPath = f.string("MaxConcurrencyPath", &self)
        s.toleratedFailurePercentage = f.computedNumber("ToleratedFailurePercentage", &self)
        s.toleratedFailurePercentagePath = f.string("ToleratedFailurePercentagePath", &self)
        s.toleratedFailureCount = f.computedInt("ToleratedFailureCount", &self)
        s.toleratedFailureCountPath = f.string("ToleratedFailureCountPath", &self)
        s.label = f.string("Label", &self)
        f.finish(&self, what: "state \"\(name)\"")
        return s
    }

    mutating func errorNames(_ f: inout Fields, _ what: String) -> [String] {
        guard let value = f.take("ErrorEquals") else {
            report("MISSING_FIELD", f.path, "\(what) has no \"ErrorEquals\"")
            return []
        }
        guard case .array(let items) = value else {
            report("WRONG_TYPE", f.path + "/ErrorEquals", "ErrorEquals must be an array of error names, found \(value.typeName)")
            return []
        }
        var names: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item { names.append(s) } else {
                report("WRONG_TYPE", f.path + "/ErrorEquals/\(i)", "an error name must be a string, found \(item.typeName)")
            }
        }
        return names
    }

    mutating func retrier(_ value: JSONValue, at path: String) -> Retrier? {
        guard case .object(let object) = value else {
            report("WRONG_TYPE", path, "a retrier must be a JSON object, found \(value.typeName)")
            return nil
        }
        var f = Fields(object, path)
        var r = Retrier(errorEquals: errorNames(&f, "retrier"))
        r.intervalSeconds = f.int("IntervalSeconds", &self)
        r.maxAttempts = f.int("MaxAttempts", &self)
        r.backoffRate = f.number("BackoffRate", &self)
        r.maxDelaySeconds = f.int("MaxDelaySeconds", &self)
        r.jitterStrategy = f.enumeration("JitterStrategy", Retrier.JitterStrategy.self, &self)
        r.comment = f.string("Comment", &self)
        f.finish(&self, what: "a retrier")
        return r
    }

    mutating func catcher(_ value: JSONValue, at path: String) -> Catcher? {
        guard case .object(let object) = value else {
            report("WRONG_TYPE", path, "a catcher must be a JSON object, found \(value.typeName)")
            return nil
        }
        var f = Fields(object, path)
        let names = errorNames(&f, "catcher")
        let next = f.string("Next", &self)
        if next == nil, object["Next"] == nil { report("MISSING_FIELD", path, "catcher has no \"Next\"") }
        var c = Catcher(errorEquals: names, next: next ?? "")
        c.resultPath = f.pathOrNull("ResultPath", &self)
        c.comment = f.string("Comment", &self)
        c.assign = f.any("Assign")
        c.output = f.any("Output")
        f.finish(&self, what: "a catcher")
        return c
    }

    mutating func choiceRule(_ value: JSONValue, at path: String, topLevel: Bool) -> ChoiceRule? {
        guard case .object(let object) = value else {
            report("WRONG_TYPE", path, "a choice rule must be a JSON object, found \(value.typeName)")
            return nil
        }
        var f = Fields(object, path)
        let next = topLevel ? f.string("Next", &self) : nil
        let comment = f.string("Comment", &self)
        let assign = topLevel ? f.any("Assign") : nil
        let output = topLevel ? f.any("Output") : nil
        var conditions: [Condition] = []
        if let list = f.take("And") { conditions.append(.and(nestedRules(list, at: path + "/And"))) }
        if let list = f.take("Or") { conditions.append(.or(nestedRules(list, at: path + "/Or"))) }
        if let inner = f.take("Not") {
            if let rule = choiceRule(inner, at: path + "/Not", topLevel: false) { conditions.append(.not(rule)) }
        }
        if let condition = f.take("Condition") { conditions.append(.jsonata(condition)) }
        let variable = f.string("Variable", &self)
        var comparisons: [Comparison] = []
        for op in ComparisonOperator.allCases {
            guard let operand = f.take(op.rawValue) else { continue }
            comparisons.append(Comparison(variable: variable ?? "", op: op, operand: operand))
        }
        if let comparison = comparisons.first {
            if variable == nil, object["Variable"] == nil {
                report("MISSING_FIELD", path, "choice rule with \(comparison.op.rawValue) has no \"Variable\"")
            }
            conditions.append(.comparison(comparison))
        } else if variable != nil {
            report("MISSING_FIELD", path, "choice rule with \"Variable\" has no comparison operator (such as StringEquals)")
        }
        f.finish(&self, what: "a choice rule")
        let count = conditions.count + max(0, comparisons.count - 1)
        if count == 0 {
            if variable == nil {
                report("MISSING_FIELD", path, "choice rule has no condition (And, Or, Not, Condition, or Variable with a comparison)")
            }
            return nil
        }
        if count > 1 {
            report("AMBIGUOUS_CHOICE_RULE", path, "choice rule combines several conditions; use exactly one of And, Or, Not, Condition or one comparison operator")
        }
        return ChoiceRule(condition: conditions[0], next: next, comment: comment, assign: assign, output: output)
    }

    mutating func nestedRules(_ value: JSONValue, at path: String) -> [ChoiceRule] {
        guard case .array(let items) = value else {
            report("WRONG_TYPE", path, "must be an array of choice rules, found \(value.typeName)")
            return []
        }
        return items.enumerated().compactMap { choiceRule($1, at: path + "/\($0)", topLevel: false) }
    }

    mutating func itemReader(_ object: JSONObject, at path: String) -> ItemReader {
        var f = Fields(object, path)
        let resource = f.string("Resource", &self)
        if resource == nil, object["Resource"] == nil { report("MISSING_FIELD", path, "ItemReader has no \"Resource\"") }
        var reader = ItemReader(resource: resource ?? "", parameters: f.any("Parameters"), arguments: f.any("Arguments"))
        if let config = f.object("ReaderConfig", &self) {
            var c = Fields(config, path + "/ReaderConfig")
            var rc = ReaderConfig()
            rc.inputType = c.string("InputType", &self)
            rc.csvHeaderLocation = c.string("CSVHeaderLocation", &self)
            rc.csvHeaders = c.stringArray("CSVHeaders", &self)
            rc.csvDelimiter = c.string("CSVDelimiter", &self)
            rc.maxItems = c.computedInt("MaxItems", &self)
            rc.maxItemsPath = c.string("MaxItemsPath", &self)
            rc.manifestType = c.string("ManifestType", &self)
            c.finish(&self, what: "ReaderConfig")
            reader.readerConfig = rc
        }
        f.finish(&self, what: "ItemReader")
        return reader
    }

    mutating func itemBatcher(_ object: JSONObject, at path: String) -> ItemBatcher {
        var f = Fields(object, path)
        var b = ItemBatcher()
        b.maxItemsPerBatch = f.computedInt("MaxItemsPerBatch", &self)
        b.maxItemsPerBatchPath = f.string("MaxItemsPerBatchPath", &self)
        b.maxInputBytesPerBatch = f.computedInt("MaxInputBytesPerBatch", &self)
        b.maxInputBytesPerBatchPath = f.string("MaxInputBytesPerBatchPath", &self)
        b.batchInput = f.any("BatchInput")
        f.finish(&self, what: "ItemBatcher")
        return b
    }

    mutating func resultWriter(_ object: JSONObject, at path: String) -> ResultWriter {
        var f = Fields(object, path)
        var w = ResultWriter()
        w.resource = f.string("Resource", &self)
        w.parameters = f.any("Parameters")
        w.arguments = f.any("Arguments")
        if let config = f.object("WriterConfig", &self) {
            var c = Fields(config, path + "/WriterConfig")
            var wc = WriterConfig()
            wc.outputType = c.string("OutputType", &self)
            wc.transformation = c.string("Transformation", &self)
            c.finish(&self, what: "WriterConfig")
            w.writerConfig = wc
        }
        f.finish(&self, what: "ResultWriter")
        return w
    }
}

/// The members of one JSON object being decoded: typed getters that report wrong types, and a
/// final check that names every member nobody asked for.
struct Fields {
    let object: JSONObject
    let path: String
    private var taken = Set<String>()

    init(_ object: JSONObject, _ path: String) {
        self.object = object
        self.path = path
    }

    func at(_ key: String) -> String { path + "/" + jsonPointerEscape(key) }

    mutating func take(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        taken.insert(key)
        return value
    }

    mutating func any(_ key: String) -> JSONValue? { take(key) }

    /// `standIn` when the member is a placeholder string of a template (see `ASLDecoder.readsTemplates`).
    private func placeholder<T>(_ value: JSONValue, _ d: ASLDecoder, standIn: T) -> T? {
        guard d.readsTemplates, case .string(let text) = value, TemplatePlaceholders.contains(text) else { return nil }
        return standIn
    }

    mutating func string(_ key: String, _ d: inout ASLDecoder) -> String? {
        guard let value = take(key) else { return nil }
        if case .string(let s) = value { return s }
        d.report("WRONG_TYPE", at(key), "\(key) must be a string, found \(value.typeName)")
        return nil
    }

    mutating func bool(_ key: String, _ d: inout ASLDecoder) -> Bool? {
        guard let value = take(key) else { return nil }
        if case .bool(let b) = value { return b }
        if let standIn = placeholder(value, d, standIn: true) { return standIn }
        d.report("WRONG_TYPE", at(key), "\(key) must be true or false, found \(value.typeName)")
        return nil
    }

    mutating func number(_ key: String, _ d: inout ASLDecoder) -> JSONNumber? {
        guard let value = take(key) else { return nil }
        if case .number(let n) = value { return n }
        if let standIn = placeholder(value, d, standIn: JSONNumber(1)) { return standIn }
        d.report("WRONG_TYPE", at(key), "\(key) must be a number, found \(value.typeName)")
        return nil
    }

    mutating func int(_ key: String, _ d: inout ASLDecoder) -> Int? {
        guard let value = take(key) else { return nil }
        if case .number(let n) = value {
            if let i = n.intValue { return i }
            d.report("WRONG_TYPE", at(key), "\(key) must be an integer, found \(n)")
            return nil
        }
        // The largest value every integer field accepts, so that a stand-in timeout stays longer than a heartbeat.
        if let standIn = placeholder(value, d, standIn: maxSeconds) { return standIn }
        d.report("WRONG_TYPE", at(key), "\(key) must be an integer, found \(value.typeName)")
        return nil
    }

    mutating func computedInt(_ key: String, _ d: inout ASLDecoder) -> Computed<Int>? {
        computed(key, "an integer", &d) { fields, d in fields.int(key, &d) }
    }

    mutating func computedNumber(_ key: String, _ d: inout ASLDecoder) -> Computed<JSONNumber>? {
        computed(key, "a number", &d) { fields, d in fields.number(key, &d) }
    }

    /// A JSONata expression string, or a literal read by `literal` (which also stands in for a
    /// template's placeholder).
    private mutating func computed<Value>(
        _ key: String, _ kind: String, _ d: inout ASLDecoder, _ literal: (inout Fields, inout ASLDecoder) -> Value?
    ) -> Computed<Value>? {
        guard let value = object[key] else { return nil }
        if case .string(let s) = value {
            if s.isJSONataExpression {
                taken.insert(key)
                return .expression(s)
            }
            if placeholder(value, d, standIn: ()) == nil {
                taken.insert(key)
                d.report("WRONG_TYPE", at(key), "\(key) must be \(kind) or a JSONata expression \"{% … %}\", found the string \"\(s)\"")
                return nil
            }
        }
        return literal(&self, &d).map { .value($0) }
    }

    mutating func pathOrNull(_ key: String, _ d: inout ASLDecoder) -> PathOrNull? {
        guard let value = take(key) else { return nil }
        switch value {
        case .null: return .null
        case .string(let s): return .path(s)
        default:
            d.report("WRONG_TYPE", at(key), "\(key) must be a path string or null, found \(value.typeName)")
            return nil
        }
    }

    mutating func object(_ key: String, _ d: inout ASLDecoder) -> JSONObject? {
        guard let value = take(key) else { return nil }
        if case .object(let o) = value { return o }
        if let standIn = placeholder(value, d, standIn: JSONObject()) { return standIn }
        d.report("WRONG_TYPE", at(key), "\(key) must be a JSON object, found \(value.typeName)")
        return nil
    }

    mutating func array(_ key: String, _ d: inout ASLDecoder) -> [JSONValue]? {
        guard let value = take(key) else { return nil }
        if case .array(let a) = value { return a }
        if let standIn = placeholder(value, d, standIn: [JSONValue]()) { return standIn }
        d.report("WRONG_TYPE", at(key), "\(key) must be an array, found \(value.typeName)")
        return nil
    }

    mutating func stringArray(_ key: String, _ d: inout ASLDecoder) -> [String]? {
        guard let items = array(key, &d) else { return nil }
        var strings: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item { strings.append(s) } else {
                d.report("WRONG_TYPE", at(key) + "/\(i)", "\(key) must hold strings, found \(item.typeName)")
            }
        }
        return strings
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type, _ d: inout ASLDecoder) -> E?
    where E.RawValue == String {
        guard let raw = string(key, &d) else { return nil }
        if let value = E(rawValue: raw) { return value }
        let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        d.report("INVALID_VALUE", at(key), "\(key) is \"\(raw)\"; expected one of \(allowed)")
        return nil
    }

    /// Reports every member that no getter consumed.
    func finish(_ d: inout ASLDecoder, what: String) {
        for key in object.keys where !taken.contains(key) {
            d.report("UNKNOWN_FIELD", at(key), "unknown field \"\(key)\" in \(what)")
        }
    }
}
