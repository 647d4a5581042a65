import StepwiseJSON

/// Prints the typed model as ASL JSON, fields in the conventional order (`Type` first,
/// transitions last), only the fields that are set.
public enum ASLEncoder {
    public static func encode(_ machine: StateMachine) -> JSONValue {
        .object(machineObject(machine))
    }

    /// One state as its ASL JSON object.
    public static func encode(_ state: State) -> JSONValue {
        .object(stateObject(state))
    }

    static func machineObject(_ m: StateMachine) -> JSONObject {
        var o = JSONObject()
        o["Comment"] = m.comment.map(JSONValue.string)
        o["QueryLanguage"] = m.queryLanguage.map { .string($0.rawValue) }
        if let pc = m.processorConfig {
            var c = JSONObject()
            c["Mode"] = pc.mode.map { .string($0.rawValue) }
            c["ExecutionType"] = pc.executionType.map { .string($0.rawValue) }
            o["ProcessorConfig"] = .object(c)
        }
        o["StartAt"] = .string(m.startAt)
        var states = JSONObject()
        for (name, state) in m.states { states[name] = .object(stateObject(state)) }
        o["States"] = .object(states)
        o["TimeoutSeconds"] = m.timeoutSeconds.map { .number($0) }
        o["Version"] = m.version.map(JSONValue.string)
        return o
    }

    static func computed(_ c: Computed<Int>?) -> JSONValue? {
        switch c {
        case .none: return nil
        case .value(let v)?: return .number(v)
        case .expression(let e)?: return .string(e)
        }
    }

    static func computed(_ c: Computed<JSONNumber>?) -> JSONValue? {
        switch c {
        case .none: return nil
        case .value(let v)?: return .number(v)
        case .expression(let e)?: return .string(e)
        }
    }

    static func path(_ p: PathOrNull?) -> JSONValue? {
        switch p {
        case .none: return nil
        case .null?: return .null
        case .path(let s)?: return .string(s)
        }
    }

    static func strings(_ list: [String]?) -> JSONValue? { list.map { .array($0.map(JSONValue.string)) } }

    static func stateObject(_ s: State) -> JSONObject {
        var o = JSONObject()
        o["Type"] = .string(s.type.rawValue)
        o["Comment"] = s.comment.map(JSONValue.string)
        o["QueryLanguage"] = s.queryLanguage.map { .string($0.rawValue) }
        o["Resource"] = s.resource.map(JSONValue.string)
        o["Credentials"] = s.credentials
        o["InputPath"] = path(s.inputPath)
        o["ItemReader"] = s.itemReader.map { .object(itemReaderObject($0)) }
        o["ItemsPath"] = s.itemsPath.map(JSONValue.string)
        o["Items"] = s.items
        o["ItemSelector"] = s.itemSelector
        o["ItemBatcher"] = s.itemBatcher.map { .object(itemBatcherObject($0)) }
        o["MaxConcurrency"] = computed(s.maxConcurrency)
        o["MaxConcurrencyPath"] = s.maxConcurrencyPath.map(JSONValue.string)
        o["ToleratedFailurePercentage"] = computed(s.toleratedFailurePercentage)
        o["ToleratedFailurePercentagePath"] = s.toleratedFailurePercentagePath.map(JSONValue.string)
        o["ToleratedFailureCount"] = computed(s.toleratedFailureCount)
        o["ToleratedFailureCountPath"] = s.toleratedFailureCountPath.map(JSONValue.string)
        o["Label"] = s.label.map(JSONValue.string)
        o["Iterator"] = s.iterator.map { .object(machineObject($0)) }
        o["ItemProcessor"] = s.itemProcessor.map { .object(machineObject($0)) }
        o["ResultWriter"] = s.resultWriter.map { .object(resultWriterObject($0)) }
        o["Branches"] = s.branches.map { .array($0.map { .object(machineObject($0)) }) }
        o["Parameters"] = s.parameters
        o["Arguments"] = s.arguments
        o["Result"] = s.result
        o["ResultSelector"] = s.resultSelector
        o["ResultPath"] = path(s.resultPath)
        o["Choices"] = s.choices.map { .array($0.map { .object(ruleObject($0)) }) }
        o["Seconds"] = computed(s.seconds)
        o["SecondsPath"] = s.secondsPath.map(JSONValue.string)
        o["Timestamp"] = s.timestamp.map(JSONValue.string)
        o["TimestampPath"] = s.timestampPath.map(JSONValue.string)
        o["TimeoutSeconds"] = computed(s.timeoutSeconds)
        o["TimeoutSecondsPath"] = s.timeoutSecondsPath.map(JSONValue.string)
        o["HeartbeatSeconds"] = computed(s.heartbeatSeconds)
        o["HeartbeatSecondsPath"] = s.heartbeatSecondsPath.map(JSONValue.string)
        o["Error"] = s.error.map(JSONValue.string)
        o["ErrorPath"] = s.errorPath.map(JSONValue.string)
        o["Cause"] = s.cause.map(JSONValue.string)
        o["CausePath"] = s.causePath.map(JSONValue.string)
        o["OutputPath"] = path(s.outputPath)
        o["Output"] = s.output
        o["Assign"] = s.assign
        o["Retry"] = s.retry.map { .array($0.map { .object(retrierObject($0)) }) }
        o["Catch"] = s.catch.map { .array($0.map { .object(catcherObject($0)) }) }
        o["Default"] = s.default.map(JSONValue.string)
        o["Next"] = s.next.map(JSONValue.string)
        o["End"] = s.end.map(JSONValue.bool)
        return o
    }

    static func retrierObject(_ r: Retrier) -> JSONObject {
        var o = JSONObject()
        o["Comment"] = r.comment.map(JSONValue.string)
        o["ErrorEquals"] = strings(r.errorEquals)
        o["IntervalSeconds"] = r.intervalSeconds.map { .number($0) }
        o["MaxAttempts"] = r.maxAttempts.map { .number($0) }
        o["BackoffRate"] = r.backoffRate.map(JSONValue.number)
        o["MaxDelaySeconds"] = r.maxDelaySeconds.map { .number($0) }
        o["JitterStrategy"] = r.jitterStrategy.map { .string($0.rawValue) }
        return o
    }

    static func catcherObject(_ c: Catcher) -> JSONObject {
        var o = JSONObject()
        o["Comment"] = c.comment.map(JSONValue.string)
        o["ErrorEquals"] = strings(c.errorEquals)
        o["ResultPath"] = path(c.resultPath)
        o["Output"] = c.output
        o["Assign"] = c.assign
        o["Next"] = .string(c.next)
        return o
    }

    static func ruleObject(_ r: ChoiceRule) -> JSONObject {
        var o = JSONObject()
        o["Comment"] = r.comment.map(JSONValue.string)
        switch r.condition {
        case .and(let rules): o["And"] = .array(rules.map { .object(ruleObject($0)) })
        case .or(let rules): o["Or"] = .array(rules.map { .object(ruleObject($0)) })
        case .not(let rule): o["Not"] = .object(ruleObject(rule))
        case .jsonata(let condition): o["Condition"] = condition
        case .comparison(let c):
            o["Variable"] = .string(c.variable)
            o[c.op.rawValue] = c.operand
        }
        o["Output"] = r.output
        o["Assign"] = r.assign
        o["Next"] = r.next.map(JSONValue.string)
        return o
    }

    static func itemReaderObject(_ r: ItemReader) -> JSONObject {
        var o = JSONObject()
        o["Resource"] = .string(r.resource)
        if let rc = r.readerConfig {
            var c = JSONObject()
            c["InputType"] = rc.inputType.map(JSONValue.string)
            c["CSVHeaderLocation"] = rc.csvHeaderLocation.map(JSONValue.string)
            c["CSVHeaders"] = strings(rc.csvHeaders)
            c["CSVDelimiter"] = rc.csvDelimiter.map(JSONValue.string)
            c["MaxItems"] = computed(rc.maxItems)
            c["MaxItemsPath"] = rc.maxItemsPath.map(JSONValue.string)
            c["ManifestType"] = rc.manifestType.map(JSONValue.string)
            o["ReaderConfig"] = .object(c)
        }
        o["Parameters"] = r.parameters
        o["Arguments"] = r.arguments
        return o
    }

    static func itemBatcherObject(_ b: ItemBatcher) -> JSONObject {
        var o = JSONObject()
        o["MaxItemsPerBatch"] = computed(b.maxItemsPerBatch)
        o["MaxItemsPerBatchPath"] = b.maxItemsPerBatchPath.map(JSONValue.string)
        o["MaxInputBytesPerBatch"] = computed(b.maxInputBytesPerBatch)
        o["MaxInputBytesPerBatchPath"] = b.maxInputBytesPerBatchPath.map(JSONValue.string)
        o["BatchInput"] = b.batchInput
        return o
    }

    static func resultWriterObject(_ w: ResultWriter) -> JSONObject {
        var o = JSONObject()
        o["Resource"] = w.resource.map(JSONValue.string)
        if let wc = w.writerConfig {
            var c = JSONObject()
            c["OutputType"] = wc.outputType.map(JSONValue.string)
            c["Transformation"] = wc.transformation.map(JSONValue.string)
            o["WriterConfig"] = .object(c)
        }
        o["Parameters"] = w.parameters
        o["Arguments"] = w.arguments
        return o
    }
}
