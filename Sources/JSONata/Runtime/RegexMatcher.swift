import Foundation

/// A regex literal evaluates to a matcher function: `matcher(str, from)` returns the first match
/// at or after `from` as `{match, start, end, groups, next}`, where `next()` gives the following
/// match. Custom matcher functions written in JSONata follow the same protocol.
enum RegexMatcher {
    static func function(_ regex: RegexLiteral, position: Int) -> JFunction {
        JFunction(NativeFunction(name: "regex", signature: nil, arity: 1, parameterCount: 2) { (call) throws(JSONataError) -> Value? in
            guard case .string(let text)? = call[0] else { return nil }
            var from = 0
            if case .number(let n)? = call[1] { from = max(0, n.clampedInt) }
            let scan = Scan(regex: regex, text: text, position: position)
            guard from <= scan.length else { return nil }
            return try scan.match(0, from: from, call.meter)
        })
    }

    /// The matches of one regex in one string. The first is looked for on its own (most callers
    /// need only that); the next one finds all the rest in one pass, because every search hands
    /// Foundation the whole string, so searching match by match would be quadratic.
    private final class Scan {
        let regex: RegexLiteral
        let text: String
        let length: Int
        let position: Int
        private var matches: [NSTextCheckingResult] = []
        private var complete = false

        init(regex: RegexLiteral, text: String, position: Int) {
            self.regex = regex
            self.text = text
            length = text.utf16.count
            self.position = position
        }

        /// Match number `index` (the first at or after `from`) as a match object, or nil.
        func match(_ index: Int, from: Int, _ meter: BudgetMeter) throws(JSONataError) -> Value? {
            if index >= matches.count && !complete {
                let start = matches.last.map { $0.range.location + $0.range.length } ?? from
                let wanted = matches.isEmpty ? 1 : Int.max
                matches += try regex.expression.matches(in: text, from: start, limit: wanted, meter)
                complete = matches.isEmpty || wanted == Int.max
            }
            guard index < matches.count else { return nil }
            return object(matches[index], index, meter)
        }

        private func object(_ result: NSTextCheckingResult, _ index: Int, _ meter: BudgetMeter) -> Value {
            let groups = JArray()
            for group in 1..<max(result.numberOfRanges, 1) {
                // An unmatched group is undefined in JavaScript; it shows as an empty string.
                groups.append(.string(substring(result.range(at: group)) ?? ""))
            }
            let end = result.range.location + result.range.length
            let next = NativeFunction(name: "next", signature: nil, arity: 0, parameterCount: 0) { [self] (call) throws(JSONataError) -> Value? in
                if end >= length { return nil }
                // The reference searches again from `end`: after an empty match it would find
                // that match forever, and an empty following match would never advance.
                guard result.range.length > 0, let following = try match(index + 1, from: end, call.meter) else {
                    if result.range.length == 0 { throw JSONataError(code: "D1004", position: position, value: regex.pattern) }
                    return nil
                }
                if case .object(let o) = following, case .string(let m)? = o.fields["match"], m.isEmpty {
                    throw JSONataError(code: "D1004", position: position, value: regex.pattern)
                }
                return following
            }
            return .object(JObject([
                "match": .string(substring(result.range) ?? ""),
                "start": .number(Double(result.range.location)),
                "end": .number(Double(end)),
                "groups": .array(groups),
                "next": .function(JFunction(next)),
            ]))
        }

        private func substring(_ range: NSRange) -> String? {
            guard range.location != NSNotFound, let swiftRange = Range(range, in: text) else { return nil }
            return String(text[swiftRange])
        }
    }
}

extension NSRegularExpression {
    /// Steps drawn each time ICU reports progress on a long match (every 10,000 steps of its
    /// backtracking), so that a catastrophic pattern stops at the budget.
    private static let progressSteps = 1000

    /// Up to `limit` matches in `text` from UTF-16 offset `from` on, seeing the whole string
    /// (lookbehind and anchors as at `from` in the full text). Stops after an empty match, which
    /// JSONata's matchers never go past.
    func matches(in text: String, from: Int, limit: Int, _ meter: BudgetMeter) throws(JSONataError) -> [NSTextCheckingResult] {
        var found: [NSTextCheckingResult] = []
        var failure: JSONataError?
        let range = NSRange(location: from, length: text.utf16.count - from)
        enumerateMatches(in: text, options: [.reportProgress, .withTransparentBounds, .withoutAnchoringBounds], range: range) { result, _, stop in
            do throws(JSONataError) {
                if let result {
                    try meter.charge()
                    found.append(result)
                    if found.count == limit || result.range.length == 0 { stop.pointee = true }
                } else {
                    try meter.charge(Self.progressSteps)
                }
            } catch {
                failure = error
                stop.pointee = true
            }
        }
        if let failure { throw failure }
        return found
    }
}
