import Foundation
import JSONata
import StatesLanguage
import StepwiseJSON

/// The JSONata expressions of a state (`{% … %}` strings anywhere in its fields), compiled
/// once with the definition. A syntax error makes the definition invalid, as on AWS.
struct JSONataExpressions: Sendable {
    private let compiled: [String: JSONataExpression]

    init(_ state: State, name: String) throws(StatesError) {
        var compiled: [String: JSONataExpression] = [:]
        var own = state
        own.branches = nil
        own.itemProcessor = nil
        own.iterator = nil
        var failure: StatesError?
        func visit(_ value: JSONValue, field: String) {
            switch value {
            case .string(let text) where text.isJSONataExpression:
                let source = Self.source(of: text)
                guard compiled[source] == nil, failure == nil else { return }
                do {
                    compiled[source] = try JSONataExpression(source)
                } catch {
                    failure = StatesError(
                        "SCHEMA_VALIDATION_FAILED",
                        "The JSONata expression '\(source)' specified for the field '\(field)' of state '\(name)' is invalid: \(error.code): \(error.message)")
                }
            case .object(let object):
                for (key, member) in object { visit(member, field: field.isEmpty ? key : "\(field)/\(key)") }
            case .array(let items):
                for (index, item) in items.enumerated() { visit(item, field: "\(field)[\(index)]") }
            default:
                break
            }
        }
        visit(ASLEncoder.encode(own), field: "")
        if let failure { throw failure }
        self.compiled = compiled
    }

    /// The expression between `{%` and `%}`, trimmed.
    static func source(of text: String) -> String {
        String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func expression(_ source: String) -> JSONataExpression? { compiled[source] }
}

extension StateEvaluator {
    /// `$states`: the state's input, its context, and its result or error output when it has one.
    func statesBinding(result: JSONValue?, errorOutput: JSONValue?) -> JSONValue {
        var states: JSONObject = ["input": input, "context": context]
        if let result { states["result"] = result }
        if let errorOutput { states["errorOutput"] = errorOutput }
        return .object(states)
    }

    /// Evaluates a field that may hold `{% … %}` strings at any depth; other values stay as
    /// written. `field` names the field the way AWS does in causes (`Output/list[0]`).
    func jsonata(_ value: JSONValue, field: String, result: JSONValue? = nil, errorOutput: JSONValue? = nil) throws -> JSONValue {
        var bindings = variables
        bindings["states"] = statesBinding(result: result, errorOutput: errorOutput)
        return try evaluateTemplate(value, field: field, bindings: bindings)
    }

    private func evaluateTemplate(_ value: JSONValue, field: String, bindings: [String: JSONValue]) throws -> JSONValue {
        switch value {
        case .string(let text) where text.isJSONataExpression:
            return try evaluate(JSONataExpressions.source(of: text), field: field, bindings: bindings)
        case .object(let object):
            var evaluated = JSONObject()
            for (key, member) in object { evaluated[key] = try evaluateTemplate(member, field: "\(field)/\(key)", bindings: bindings) }
            return .object(evaluated)
        case .array(let items):
            return .array(try items.enumerated().map { index, item in try evaluateTemplate(item, field: "\(field)[\(index)]", bindings: bindings) })
        default:
            return value
        }
    }

    private func evaluate(_ source: String, field: String, bindings: [String: JSONValue]) throws -> JSONValue {
        let outcome: JSONValue?
        do throws(JSONataError) {
            let expression: JSONataExpression
            if let compiled = state.jsonata?.expression(source) {
                expression = compiled
            } else {
                expression = try JSONataExpression(source)
            }
            outcome = try expression.evaluate(input: input, bindings: bindings, environment: jsonataEnvironment())
        } catch {
            throw Self.failure("The JSONata expression '\(source)' specified for the field '\(field)' threw an error during evaluation. \(error.code): \(error.message)", field)
        }
        guard let outcome else {
            throw Self.failure("The JSONata expression '\(source)' specified for the field '\(field)' returned nothing (undefined).", field)
        }
        return outcome
    }

    static func failure(_ cause: String, _ field: String) -> EvaluationFailure {
        EvaluationFailure(error: StatesError(ErrorName.queryEvaluationError, cause), location: field)
    }

    private func jsonataEnvironment() -> JSONataEnvironment {
        let source = SeededSource(seed: random.state)
        let now = self.now
        return JSONataEnvironment(clock: { now }, random: { source.nextUnit() }, uuid: { source.nextUUID() })
    }

    /// A field that must evaluate to a given JSON type; AWS's cause otherwise.
    func jsonata(_ value: JSONValue, field: String, expecting type: String, result: JSONValue? = nil) throws -> JSONValue {
        let evaluated = try jsonata(value, field: field, result: result)
        guard evaluated.typeName == type else {
            let source = value.stringValue.map(JSONataExpressions.source(of:)) ?? JSONSerializer.string(value)
            throw Self.failure(
                "The JSONata expression '\(source)' specified for the field '\(field)' returned an unexpected result type. Expected '\(type)', but was '\(evaluated.typeName)' for value: \(JSONSerializer.string(evaluated))",
                field)
        }
        return evaluated
    }

    /// `Assign`: each member evaluated on its own (`Assign/name`), all seeing the values the
    /// variables had when the state was entered.
    func jsonataAssign(_ value: JSONValue, result: JSONValue?, errorOutput: JSONValue? = nil, field: String = "Assign") throws -> JSONObject {
        guard case .object(let object) = value else {
            return try jsonata(value, field: field, expecting: "object", result: result).objectValue ?? [:]
        }
        var assigned = JSONObject()
        for (name, member) in object {
            assigned[name] = try jsonata(member, field: "\(field)/\(name)", result: result, errorOutput: errorOutput)
        }
        return assigned
    }

    /// An integer field written literally or as an expression (`Seconds`, `MaxConcurrency` …).
    func jsonataInteger(_ value: Computed<Int>, field: String, minimum: Int) throws -> Int {
        switch value {
        case .value(let number): return number
        case .expression(let text):
            let evaluated = try jsonata(.string(text), field: field, expecting: "number")
            guard let number = evaluated.intValue, number >= minimum else {
                throw Self.failure(
                    "The JSONata expression '\(JSONataExpressions.source(of: text))' specified for the field '\(field)' returned an invalid value: \(JSONSerializer.string(evaluated)) (expected an integer of at least \(minimum))",
                    field)
            }
            return number
        }
    }

    /// A string field written literally or as an expression (Fail `Error` and `Cause`).
    func jsonataString(_ value: String, field: String) throws -> String {
        guard value.isJSONataExpression else { return value }
        return try jsonata(.string(value), field: field, expecting: "string").stringValue ?? ""
    }
}
