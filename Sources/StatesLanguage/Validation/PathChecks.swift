/// What a JSONPath state's path fields must parse as.
enum PathRule {
    /// Any JSONPath from the input (`$`), the context object (`$$`) or a variable (`$name`):
    /// InputPath, OutputPath and `.$` template values.
    case path
    /// Only single names and indexes (`$.a.b[0]`), from any root: Variable, the `…Path`
    /// comparison operands, ItemsPath, SecondsPath, TimestampPath, the timeout paths.
    case referencePath
    /// A reference path into the data, not the context object: the number paths of Map states.
    case dataReference
    /// A reference path into the state's input: ResultPath, which says where a result goes.
    case inputReference

    var description: String {
        switch self {
        case .path: return "a JSONPath"
        case .referencePath: return "a reference path (only .name, ['name'] and [index] steps; no wildcards, filters, slices or '..')"
        case .dataReference: return "a reference path into the input or a variable (only .name, ['name'] and [index] steps, not the context object $$)"
        case .inputReference: return "a reference path into the state input (starting with '$', only .name, ['name'] and [index] steps)"
        }
    }

    func accepts(_ path: JSONPath) -> Bool {
        switch self {
        case .path: return true
        case .referencePath: return path.isReferencePath
        case .dataReference: return path.isReferencePath && path.root != .context
        case .inputReference: return path.isReferencePath && path.root == .input
        }
    }
}

extension ValidationRun {
    /// Reports `text` (the value of the field described by `what`) unless it parses and fits `rule`.
    /// The path and the description are only worked out for a report: payload walks call this
    /// for every `.$` member.
    mutating func checkPath(_ text: String, _ rule: PathRule, at path: @autoclosure () -> String, what: @autoclosure () -> String) {
        do {
            let parsed = try JSONPath.parse(text)
            if !rule.accepts(parsed) {
                report(.invalidPath, path(), "\(what()) is \"\(text)\"; it must be \(rule.description)")
            }
            checkUnquotedWords(parsed, in: text, at: path(), what: what())
        } catch {
            report(.invalidPath, path(), "\(what()) is \"\(text)\", which is not \(rule.description): \(error)")
        }
    }

    /// A value that may also be an intrinsic function call (`.$` template values, ErrorPath, CausePath).
    mutating func checkPathOrIntrinsic(_ text: String, _ rule: PathRule, at path: @autoclosure () -> String, what: @autoclosure () -> String) {
        guard IntrinsicFunction.isCall(text) else {
            checkPath(text, rule, at: path(), what: what())
            return
        }
        do {
            var calls = [try IntrinsicFunction.parse(text)]
            while let call = calls.popLast() {
                for argument in call.arguments {
                    switch argument {
                    case .path(let parsed): checkUnquotedWords(parsed, in: text, at: path(), what: what())
                    case .call(let inner): calls.append(inner)
                    case .string, .number, .boolean, .null: break
                    }
                }
            }
        } catch {
            report(.invalidIntrinsic, path(), "\(what()) is \"\(text)\", which is not a valid intrinsic function call: \(error)")
        }
    }

    private mutating func checkUnquotedWords(_ parsed: JSONPath, in text: String, at path: @autoclosure () -> String, what: @autoclosure () -> String) {
        for word in parsed.unquotedFilterWords {
            report(.unquotedFilterWord, path(),
                   "\(what()) is \"\(text)\", whose filter compares with the unquoted word \(word); AWS accepts that without saying what it means, and Stepwise compares it as the string '\(word)': quote it to be sure",
                   severity: .warning)
        }
    }

    /// The path fields of a JSONPath state (in a JSONata state they are already reported as
    /// fields of the wrong query language).
    mutating func checkStatePaths(_ s: StateScope) {
        guard !s.isJSONata else { return }
        let state = s.state
        let type = state.type
        func allowed(_ field: ASLField) -> Bool { field.stateTypes.contains(type) }
        func what(_ key: String) -> String { "\(key) of \(s.title)" }
        if allowed(.inputPath), let text = state.inputPath?.path { checkPath(text, .path, at: s.at("InputPath"), what: what("InputPath")) }
        if allowed(.outputPath), let text = state.outputPath?.path { checkPath(text, .path, at: s.at("OutputPath"), what: what("OutputPath")) }
        if allowed(.resultPath), let text = state.resultPath?.path { checkPath(text, .inputReference, at: s.at("ResultPath"), what: what("ResultPath")) }
        let references: [(ASLField, String?, PathRule)] = [
            (.timeoutSecondsPath, state.timeoutSecondsPath, .referencePath),
            (.heartbeatSecondsPath, state.heartbeatSecondsPath, .referencePath),
            (.secondsPath, state.secondsPath, .referencePath),
            (.timestampPath, state.timestampPath, .referencePath),
            (.itemsPath, state.itemsPath, .referencePath),
            (.maxConcurrencyPath, state.maxConcurrencyPath, .dataReference),
            (.toleratedFailurePercentagePath, state.toleratedFailurePercentagePath, .dataReference),
            (.toleratedFailureCountPath, state.toleratedFailureCountPath, .dataReference),
        ]
        for (field, text, rule) in references where allowed(field) {
            if let text { checkPath(text, rule, at: s.at(field.key), what: what(field.key)) }
        }
        for (field, text) in [(ASLField.errorPath, state.errorPath), (.causePath, state.causePath)] where allowed(field) {
            guard let text else { continue }
            checkPathOrIntrinsic(text, .referencePath, at: s.at(field.key), what: what(field.key))
            if let call = try? IntrinsicFunction.parse(text), !call.name.mayReturnString {
                report(.invalidIntrinsic, s.at(field.key),
                       "\(what(field.key)) is \"\(text)\", but \(call.name.rawValue) does not return a string; the error and cause of a Fail state are strings (use States.Format, States.JsonToString, States.ArrayGetItem, States.Base64Encode, States.Base64Decode, States.Hash or States.UUID)")
            }
        }
        guard type == .map else { return }
        if let text = state.itemReader?.readerConfig?.maxItemsPath {
            checkPath(text, .dataReference, at: s.at("ItemReader") + "/ReaderConfig/MaxItemsPath", what: "MaxItemsPath of the ItemReader of \(s.title)")
        }
        if let batcher = state.itemBatcher {
            for (key, text) in [("MaxItemsPerBatchPath", batcher.maxItemsPerBatchPath), ("MaxInputBytesPerBatchPath", batcher.maxInputBytesPerBatchPath)] {
                if let text { checkPath(text, .dataReference, at: s.at("ItemBatcher") + "/" + key, what: "\(key) of the ItemBatcher of \(s.title)") }
            }
        }
    }
}
