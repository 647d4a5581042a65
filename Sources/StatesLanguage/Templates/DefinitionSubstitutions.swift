import Foundation
import OrderedCollections
import StepwiseJSON

/// Values for the `${Name}` placeholders of a definition template, and filling them in.
///
/// Filling in is textual, as CloudFormation does it: every `${Name}` with a value is replaced in
/// strings and keys. One step further, so that `"Seconds": "${Timeout}"` means what it says: a
/// string that is exactly one placeholder, in a field whose value is a number or a boolean,
/// takes the number or boolean its value spells. Payload data keeps strings (`"Parameters":
/// {"n": "${N}"}` gives `"n": "5"`, as a deploy would).
public struct DefinitionSubstitutions: Sendable, Hashable {
    /// Name → value, in the order given; a later value for a name replaces an earlier one.
    public internal(set) var values: OrderedDictionary<String, String> = [:]
    /// Names a template gives a value only a deploy can work out (`Fn::GetAtt …`), with that
    /// function: they stay unfilled unless a value is given for them too.
    public internal(set) var deferred: OrderedDictionary<String, String> = [:]

    public init(_ values: OrderedDictionary<String, String> = [:]) { self.values = values }

    public var isEmpty: Bool { values.isEmpty }

    public mutating func set(_ name: String, to value: String) {
        values[name] = value
        deferred[name] = nil
    }

    /// `NAME=VALUE`, as given on a command line.
    public mutating func add(assignment: String) throws(SubstitutionError) {
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
            throw SubstitutionError("\"\(assignment)\" is not NAME=VALUE")
        }
        set(String(assignment[..<equals]), to: String(assignment[assignment.index(after: equals)...]))
    }

    /// These values, then `other`'s over them.
    public func merging(_ other: DefinitionSubstitutions) -> DefinitionSubstitutions {
        var merged = self
        for (name, function) in other.deferred where merged.values[name] == nil { merged.deferred[name] = function }
        for (name, value) in other.values { merged.set(name, to: value) }
        return merged
    }

    /// The document with every placeholder that has a value filled in.
    public func apply(to document: JSONValue) -> JSONValue {
        guard !values.isEmpty else { return document }
        return fill(document, typedField: false, inData: false, depth: 0)
    }

    private func fill(_ value: JSONValue, typedField: Bool, inData: Bool, depth: Int) -> JSONValue {
        switch value {
        case .string(let text):
            if typedField, let name = TemplatePlaceholders.whole(text), let filled = values[name],
               let typed = try? JSONParser.parse(filled), typed.numberValue != nil || typed.boolValue != nil {
                return typed
            }
            return .string(fill(text))
        case .object(let object):
            // Deeper than any document the parsers accept: left as it is.
            guard depth < JSONParser.maxDepth else { return value }
            var filled = JSONObject(minimumCapacity: object.count)
            for (key, member) in object {
                let data = inData || Self.dataFields.contains(key)
                filled[fill(key)] = fill(member, typedField: !data && Self.numberOrBooleanFields.contains(key), inData: data, depth: depth + 1)
            }
            return .object(filled)
        case .array(let items):
            guard depth < JSONParser.maxDepth else { return value }
            return .array(items.map { fill($0, typedField: false, inData: inData, depth: depth + 1) })
        case .null, .bool, .number:
            return value
        }
    }

    private func fill(_ text: String) -> String {
        let found = TemplatePlaceholders.scan(text)
        guard !found.isEmpty else { return text }
        var out = ""
        var rest = text.startIndex
        for placeholder in found {
            guard let value = values[placeholder.name] else { continue }
            out += text[rest..<placeholder.range.lowerBound]
            out += value
            rest = placeholder.range.upperBound
        }
        out += text[rest...]
        return out
    }

    /// Members whose values are payload data (templates and literals): their strings stay strings.
    static let dataFields: Set<String> = [
        "Parameters", "ResultSelector", "Result", "Arguments", "Output", "Assign", "ItemSelector", "Credentials", "Items", "BatchInput",
    ]

    /// ASL members whose value is a number or a boolean.
    static let numberOrBooleanFields: Set<String> = Set([
        "TimeoutSeconds", "HeartbeatSeconds", "Seconds", "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage",
        "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "MaxItems", "MaxItemsPerBatch", "MaxInputBytesPerBatch",
        "End", "Condition",
    ]).union(ComparisonOperator.allCases.filter { !$0.isPath && $0.kind != .string && $0.kind != .timestamp }.map(\.rawValue))
}

/// Substitutions that cannot be read: a malformed `NAME=VALUE`, an unreadable file, a template
/// without the state machine asked for.
public struct SubstitutionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
