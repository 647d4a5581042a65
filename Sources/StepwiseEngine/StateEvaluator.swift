import Foundation
import StatesLanguage
import StepwiseAlgorithms
import StepwiseJSON
import Synchronization

/// The result of finishing a state: its output and the variables it assigns.
struct StateOutcome: Sendable {
    var output: JSONValue
    var assigned: JSONObject?
}

/// A runtime error in a JSONata expression, with the field it was evaluated for (AWS reports
/// it in the `EvaluationFailed` event).
struct EvaluationFailure: Error {
    let error: StatesError
    let location: String?
}

/// Evaluates the data flow of one state for one thread: the query-language-specific part of
/// the interpreter. Everything it needs is captured at creation; it touches nothing else.
struct StateEvaluator {
    let state: CompiledState
    let input: JSONValue
    var context: JSONValue
    let variables: [String: JSONValue]
    var random: SplitMix64
    /// The time the state is evaluated at (JSONata's `$now()`), so replays evaluate identically.
    let now: Date

    private var fields: JSONPathState { state.jsonPath! }
    private var isJSONata: Bool { state.language == .jsonata }

    /// `InputPath` (JSONPath); JSONata states see their whole input.
    func effectiveInput() throws -> JSONValue {
        if isJSONata { return input }
        return try field("InputPath") { try JSONPathDataFlow.inputPath(fields.inputPath, input: input, context: context, variables: variables) }
    }

    /// What a Task receives / a Parallel passes to its branches: `Parameters` or `Arguments`.
    mutating func taskInput(_ effective: JSONValue) throws -> JSONValue {
        if isJSONata {
            guard let arguments = state.state.arguments else { return effective }
            return try jsonata(arguments, field: "Arguments")
        }
        let runtime = intrinsicRuntime()
        return try field("Parameters") {
            try JSONPathDataFlow.parameters(fields.parameters, effectiveInput: effective, context: context, variables: variables, runtime: runtime)
        }
    }

    /// A Pass state's result: `Result`, else `Parameters` applied, else its effective input.
    mutating func passResult(_ effective: JSONValue) throws -> JSONValue {
        if isJSONata { return input }
        if let result = state.state.result { return result }
        return try taskInput(effective)
    }

    /// `ResultSelector` → `ResultPath` → `OutputPath` and `Assign` (JSONPath), or `Output` and
    /// `Assign` (JSONata).
    mutating func finish(result: JSONValue, effective: JSONValue) throws -> StateOutcome {
        if isJSONata {
            let output = try state.state.output.map { try jsonata($0, field: "Output", result: result) } ?? result
            let assigned = try state.state.assign.map { try jsonataAssign($0, result: result) }
            return StateOutcome(output: output, assigned: assigned)
        }
        let runtime = intrinsicRuntime()
        let selected = try field("ResultSelector") {
            try JSONPathDataFlow.resultSelector(fields.resultSelector, result: result, context: context, variables: variables, runtime: runtime)
        }
        let assigned = try field("Assign") {
            try fields.assign.map { template throws in
                try assignment(template.evaluate(input: selected, context: context, variables: variables, runtime: runtime))
            }
        }
        let placed = try field("ResultPath") { try JSONPathDataFlow.resultPath(fields.resultPath, result: selected, input: input) }
        let output = try field("OutputPath") { try JSONPathDataFlow.outputPath(fields.outputPath, output: placed, context: context, variables: variables) }
        return StateOutcome(output: output, assigned: assigned)
    }

    /// The Choice state's decision: the target state and the outcome of leaving by it.
    mutating func choose() throws -> (Int?, StateOutcome) {
        let rules = state.state.choices ?? []
        if isJSONata {
            for (index, rule) in rules.enumerated() {
                guard case .jsonata(let condition) = rule.condition else { continue }
                let value = try jsonata(condition, field: "Choices[\(index)]/Condition", expecting: "boolean")
                if value == true { return (state.choiceTargets[index], try ruleOutcome(rule, index: index)) }
            }
            guard let target = state.defaultIndex else { throw CompiledChoiceState.noChoiceMatched }
            let output = try state.state.output.map { try jsonata($0, field: "Output") } ?? input
            let assigned = try state.state.assign.map { try jsonataAssign($0, result: nil) }
            return (target, StateOutcome(output: output, assigned: assigned))
        }
        let effective = try effectiveInput()
        let selection = try field("Choices") { try fields.choice!.select(input: effective, context: context, variables: variables) }
        let output = try field("OutputPath") { try JSONPathDataFlow.outputPath(fields.outputPath, output: effective, context: context, variables: variables) }
        var assigned: JSONObject?
        if let index = selection.ruleIndex {
            if let template = fields.choiceAssigns[index] {
                let runtime = intrinsicRuntime()
                assigned = try field("Choices[\(index)]/Assign") {
                    try assignment(template.evaluate(input: effective, context: context, variables: variables, runtime: runtime))
                }
            }
            return (state.choiceTargets[index], StateOutcome(output: output, assigned: assigned))
        }
        if let template = fields.assign {
            let runtime = intrinsicRuntime()
            assigned = try field("Assign") { try assignment(template.evaluate(input: effective, context: context, variables: variables, runtime: runtime)) }
        }
        return (state.defaultIndex, StateOutcome(output: output, assigned: assigned))
    }

    private func ruleOutcome(_ rule: ChoiceRule, index: Int) throws -> StateOutcome {
        let output = try rule.output.map { try jsonata($0, field: "Choices[\(index)]/Output") } ?? input
        let assigned = try rule.assign.map { try jsonataAssign($0, result: nil, field: "Choices[\(index)]/Assign") }
        return StateOutcome(output: output, assigned: assigned)
    }

    /// When a Wait state ends.
    mutating func waitDeadline(now: Date) throws -> Date {
        let s = state.state
        if isJSONata {
            if let seconds = s.seconds {
                return now.addingTimeInterval(Double(try jsonataInteger(seconds, field: "Seconds", minimum: 0)))
            }
            if let timestamp = s.timestamp {
                let value = try jsonata(.string(timestamp), field: "Timestamp", expecting: "string")
                guard case .string(let text) = value, let parsed = Timestamp(rfc3339: text) else {
                    throw Self.failure(
                        "The JSONata expression '\(JSONataExpressions.source(of: timestamp))' specified for the field 'Timestamp' does not evaluate to a valid ISO-8601 extended offset date-time format string: \(JSONSerializer.string(value))",
                        "Timestamp")
                }
                return parsed.date
            }
            return now
        }
        let effective = try effectiveInput()
        if case .value(let seconds)? = s.seconds { return now.addingTimeInterval(Double(seconds)) }
        if let timestamp = s.timestamp, let parsed = Timestamp(rfc3339: timestamp) { return parsed.date }
        if let path = fields.secondsPath {
            let seconds = try field("SecondsPath") { try JSONPathDataFlow.waitSeconds(path, input: effective, context: context, variables: variables) }
            return now.addingTimeInterval(Double(seconds))
        }
        if let path = fields.timestampPath {
            return try field("TimestampPath") { try JSONPathDataFlow.waitTimestamp(path, input: effective, context: context, variables: variables) }
        }
        return now
    }

    /// The error and cause a Fail state ends with.
    mutating func failure() throws -> StatesError {
        let s = state.state
        if isJSONata {
            let error = try s.error.map { try jsonataString($0, field: "Error") }
            let cause = try s.cause.map { try jsonataString($0, field: "Cause") }
            return StatesError(error ?? "", cause ?? "")
        }
        let runtime = intrinsicRuntime()
        let error = try field("ErrorPath") {
            try fields.errorPath.map { try JSONPathDataFlow.failError($0, input: input, context: context, variables: variables, runtime: runtime) }
        }
        let cause = try field("CausePath") {
            try fields.causePath.map { try JSONPathDataFlow.failCause($0, input: input, context: context, variables: variables, runtime: runtime) }
        }
        return StatesError(error ?? s.error ?? "", cause ?? s.cause ?? "")
    }

    /// `TimeoutSeconds(Path)` and `HeartbeatSeconds(Path)` of a Task.
    mutating func taskTimeouts(_ effective: JSONValue) throws -> (Int?, Int?) {
        let s = state.state
        if isJSONata {
            let timeout = try s.timeoutSeconds.map { try jsonataInteger($0, field: "TimeoutSeconds", minimum: 1) }
            let heartbeat = try s.heartbeatSeconds.map { try jsonataInteger($0, field: "HeartbeatSeconds", minimum: 1) }
            return (timeout, heartbeat)
        }
        var timeout = s.timeoutSeconds?.value
        var heartbeat = s.heartbeatSeconds?.value
        if let path = fields.timeoutSecondsPath {
            timeout = try field("TimeoutSecondsPath") { try JSONPathDataFlow.timeoutSeconds(path, input: effective, context: context, variables: variables) }
        }
        if let path = fields.heartbeatSecondsPath {
            heartbeat = try field("HeartbeatSecondsPath") { try JSONPathDataFlow.heartbeatSeconds(path, input: effective, context: context, variables: variables) }
        }
        return (timeout, heartbeat)
    }

    /// The items a Map iterates over.
    mutating func mapItems(_ effective: JSONValue) throws -> [JSONValue] {
        if isJSONata {
            guard let items = state.state.items else {
                guard case .array(let array) = input else {
                    throw Self.failure("Map state input must be an array but was: \(JSONSerializer.string(input))", "Items")
                }
                return array
            }
            return try jsonata(items, field: "Items", expecting: "array").arrayValue ?? []
        }
        return try field("ItemsPath") { try JSONPathDataFlow.items(fields.itemsPath!, input: effective, context: context, variables: variables) }
    }

    mutating func maxConcurrency(_ effective: JSONValue) throws -> Int {
        let s = state.state
        if !isJSONata, let path = fields.maxConcurrencyPath {
            return try field("MaxConcurrencyPath") { try JSONPathDataFlow.maxConcurrency(path, input: effective, context: context, variables: variables) }
        }
        guard let concurrency = s.maxConcurrency else { return 0 }
        return try isJSONata ? jsonataInteger(concurrency, field: "MaxConcurrency", minimum: 0) : concurrency.value ?? 0
    }

    mutating func toleratedFailure(_ effective: JSONValue) throws -> (count: Int?, percentage: Double?) {
        let s = state.state
        var count = s.toleratedFailureCount?.value
        var percentage = s.toleratedFailurePercentage?.value?.doubleValue
        if isJSONata {
            if case .expression? = s.toleratedFailureCount {
                count = try jsonataInteger(s.toleratedFailureCount!, field: "ToleratedFailureCount", minimum: 0)
            }
            if case .expression(let text)? = s.toleratedFailurePercentage {
                percentage = try jsonata(.string(text), field: "ToleratedFailurePercentage", expecting: "number").doubleValue
            }
            return (count, percentage)
        }
        if let path = fields.toleratedFailureCountPath {
            count = try field("ToleratedFailureCountPath") {
                try JSONPathDataFlow.toleratedFailureCount(path, input: effective, context: context, variables: variables)
            }
        }
        if let path = fields.toleratedFailurePercentagePath {
            percentage = try field("ToleratedFailurePercentagePath") {
                try JSONPathDataFlow.toleratedFailurePercentage(path, input: effective, context: context, variables: variables)
            }
        }
        return (count, percentage)
    }

    /// One iteration's input: `ItemSelector` (or legacy `Parameters`) with `$$.Map.Item`, else the item.
    mutating func mapItemInput(_ item: JSONValue, index: Int, effective: JSONValue) throws -> JSONValue {
        if isJSONata {
            guard let selector = state.state.itemSelector else { return item }
            return try jsonata(selector, field: "ItemSelector")
        }
        guard let template = fields.itemSelector ?? fields.parameters else { return item }
        let runtime = intrinsicRuntime()
        return try field("ItemSelector") { try template.evaluate(input: effective, context: context, variables: variables, runtime: runtime) }
    }

    /// Leaving by a Catcher: the error output placed by its `ResultPath` (or `Output`), and its `Assign`.
    mutating func catchOutcome(_ catcher: Catcher, error: StatesError) throws -> StateOutcome {
        let errorOutput: JSONValue = ["Error": .string(error.error), "Cause": .string(error.cause)]
        let index = state.state.catch?.firstIndex(of: catcher) ?? 0
        if isJSONata {
            let output = try catcher.output.map { try jsonata($0, field: "Catch[\(index)]/Output", errorOutput: errorOutput) } ?? errorOutput
            let assigned = try catcher.assign.map {
                try jsonataAssign($0, result: nil, errorOutput: errorOutput, field: "Catch[\(index)]/Assign")
            }
            return StateOutcome(output: output, assigned: assigned)
        }
        let runtime = intrinsicRuntime()
        let assigned = try field("Catch[\(index)]/Assign") {
            try fields.catchAssigns[index].map { template throws in
                try assignment(template.evaluate(input: errorOutput, context: context, variables: variables, runtime: runtime))
            }
        }
        let output = try field("Catch[\(index)]/ResultPath") {
            try JSONPathDataFlow.resultPath(fields.catchResultPaths[index], result: errorOutput, input: input)
        }
        return StateOutcome(output: output, assigned: assigned)
    }

    // MARK: - Helpers

    /// Evaluates a JSONPath field. A limit it runs into (its work budget, the depth of JSON data)
    /// fails the state with a catchable error naming the field, as a JSONata field's would.
    private func field<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StatesError where error.limit != nil {
            throw Self.failure("The field '\(name)' of state '\(state.name)' could not be evaluated: \(error.cause).", name)
        }
    }

    private func assignment(_ value: JSONValue) -> JSONObject {
        value.objectValue ?? [:]
    }

    mutating func intrinsicRuntime() -> IntrinsicRuntime {
        let seed = random.next()
        let generator = SeededSource(seed: seed)
        return IntrinsicRuntime(random: { generator.nextUnit() }, uuid: { generator.nextUUID() })
    }
}

/// Random numbers and UUIDs for intrinsic functions, derived from the execution's generator so
/// that an execution replays identically.
final class SeededSource: Sendable {
    private let state: Mutex<SplitMix64>

    init(seed: UInt64) { state = Mutex(SplitMix64(seed: seed)) }

    func nextUnit() -> Double { state.withLock { $0.nextUnit() } }

    func nextUUID() -> UUID {
        let (a, b) = state.withLock { ($0.next(), $0.next()) }
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
