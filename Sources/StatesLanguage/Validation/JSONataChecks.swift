import Foundation
import JSONata
import StepwiseJSON

/// The `{% … %}` expressions of JSONata states must parse: AWS refuses the definition otherwise
/// (and the engine would, at CreateStateMachine). Every field that evaluates expressions is read,
/// at any depth of its JSON.
extension ValidationRun {
    mutating func checkJSONataExpressions(_ s: StateScope) {
        guard s.isJSONata else { return }
        let state = s.state
        func allowed(_ field: ASLField) -> Bool { field.stateTypes.contains(state.type) }
        let values: [(ASLField, JSONValue?)] = [
            (.arguments, state.arguments), (.output, state.output), (.assign, state.assign), (.items, state.items),
            (.itemSelector, state.itemSelector), (.credentials, state.credentials),
        ]
        for (field, value) in values where allowed(field) {
            if let value { checkJSONata(in: value, at: .start(s.at(field.key)), what: "\(field.key) of \(s.title)") }
        }
        let texts: [(ASLField, String?)] = [
            (.timeoutSeconds, state.timeoutSeconds.flatMap(\.expression)), (.heartbeatSeconds, state.heartbeatSeconds.flatMap(\.expression)),
            (.seconds, state.seconds.flatMap(\.expression)), (.maxConcurrency, state.maxConcurrency.flatMap(\.expression)),
            (.toleratedFailureCount, state.toleratedFailureCount.flatMap(\.expression)),
            (.toleratedFailurePercentage, state.toleratedFailurePercentage.flatMap(\.expression)),
            (.timestamp, state.timestamp), (.error, state.error), (.cause, state.cause),
        ]
        for (field, text) in texts where allowed(field) {
            if let text { checkJSONata(in: .string(text), at: .start(s.at(field.key)), what: "\(field.key) of \(s.title)") }
        }
        for (index, rule) in (allowed(.choices) ? state.choices ?? [] : []).enumerated() {
            let path = s.at("Choices") + "/\(index)"
            let what = "choice rule \(index) of \(s.title)"
            if case .jsonata(let condition) = rule.condition { checkJSONata(in: condition, at: .start(path + "/Condition"), what: "Condition of \(what)") }
            checkJSONata(in: rule.output, rule.assign, at: path, what: what)
        }
        for (index, catcher) in (allowed(.catch) ? state.catch ?? [] : []).enumerated() {
            checkJSONata(in: catcher.output, catcher.assign, at: s.at("Catch") + "/\(index)", what: "catcher \(index) of \(s.title)")
        }
        guard state.type == .map else { return }
        if let reader = state.itemReader {
            let path = s.at("ItemReader")
            if let arguments = reader.arguments { checkJSONata(in: arguments, at: .start(path + "/Arguments"), what: "Arguments of the ItemReader of \(s.title)") }
            if let maxItems = reader.readerConfig?.maxItems?.expression {
                checkJSONata(in: .string(maxItems), at: .start(path + "/ReaderConfig/MaxItems"), what: "MaxItems of the ItemReader of \(s.title)")
            }
        }
        if let batcher = state.itemBatcher {
            let path = s.at("ItemBatcher")
            let members: [(String, JSONValue?)] = [
                ("MaxItemsPerBatch", batcher.maxItemsPerBatch?.expression.map(JSONValue.string)),
                ("MaxInputBytesPerBatch", batcher.maxInputBytesPerBatch?.expression.map(JSONValue.string)),
                ("BatchInput", batcher.batchInput),
            ]
            for (key, value) in members {
                if let value { checkJSONata(in: value, at: .start(path + "/" + key), what: "\(key) of the ItemBatcher of \(s.title)") }
            }
        }
        if let arguments = state.resultWriter?.arguments {
            checkJSONata(in: arguments, at: .start(s.at("ResultWriter") + "/Arguments"), what: "Arguments of the ResultWriter of \(s.title)")
        }
    }

    /// `Output` and `Assign` of a choice rule or catcher at `path`.
    private mutating func checkJSONata(in output: JSONValue?, _ assign: JSONValue?, at path: String, what: String) {
        if let output { checkJSONata(in: output, at: .start(path + "/Output"), what: "Output of \(what)") }
        if let assign { checkJSONata(in: assign, at: .start(path + "/Assign"), what: "Assign of \(what)") }
    }

    /// Every `{% … %}` string in `value` (object keys are plain text).
    private mutating func checkJSONata(in value: JSONValue, at trail: PointerTrail, what: String) {
        // Depth first with an explicit stack: payloads nest as deep as the parser allows.
        var stack: [(JSONValue, PointerTrail)] = [(value, trail)]
        while let (value, trail) = stack.popLast() {
            switch value {
            case .string(let text) where text.isJSONataExpression:
                let source = JSONataSource.of(text)
                guard let problem = jsonataProblem(source) else { continue }
                report(.invalidJSONata, trail.pointer, "\(what) holds the JSONata expression \(JSONataSource.excerpt(source)), which does not parse: \(problem)")
            case .string(let text) where text.hasPrefix("{%") || text.hasSuffix("%}"):
                // AWS does not say what it makes of these; they are plain text here, which is
                // rarely what was meant.
                report(.invalidJSONata, trail.pointer,
                       "\(what) is \(JSONataSource.excerpt(text)), which is plain text: a JSONata expression starts with {% and ends with %}",
                       severity: .warning)
            case .object(let object):
                for (key, member) in object.reversed() { stack.append((member, .member(trail, key))) }
            case .array(let items):
                for (index, item) in items.enumerated().reversed() { stack.append((item, .element(trail, index))) }
            case .string, .null, .bool, .number:
                break
            }
        }
    }

    /// What is wrong with `source` as JSONata, or nil; each distinct expression is parsed once.
    private mutating func jsonataProblem(_ source: String) -> String? {
        if let known = jsonataProblems[source] { return known }
        var problem: String?
        do {
            _ = try JSONataExpression(source)
        } catch {
            problem = "\(error.code): \(error.message)" + (error.position.map { " (at character \($0))" } ?? "")
        }
        jsonataProblems[source] = .some(problem)
        return problem
    }
}

/// The expression of a `{% … %}` string, as the engine reads it.
enum JSONataSource {
    /// The text between `{%` and `%}`, trimmed.
    static func of(_ text: String) -> String {
        String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The expression quoted on one line, shortened when long, for a message.
    static func excerpt(_ source: String) -> String {
        let limit = 60
        let shown = source.count > limit ? String(source.prefix(limit)) + "…" : source
        return JSONSerializer.quoted(shown, alsoEscaping: { _ in false })
    }
}
