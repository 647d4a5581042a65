import Foundation

/// A function signature such as `<s-n?:s>`: validates arguments, substitutes the context for
/// `-` parameters, and wraps single values for array (`a`) parameters.
///
/// Each argument is reduced to a type symbol (`s n b l a o f`, `m` for missing) and the symbol
/// string is matched against a regular expression built from the parameters, as JSONata does.
struct Signature: @unchecked Sendable {
    // NSRegularExpression is immutable and safe to share between threads.
    struct Param {
        var type: String = ""
        var pattern: String = ""
        var isArray = false
        var usesContext = false
        var contextPattern: String?
        var subtype: String?
    }

    let definition: String
    let params: [Param]
    private let matcher: NSRegularExpression

    /// Parses `text`; errors carry the offset of the problem in `position`.
    init(_ text: String) throws(JSONataError) {
        definition = text
        let chars = Array(text)
        var params: [Param] = []
        var param = Param()
        var position = 1
        func closing(_ start: Int, _ open: Character, _ close: Character) -> Int {
            var depth = 1
            var p = start
            while p < chars.count {
                p += 1
                guard p < chars.count else { break }
                if chars[p] == close {
                    depth -= 1
                    if depth == 0 { break }
                } else if chars[p] == open {
                    depth += 1
                }
            }
            return p
        }
        while position < chars.count {
            let symbol = chars[position]
            if symbol == ":" { break }  // the return type is not checked
            switch symbol {
            case "s", "n", "b", "l", "o":
                param.pattern = "[\(symbol)m]"
                param.type = String(symbol)
                params.append(param)
                param = Param()
            case "a":
                param.pattern = "[asnblfom]"
                param.type = "a"
                param.isArray = true
                params.append(param)
                param = Param()
            case "f":
                param.pattern = "f"
                param.type = "f"
                params.append(param)
                param = Param()
            case "j":
                param.pattern = "[asnblom]"
                param.type = "j"
                params.append(param)
                param = Param()
            case "x":
                param.pattern = "[asnblfom]"
                param.type = "x"
                params.append(param)
                param = Param()
            case "-":
                if var last = params.popLast() {
                    last.usesContext = true
                    last.contextPattern = last.pattern
                    last.pattern += "?"
                    params.append(last)
                }
            case "?", "+":
                if var last = params.popLast() {
                    last.pattern.append(symbol)
                    params.append(last)
                }
            case "(":
                let end = closing(position, "(", ")")
                let choice = String(chars[(position + 1)..<min(end, chars.count)])
                if choice.contains("<") {
                    throw JSONataError(code: "S0402", position: position, value: choice)
                }
                param.pattern = "[\(choice)m]"
                param.type = "(\(choice))"
                position = end
                params.append(param)
                param = Param()
            case "<":
                guard var last = params.popLast(), last.type == "a" || last.type == "f" else {
                    throw JSONataError(code: "S0401", position: position, value: params.last?.type)
                }
                let end = closing(position, "<", ">")
                last.subtype = String(chars[(position + 1)..<min(end, chars.count)])
                position = end
                params.append(last)
            default:
                break
            }
            position += 1
        }
        self.params = params
        let pattern = "^" + params.map { "(\($0.pattern))" }.joined() + "$"
        do {
            matcher = try NSRegularExpression(pattern: pattern)
        } catch {
            throw JSONataError(code: "S0401", position: 0, value: text)
        }
    }

    /// The type symbol of a value.
    static func symbol(_ value: Value?) -> Character {
        guard let value else { return "m" }
        switch value {
        case .string: return "s"
        case .number: return "n"
        case .bool: return "b"
        case .null: return "l"
        case .array: return "a"
        case .object: return "o"
        case .function: return "f"
        }
    }

    private static func matches(_ pattern: String, _ symbol: Character) -> Bool {
        // Parameter patterns are a character class, optionally followed by `?` or `+`.
        if pattern.hasPrefix("[") {
            return pattern.dropFirst().prefix(while: { $0 != "]" }).contains(symbol)
        }
        return pattern.first == symbol
    }

    /// Validates `args` against the signature, returning the arguments the function receives.
    func validate(_ args: [Value?], context: Value?) throws(JSONataError) -> [Value?] {
        let supplied = String(args.map(Self.symbol))
        let range = NSRange(supplied.startIndex..., in: supplied)
        guard let match = matcher.firstMatch(in: supplied, range: range) else {
            throw validationError(args, supplied)
        }
        var validated: [Value?] = []
        var argIndex = 0
        for (index, param) in params.enumerated() {
            let groupRange = match.range(at: index + 1)
            let matched = groupRange.location == NSNotFound ? "" : (supplied as NSString).substring(with: groupRange)
            if matched.isEmpty {
                if param.usesContext, let contextPattern = param.contextPattern {
                    guard Self.matches(contextPattern, Self.symbol(context)) else {
                        throw JSONataError(code: "T0411", value: JSONText.render(context), index: argIndex + 1)
                    }
                    validated.append(context)
                } else {
                    validated.append(args.count > argIndex ? args[argIndex] : nil)
                    argIndex += 1
                }
                continue
            }
            for single in matched {
                var arg = argIndex < args.count ? args[argIndex] : nil
                if param.type == "a" {
                    if single == "m" {
                        arg = nil
                    } else {
                        try checkArrayItems(arg, single: single, matched: matched, param: param, argIndex: argIndex)
                        if single != "a", let value = arg { arg = .array(JArray([value])) }
                    }
                }
                validated.append(arg)
                argIndex += 1
            }
        }
        return validated
    }

    private func checkArrayItems(_ arg: Value?, single: Character, matched: String, param: Param, argIndex: Int) throws(JSONataError) {
        guard let subtype = param.subtype else { return }
        var ok = true
        if single != "a" {
            ok = matched == subtype
        } else if case .array(let array)? = arg, let first = array.items.first {
            let itemType = Self.symbol(first)
            ok = subtype.first == itemType && array.items.allSatisfy { Self.symbol($0) == itemType }
        }
        if !ok {
            let names: [String: String] = ["a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings"]
            throw JSONataError(code: "T0412", value: JSONText.render(arg), index: argIndex + 1,
                               extra: ["type": names[subtype] ?? subtype])
        }
    }

    /// Finds the first argument that does not fit, by matching ever longer prefixes of the pattern.
    private func validationError(_ args: [Value?], _ supplied: String) -> JSONataError {
        var partial = "^"
        var goodTo = 0
        for param in params {
            partial += param.pattern
            guard let regex = try? NSRegularExpression(pattern: partial),
                let match = regex.firstMatch(in: supplied, range: NSRange(supplied.startIndex..., in: supplied))
            else {
                return JSONataError(code: "T0410", value: goodTo < args.count ? JSONText.render(args[goodTo]) : nil, index: goodTo + 1)
            }
            goodTo = match.range.length
        }
        return JSONataError(code: "T0410", value: goodTo < args.count ? JSONText.render(args[goodTo]) : nil, index: goodTo + 1)
    }
}
