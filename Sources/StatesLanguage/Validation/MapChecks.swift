import StepwiseJSON

/// Map states: one item processor, its ProcessorConfig, the fields only a distributed Map has,
/// the query language and ranges of ItemReader / ItemBatcher / ResultWriter members, and the
/// numbers of the state itself.
extension ValidationRun {
    mutating func checkMap(_ s: StateScope) {
        let state = s.state
        guard let processor = state.mapProcessor else {
            report(.missingField, s.path, "\(s.title) has no \"ItemProcessor\"; add the state machine to run for each item")
            return
        }
        let processorPath = s.at(state.itemProcessor != nil ? "ItemProcessor" : "Iterator")
        let config = processor.processorConfig
        let distributed = config?.mode == .distributed
        if distributed, config?.executionType == nil {
            report(.missingField, processorPath + "/ProcessorConfig",
                   "ProcessorConfig of \(s.title) has Mode DISTRIBUTED but no ExecutionType; add \"ExecutionType\": \"STANDARD\" or \"EXPRESS\"")
        }
        if !distributed, let executionType = config?.executionType {
            report(.fieldNotAllowed, processorPath + "/ProcessorConfig/ExecutionType",
                   "ProcessorConfig of \(s.title) has ExecutionType \(executionType.rawValue) but the Map is INLINE; child workflow executions exist only with \"Mode\": \"DISTRIBUTED\"")
        }
        if !distributed {
            let distributedOnly: [(String, Bool)] = [
                ("ItemReader", state.itemReader != nil), ("ItemBatcher", state.itemBatcher != nil),
                ("ResultWriter", state.resultWriter != nil),
            ]
            for (key, present) in distributedOnly where present {
                report(.fieldNotAllowed, s.at(key),
                       "\(s.title) is an inline Map, which cannot have \"\(key)\"; set \"Mode\": \"DISTRIBUTED\" in the ProcessorConfig of its ItemProcessor")
            }
        }
        checkMinimum(state.maxConcurrency, 0, at: s.at("MaxConcurrency"), what: "MaxConcurrency of \(s.title)")
        checkMinimum(state.toleratedFailureCount, 0, at: s.at("ToleratedFailureCount"), what: "ToleratedFailureCount of \(s.title)")
        if case .value(let percentage)? = state.toleratedFailurePercentage,
           percentage < JSONNumber(0) || JSONNumber(100) < percentage {
            report(.outOfRange, s.at("ToleratedFailurePercentage"), "ToleratedFailurePercentage of \(s.title) is \(percentage); it must be from 0 to 100")
        }
        if let items = state.items, s.isJSONata, items.arrayValue == nil, !(items.stringValue?.isJSONataExpression ?? false) {
            report(.wrongType, s.at("Items"), "Items of \(s.title) must be an array or a JSONata expression \"{% … %}\" producing one, found \(items.typeName)")
        }
        checkItemReader(s)
        checkItemBatcher(s)
        if let writer = state.resultWriter {
            checkLanguagePair(parameters: writer.parameters != nil, arguments: writer.arguments != nil, at: s.at("ResultWriter"), in: s)
        }
    }

    private mutating func checkItemReader(_ s: StateScope) {
        guard let reader = s.state.itemReader else { return }
        let path = s.at("ItemReader")
        checkLanguagePair(parameters: reader.parameters != nil, arguments: reader.arguments != nil, at: path, in: s)
        guard let config = reader.readerConfig else { return }
        checkComputedPair(config.maxItems, config.maxItemsPath, "MaxItems", at: path + "/ReaderConfig", in: s)
        checkRange(config.maxItems, 0...100_000_000, at: path + "/ReaderConfig/MaxItems", what: "MaxItems of the ItemReader of \(s.title)")
    }

    private mutating func checkItemBatcher(_ s: StateScope) {
        guard let batcher = s.state.itemBatcher else { return }
        let path = s.at("ItemBatcher")
        checkComputedPair(batcher.maxItemsPerBatch, batcher.maxItemsPerBatchPath, "MaxItemsPerBatch", at: path, in: s)
        checkComputedPair(batcher.maxInputBytesPerBatch, batcher.maxInputBytesPerBatchPath, "MaxInputBytesPerBatch", at: path, in: s)
        checkMinimum(batcher.maxItemsPerBatch, 0, at: path + "/MaxItemsPerBatch", what: "MaxItemsPerBatch of \(s.title)")
        checkMinimum(batcher.maxInputBytesPerBatch, 0, at: path + "/MaxInputBytesPerBatch", what: "MaxInputBytesPerBatch of \(s.title)")
    }

    /// `Parameters` (JSONPath) and `Arguments` (JSONata) of an ItemReader or ResultWriter.
    private mutating func checkLanguagePair(parameters: Bool, arguments: Bool, at path: String, in s: StateScope) {
        if parameters, s.isJSONata {
            report(.queryLanguageMismatch, path + "/Parameters", "\"Parameters\" is a JSONPath field, but \(s.title) uses JSONata (from \(s.languageOrigin)); use Arguments")
        }
        if arguments, !s.isJSONata {
            report(.queryLanguageMismatch, path + "/Arguments", "\"Arguments\" is a JSONata field, but \(s.title) uses JSONPath (from \(s.languageOrigin)); use Parameters")
        }
    }

    /// A literal-or-expression field of an ItemReader/ItemBatcher and its `…Path` twin.
    private mutating func checkComputedPair(_ value: Computed<Int>?, _ pathValue: String?, _ key: String, at path: String, in s: StateScope) {
        if pathValue != nil, s.isJSONata {
            report(.queryLanguageMismatch, path + "/\(key)Path", "\"\(key)Path\" is a JSONPath field, but \(s.title) uses JSONata (from \(s.languageOrigin)); use \(key) with a {% … %} expression")
        } else if value != nil, pathValue != nil {
            report(.conflictingFields, path + "/\(key)Path", "\(s.title) has both \"\(key)\" and \"\(key)Path\"; use only one of them")
        }
        if case .expression? = value, !s.isJSONata {
            reportJSONataInJSONPath(s, at: path + "/\(key)", field: key)
        }
    }
}
