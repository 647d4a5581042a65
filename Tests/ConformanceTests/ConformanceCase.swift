import Foundation
import StepwiseJSON

/// One recorded case of `../shared/conformance/cases.jsonl` (see its README).
struct ConformanceCase: Sendable {
    let id: String
    let category: String
    let features: [String]
    let definition: JSONValue
    let input: String
    let expected: JSONValue
    let history: [JSONValue]?
    let workerScript: [JSONValue]?
    let placeholders: [String]
    let requiredActions: [String]

    init(_ record: JSONValue) throws {
        guard case .string(let id)? = record["id"], let definition = record["definition"], case .string(let input)? = record["input"],
            let expected = record["expected"]
        else { throw CaseError.malformed }
        self.id = id
        category = record["category"]?.stringValue ?? ""
        features = record["features"]?.arrayValue?.compactMap(\.stringValue) ?? []
        self.definition = definition
        self.input = input
        self.expected = expected
        history = record["history"]?.arrayValue
        workerScript = record["activity_worker_script"]?.arrayValue
        placeholders = record["expected_has_placeholders"]?.arrayValue?.compactMap(\.stringValue) ?? []
        requiredActions = record["requires_api_actions"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    enum CaseError: Error { case malformed }
}

/// Compares what the engine produced with what AWS recorded, the way the README prescribes:
/// structurally, with strings that hold JSON objects parsed, and masked values as wildcards.
struct RecordedComparison {
    let placeholders: [String]

    /// Tokens the recorder substituted for values that differ per run.
    static let standardMasks = [
        "111111111111", "snf_role_arn", "activity_arn", "RandomNumberGenerated", "start-time", "entered-time", "generated-uuid",
    ]

    func matches(actual: JSONValue, expected: JSONValue) -> Bool {
        switch (normalize(actual), normalize(expected)) {
        case (.object(let a), .object(let e)):
            guard a.count == e.count else { return false }
            return e.allSatisfy { key, value in a[key].map { matches(actual: $0, expected: value) } ?? false }
        case (.array(let a), .array(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { matches(actual: $0, expected: $1) }
        case (let a, .string(let e)):
            if case .string(let text) = a { return matchString(text, pattern: e) }
            return isWildcard(e)
        case (let a, let e):
            return a == e
        }
    }

    func normalize(_ value: JSONValue) -> JSONValue {
        if case .string(let s) = value, s.hasPrefix("{"), let parsed = try? JSONParser.parse(s), case .object = parsed {
            return parsed
        }
        return value
    }

    func isWildcard(_ pattern: String) -> Bool {
        pattern == "date" || pattern == "timestamp" || (pattern.hasPrefix("<") && pattern.hasSuffix(">") && !pattern.contains(" "))
            || Self.standardMasks.contains(pattern) || placeholders.contains(pattern)
    }

    /// Exact match, except that masked parts of the expected string match anything.
    func matchString(_ actual: String, pattern: String) -> Bool {
        if actual == pattern || isWildcard(pattern) { return true }
        let masks = maskTokens(in: pattern)
        guard !masks.isEmpty else { return false }
        var regex = "^"
        var rest = Substring(pattern)
        while !rest.isEmpty {
            if let mask = masks.first(where: { rest.hasPrefix($0) }) {
                regex += ".*"
                rest = rest.dropFirst(mask.count)
            } else {
                regex += NSRegularExpression.escapedPattern(for: String(rest.first!))
                rest = rest.dropFirst()
            }
        }
        regex += "$"
        return actual.range(of: regex, options: .regularExpression) != nil
    }

    private func maskTokens(in pattern: String) -> [String] {
        var tokens = Self.standardMasks.filter { pattern.contains($0) }
        tokens += placeholders.map { $0.components(separatedBy: " (").first ?? $0 }.filter { pattern.contains($0) }
        var index = pattern.startIndex
        while let open = pattern[index...].firstIndex(of: "<"), let close = pattern[open...].firstIndex(of: ">") {
            let token = String(pattern[open...close])
            if !token.contains(" ") { tokens.append(token) }
            index = pattern.index(after: close)
        }
        // Longest first so "<ExecArnPart_0idx>" wins over shorter overlaps.
        return Array(Set(tokens)).sorted { $0.count > $1.count }
    }
}
