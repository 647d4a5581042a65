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
            return match(regex, in: text as NSString, from: from, position: position)
        })
    }

    private static func match(_ regex: RegexLiteral, in text: NSString, from: Int, position: Int) -> Value? {
        guard from <= text.length else { return nil }
        let range = NSRange(location: from, length: text.length - from)
        guard let result = regex.expression.firstMatch(
            in: text as String, options: [.withTransparentBounds, .withoutAnchoringBounds], range: range)
        else { return nil }
        let matched = text.substring(with: result.range)
        let groups = JArray()
        if result.numberOfRanges > 1 {
            for index in 1..<result.numberOfRanges {
                let group = result.range(at: index)
                // An unmatched group is undefined in JavaScript; it shows as an empty string.
                groups.append(.string(group.location == NSNotFound ? "" : text.substring(with: group)))
            }
        }
        let lastIndex = result.range.location + result.range.length
        let next = NativeFunction(name: "next", signature: nil, arity: 0, parameterCount: 0) { (_) throws(JSONataError) -> Value? in
            if lastIndex >= text.length { return nil }
            let following = match(regex, in: text, from: lastIndex, position: position)
            if case .object(let o)? = following, case .string(let m)? = o.fields["match"], m.isEmpty {
                // A zero-length match would never advance.
                throw JSONataError(code: "D1004", position: position, value: regex.pattern)
            }
            return following
        }
        return .object(JObject([
            "match": .string(matched),
            "start": .number(Double(result.range.location)),
            "end": .number(Double(lastIndex)),
            "groups": .array(groups),
            "next": .function(JFunction(next)),
        ]))
    }
}
