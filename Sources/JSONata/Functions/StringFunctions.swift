import Foundation

/// `$string`, `$substring`, `$pad`, `$match`, `$replace`, `$split`… Lengths and positions count
/// Unicode code points, except where JavaScript's own string methods count UTF-16 units.
enum StringFunctions {
    static let all: [Builtin] = [
        Builtin("string", "<x-b?:s>", arity: 1, parameters: 2) { (call) throws(JSONataError) -> Value? in
            guard let value = call[0] else { return nil }
            let pretty = try Casting.boolean(call[1], call.meter) ?? false
            return .string(try Casting.string(value, call.meter, pretty: pretty))
        },
        Builtin("substring", "<s-nn?:s>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0), let start = call.number(1) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(substring(text, start, call.number(2)))
        },
        Builtin("substringBefore", "<s-s:s>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            guard let chars = call.string(1) else { return .string(text) }
            let units = try utf16(text, call.meter)
            guard let index = try TextSearch(chars, call.meter).firstIndex(in: units, from: 0, call.meter) else { return .string(text) }
            return .string(string(units[..<index]))
        },
        Builtin("substringAfter", "<s-s:s>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            guard let chars = call.string(1) else { return .string(text) }
            let units = try utf16(text, call.meter)
            let search = try TextSearch(chars, call.meter)
            guard let index = try search.firstIndex(in: units, from: 0, call.meter) else { return .string(text) }
            return .string(string(units[(index + search.pattern.count)...]))
        },
        Builtin("lowercase", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(text.lowercased())
        },
        Builtin("uppercase", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(text.uppercased())
        },
        Builtin("length", "<s-:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .number(Double(text.unicodeScalars.count))
        },
        Builtin("trim", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(trim(text))
        },
        Builtin("pad", "<s-ns?:s>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0), let width = call.number(1) else { return nil }
            // JavaScript cannot allocate such a padding either.
            guard abs(width) <= 1e7 else { throw JSONataError(code: "D1001", value: JSNumber.string(width), index: 2) }
            return .string(try pad(text, width: width, with: call.string(2), call.meter))
        },
        Builtin("contains", "<s-(sf):b>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            switch call[1] {
            case .string(let token)?:
                let units = try utf16(text, call.meter)
                return .bool(try TextSearch(token, call.meter).firstIndex(in: units, from: 0, call.meter) != nil)
            case let matcher?: return .bool(try firstMatch(matcher, text, call) != nil)
            case nil: return nil
            }
        },
        Builtin("split", "<s-(sf)n?:a<s>>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            return try split(text, call[1], limit: call.number(2), call)
        },
        Builtin("join", "<a<s>s?:s>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let strings = call.array(0) else { return nil }
            let separator = call.string(1) ?? ""
            let parts = strings.items.compactMap(\.stringValue)
            try call.meter.charge(parts.reduce(parts.count * separator.utf8.count) { $0 + $1.utf8.count })
            return .string(parts.joined(separator: separator))
        },
        Builtin("match", "<s-f<s:o>n?:a<o>>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0), let matcher = call[1] else { return nil }
            let limit = call.number(2)
            if let limit, limit < 0 {
                throw JSONataError(code: "D3040", value: JSNumber.string(limit), index: 3)
            }
            let result = JArray.sequence()
            var count = 0.0
            var match = try firstMatch(matcher, text, call)
            while let current = match, limit.map({ count < $0 }) ?? true {
                try call.meter.charge()
                result.append(.object(JObject([
                    "match": current.fields["match"] ?? .string(""),
                    "index": current.fields["start"] ?? .number(0),
                    "groups": current.fields["groups"] ?? .array(JArray()),
                ])))
                match = try nextMatch(current, call)
                count += 1
            }
            return .array(result)
        },
        Builtin("replace", "<s-(sf)(sf)n?:s>", arity: 4) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            return try replace(text, call, limit: call.number(3))
        },
        Builtin("base64encode", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(Data(text.utf8).base64EncodedString())
        },
        Builtin("base64decode", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            guard let data = Data(base64Encoded: padBase64(text)) else { return .string("") }
            return .string(String(decoding: data, as: UTF8.self))
        },
    ]

    // MARK: implementations

    static func substring(_ text: String, _ start: Double, _ length: Double?) -> String {
        let scalars = Array(text.unicodeScalars)
        let count = Double(scalars.count)
        var start = start
        if count + start < 0 { start = 0 }
        var end = count
        if let length {
            if length <= 0 { return "" }
            end = start >= 0 ? start + length : count + start + length
        }
        // Array.prototype.slice semantics: truncate, negative counts from the end, clamp.
        func clamp(_ index: Double) -> Int {
            let i = index.isNaN ? 0 : (index < 0 ? max(count + index.rounded(.towardZero), 0) : min(index.rounded(.towardZero), count))
            return Int(i)
        }
        let from = clamp(start)
        let to = clamp(end)
        guard from < to else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[from..<to])
        return String(result)
    }

    static func trim(_ text: String) -> String {
        var result = ""
        var inSpace = false
        for ch in text.unicodeScalars {
            if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" {
                if !inSpace { result.append(" ") }
                inSpace = true
            } else {
                result.unicodeScalars.append(ch)
                inSpace = false
            }
        }
        if result.hasPrefix(" ") { result.removeFirst() }
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    static func pad(_ text: String, width: Double, with char: String?, _ meter: BudgetMeter) throws(JSONataError) -> String {
        let padChar = (char?.isEmpty ?? true) ? " " : char!
        let padLength = abs(width).clampedInt - text.unicodeScalars.count
        guard padLength > 0 else { return text }
        try meter.charge(padLength * padChar.utf8.count)
        var padding = String(repeating: padChar, count: padLength)
        if padChar.unicodeScalars.count > 1 { padding = substring(padding, 0, Double(padLength)) }
        return width > 0 ? text + padding : padding + text
    }

    /// The UTF-16 code units JavaScript's string functions work on; converting costs their number.
    private static func utf16(_ text: String, _ meter: BudgetMeter) throws(JSONataError) -> [UInt16] {
        let units = Array(text.utf16)
        try meter.charge(units.count)
        return units
    }

    private static func string(_ units: ArraySlice<UInt16>) -> String {
        String(decoding: units, as: UTF16.self)
    }

    private static func padBase64(_ text: String) -> String {
        let stripped = text.filter { !$0.isWhitespace }
        let remainder = stripped.count % 4
        return remainder == 0 ? stripped : stripped + String(repeating: "=", count: 4 - remainder)
    }

    // MARK: matchers (regexes and custom matcher functions)

    /// The first match of a matcher function on `text`, checked for the expected shape.
    static func firstMatch(_ matcher: Value, _ text: String, _ call: Invocation) throws(JSONataError) -> JObject? {
        let result = try call.evaluator.apply(matcher, [.string(text)], nil, call.frame)
        return try checkMatch(result)
    }

    static func nextMatch(_ match: JObject, _ call: Invocation) throws(JSONataError) -> JObject? {
        guard let next = match.fields["next"] else { return nil }
        return try checkMatch(try call.evaluator.apply(next, [], nil, call.frame))
    }

    private static func checkMatch(_ value: Value?) throws(JSONataError) -> JObject? {
        guard let value else { return nil }
        guard case .object(let object) = value,
            object.fields["start"]?.numberValue != nil || object.fields["groups"]?.arrayValue != nil
                || object.fields["next"]?.isFunction == true
        else {
            if case .bool(false) = value { return nil }
            throw JSONataError(code: "T1010")
        }
        return object
    }

    private static func int(_ value: Value?) -> Int {
        guard case .number(let n)? = value else { return 0 }
        return n.clampedInt
    }

    static func split(_ text: String, _ separator: Value?, limit: Double?, _ call: Invocation) throws(JSONataError) -> Value? {
        if let limit, limit < 0 { throw JSONataError(code: "D3020", value: JSNumber.string(limit), index: 3) }
        let result = JArray()
        if let limit, limit == 0 { return .array(result) }
        // JavaScript's ToUint32, clamped: NaN allows no items.
        let maxCount = limit.map { $0.isNaN ? 0 : Int(min($0, 4_294_967_295)) }
        let meter = call.meter
        switch separator {
        case .string(let sep)?:
            let units = try utf16(text, meter)
            if sep.isEmpty {
                for unit in units.prefix(maxCount ?? units.count) { result.append(.string(string([unit][...]))) }
                return .array(result)
            }
            let search = try TextSearch(sep, meter)
            var start = 0
            while maxCount.map({ result.count < $0 }) ?? true {
                guard let index = try search.firstIndex(in: units, from: start, meter) else {
                    result.append(.string(string(units[start...])))
                    break
                }
                result.append(.string(string(units[start..<index])))
                start = index + search.pattern.count
            }
        case let matcher?:
            let units = try utf16(text, meter)
            var count = 0
            var start = 0
            var match = try firstMatch(matcher, text, call)
            guard match != nil else {
                result.append(.string(text))
                return .array(result)
            }
            while let current = match, maxCount.map({ count < $0 }) ?? true {
                try meter.charge()
                let matchStart = min(max(int(current.fields["start"]), start), units.count)
                result.append(.string(String(decoding: units[start..<matchStart], as: UTF16.self)))
                start = min(max(int(current.fields["end"]), 0), units.count)
                match = try nextMatch(current, call)
                count += 1
            }
            if maxCount.map({ count < $0 }) ?? true {
                result.append(.string(String(decoding: units[min(start, units.count)...], as: UTF16.self)))
            }
        case nil:
            result.append(.string(text))
        }
        return .array(result)
    }

    static func replace(_ text: String, _ call: Invocation, limit: Double?) throws(JSONataError) -> Value? {
        let pattern = call[1]
        if case .string("")? = pattern { throw JSONataError(code: "D3010", value: "\"\"", index: 2) }
        if let limit, limit < 0 { throw JSONataError(code: "D3011", value: JSNumber.string(limit), index: 4) }
        guard let replacement = call[2] else { return nil }
        if let limit, limit == 0 { return .string(text) }
        let meter = call.meter
        switch pattern {
        case .string(let target)?:
            guard case .string(let with) = replacement else {
                throw JSONataError(code: "D3012", value: JSONText.render(replacement))
            }
            let units = try utf16(text, meter)
            let search = try TextSearch(target, meter)
            let substitute = Array(with.utf16)
            var result: [UInt16] = []
            var position = 0
            var count = 0.0
            while limit.map({ count < $0 }) ?? true, let index = try search.firstIndex(in: units, from: position, meter) {
                try meter.charge(substitute.count)
                result += units[position..<index]
                result += substitute
                position = index + search.pattern.count
                count += 1
            }
            result += units[position...]
            return .string(String(decoding: result, as: UTF16.self))
        case let matcher?:
            let units = try utf16(text, meter)
            var result: [UInt16] = []
            var position = 0
            var count = 0.0
            var match = try firstMatch(matcher, text, call)
            while let current = match, limit.map({ count < $0 }) ?? true {
                try meter.charge()
                let start = min(max(int(current.fields["start"]), position), units.count)
                result.append(contentsOf: units[position..<start])
                let substitute: Value?
                if case .string(let template) = replacement {
                    try meter.charge(template.utf8.count)
                    substitute = .string(expand(template, current))
                } else {
                    substitute = try call.evaluator.apply(replacement, [.object(current)], nil, call.frame)
                }
                guard case .string(let s)? = substitute else {
                    throw JSONataError(code: "D3012", value: JSONText.render(substitute))
                }
                try meter.charge(s.utf8.count)
                result.append(contentsOf: s.utf16)
                let matched = current.fields["match"]?.stringValue ?? ""
                position = min(start + matched.utf16.count, units.count)
                count += 1
                match = try nextMatch(current, call)
            }
            result.append(contentsOf: units[position...])
            return .string(String(decoding: result, as: UTF16.self))
        case nil:
            return .string(text)
        }
    }

    /// Expands `$0`, `$n` and `$$` in a replacement string.
    private static func expand(_ template: String, _ match: JObject) -> String {
        let groups = match.fields["groups"]?.arrayValue?.items ?? []
        let chars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            guard chars[i] == "$" else {
                out.append(chars[i])
                i += 1
                continue
            }
            i += 1
            guard i < chars.count else {
                out.append("$")
                break
            }
            if chars[i] == "$" {
                out.append("$")
                i += 1
            } else if chars[i] == "0" {
                out.append(contentsOf: (match.fields["match"]?.stringValue ?? "").unicodeScalars)
                i += 1
            } else {
                let maxDigits = groups.isEmpty ? 1 : Int(log10(Double(groups.count)).rounded(.down)) + 1
                var digits = String(String.UnicodeScalarView(chars[i..<min(i + maxDigits, chars.count)]))
                var index = leadingInteger(digits)
                if maxDigits > 1, let value = index, value > groups.count {
                    digits = String(digits.dropLast())
                    index = leadingInteger(digits)
                }
                guard let index else {
                    out.append("$")
                    continue
                }
                if !groups.isEmpty, index >= 1, index <= groups.count, case .string(let group) = groups[index - 1] {
                    out.append(contentsOf: group.unicodeScalars)
                }
                i += String(index).unicodeScalars.count
            }
        }
        return String(out)
    }

    /// `parseInt(text, 10)`: optional sign and leading digits.
    private static func leadingInteger(_ text: String) -> Int? {
        var scalars = Substring(text)
        var sign = 1
        if scalars.first == "-" || scalars.first == "+" {
            sign = scalars.first == "-" ? -1 : 1
            scalars = scalars.dropFirst()
        }
        let digits = scalars.prefix(while: { $0.isASCII && $0.isNumber })
        return Int(digits).map { $0 * sign }
    }
}
