import StatesLanguage
import StepwiseJSON

/// The JSONPath fields of a state, parsed once when the definition is compiled.
struct JSONPathState: Sendable {
    let inputPath: JSONPathOrNull?
    let outputPath: JSONPathOrNull?
    let resultPath: JSONPathOrNull?
    let parameters: PayloadTemplate?
    let resultSelector: PayloadTemplate?
    let itemSelector: PayloadTemplate?
    let assign: PayloadTemplate?
    let choice: CompiledChoiceState?
    let choiceAssigns: [PayloadTemplate?]
    let catchResultPaths: [JSONPathOrNull?]
    let catchAssigns: [PayloadTemplate?]
    let timeoutSecondsPath: JSONPath?
    let heartbeatSecondsPath: JSONPath?
    let secondsPath: JSONPath?
    let timestampPath: JSONPath?
    let itemsPath: JSONPath?
    let maxConcurrencyPath: JSONPath?
    let toleratedFailureCountPath: JSONPath?
    let toleratedFailurePercentagePath: JSONPath?
    let errorPath: DynamicValue?
    let causePath: DynamicValue?

    /// Parses every path and template of the state; a malformed one is a definition error.
    init(_ state: State, name: String) throws(StatesError) {
        func path(_ text: String?, _ field: String) throws(StatesError) -> JSONPath? {
            guard let text else { return nil }
            do {
                return try JSONPath.parse(text)
            } catch {
                throw StatesError(ErrorName.runtime, "State '\(name)': \(field) '\(text)' is not a valid JSONPath: \(error.message)")
            }
        }
        func nullable(_ value: PathOrNull?, _ field: String) throws(StatesError) -> JSONPathOrNull? {
            switch value {
            case nil: return nil
            case .null?: return .null
            case .path(let text)?: return try path(text, field).map { .path($0) }
            }
        }
        func template(_ value: JSONValue?) throws(StatesError) -> PayloadTemplate? {
            try value.map { value throws(StatesError) in try PayloadTemplate.compile(value) }
        }
        func dynamic(_ text: String?, _ field: String) throws(StatesError) -> DynamicValue? {
            guard let text else { return nil }
            do {
                return try DynamicValue.parse(text)
            } catch {
                throw StatesError(ErrorName.runtime, "State '\(name)': \(field) '\(text)' is not valid: \(error.message)")
            }
        }
        inputPath = try nullable(state.inputPath, "InputPath")
        outputPath = try nullable(state.outputPath, "OutputPath")
        resultPath = try nullable(state.resultPath, "ResultPath")
        parameters = try template(state.parameters)
        resultSelector = try template(state.resultSelector)
        itemSelector = try template(state.itemSelector)
        assign = try template(state.assign)
        if let choices = state.choices {
            choice = try CompiledChoiceState(choices: choices, default: state.default)
            var assigns: [PayloadTemplate?] = []
            for rule in choices { assigns.append(try template(rule.assign)) }
            choiceAssigns = assigns
        } else {
            choice = nil
            choiceAssigns = []
        }
        var resultPaths: [JSONPathOrNull?] = []
        var catchAssigns: [PayloadTemplate?] = []
        for catcher in state.catch ?? [] {
            resultPaths.append(try nullable(catcher.resultPath, "ResultPath"))
            catchAssigns.append(try template(catcher.assign))
        }
        catchResultPaths = resultPaths
        self.catchAssigns = catchAssigns
        timeoutSecondsPath = try path(state.timeoutSecondsPath, "TimeoutSecondsPath")
        heartbeatSecondsPath = try path(state.heartbeatSecondsPath, "HeartbeatSecondsPath")
        secondsPath = try path(state.secondsPath, "SecondsPath")
        timestampPath = try path(state.timestampPath, "TimestampPath")
        // A Map without ItemsPath iterates over its whole effective input.
        itemsPath = try path(state.type == .map ? state.itemsPath ?? "$" : state.itemsPath, "ItemsPath")
        maxConcurrencyPath = try path(state.maxConcurrencyPath, "MaxConcurrencyPath")
        toleratedFailureCountPath = try path(state.toleratedFailureCountPath, "ToleratedFailureCountPath")
        toleratedFailurePercentagePath = try path(state.toleratedFailurePercentagePath, "ToleratedFailurePercentagePath")
        errorPath = try dynamic(state.errorPath, "ErrorPath")
        causePath = try dynamic(state.causePath, "CausePath")
    }
}
