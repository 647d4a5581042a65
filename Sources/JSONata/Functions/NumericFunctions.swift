import Foundation

/// `$number`, `$round`, `$sum`… and the boolean functions.
enum NumericFunctions {
    static let all: [Builtin] = [
        Builtin("number", "<(nsb)-:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let value = call[0] else { return nil }
            if case .string(let s) = value { try call.meter.charge(s.utf8.count) }
            return .number(try number(value))
        },
        Builtin("abs", "<n-:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            call.number(0).map { .number(abs($0)) }
        },
        Builtin("floor", "<n-:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            call.number(0).map { .number($0.rounded(.down)) }
        },
        Builtin("ceil", "<n-:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            call.number(0).map { .number($0.rounded(.up)) }
        },
        Builtin("round", "<n-n?:n>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let value = call.number(0) else { return nil }
            return .number(round(value, precision: call.number(1).map { max(-400, min(400, $0.clampedInt)) } ?? 0))
        },
        Builtin("power", "<n-n:n>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let base = call.number(0), let exponent = call.number(1) else { return nil }
            let result = pow(base, exponent)
            guard result.isFinite else {
                throw JSONataError(code: "D3061", value: JSNumber.string(base), extra: ["exp": JSNumber.string(exponent)])
            }
            return .number(result)
        },
        Builtin("sqrt", "<n-:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let value = call.number(0) else { return nil }
            if value < 0 { throw JSONataError(code: "D3060", value: JSNumber.string(value), index: 1) }
            return .number(value.squareRoot())
        },
        Builtin("sum", "<a<n>:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let numbers = call.array(0) else { return nil }
            try call.meter.charge(numbers.count)
            return .number(numbers.items.reduce(0) { $0 + ($1.numberValue ?? 0) })
        },
        Builtin("max", "<a<n>:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            try call.meter.charge(call.array(0)?.count ?? 0)
            let numbers = call.array(0)?.items.compactMap(\.numberValue) ?? []
            return numbers.isEmpty ? nil : .number(numbers.max()!)
        },
        Builtin("min", "<a<n>:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            try call.meter.charge(call.array(0)?.count ?? 0)
            let numbers = call.array(0)?.items.compactMap(\.numberValue) ?? []
            return numbers.isEmpty ? nil : .number(numbers.min()!)
        },
        Builtin("average", "<a<n>:n>", arity: 1) { (call) throws(JSONataError) -> Value? in
            try call.meter.charge(call.array(0)?.count ?? 0)
            let numbers = call.array(0)?.items.compactMap(\.numberValue) ?? []
            return numbers.isEmpty ? nil : .number(numbers.reduce(0, +) / Double(numbers.count))
        },
        Builtin("boolean", "<x-:b>", arity: 1) { (call) throws(JSONataError) -> Value? in
            try Casting.boolean(call[0], call.meter).map { .bool($0) }
        },
        Builtin("not", "<x-:b>", arity: 1) { (call) throws(JSONataError) -> Value? in
            try Casting.boolean(call[0], call.meter).map { .bool(!$0) }
        },
        Builtin("exists", "<x:b>", arity: 1) { (call) throws(JSONataError) -> Value? in
            .bool(call[0] != nil)
        },
    ]

    /// `$number` casting: numeric strings (JSON syntax, or 0x/0o/0b integers), booleans.
    static func number(_ value: Value) throws(JSONataError) -> Double {
        switch value {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .string(let s):
            if isDecimal(s), let n = Double(s), n.isFinite { return n }
            if let n = radixInteger(s) { return n }
            throw JSONataError(code: "D3030", value: JSONText.render(value), index: 1)
        default:
            throw JSONataError(code: "D3030", value: JSONText.render(value), index: 1)
        }
    }

    /// `-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?`
    private static func isDecimal(_ s: String) -> Bool {
        var chars = Substring(s)
        if chars.first == "-" { chars = chars.dropFirst() }
        func digits() -> Bool {
            let count = chars.prefix(while: { $0.isASCII && $0.isNumber }).count
            chars = chars.dropFirst(count)
            return count > 0
        }
        guard digits() else { return false }
        if chars.first == "." {
            chars = chars.dropFirst()
            guard digits() else { return false }
        }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
            guard digits() else { return false }
        }
        return chars.isEmpty
    }

    private static func radixInteger(_ s: String) -> Double? {
        guard s.count > 2, s.first == "0" else { return nil }
        let prefix = s.dropFirst().first.map { Character($0.lowercased()) }
        let radix: Int
        switch prefix {
        case "x": radix = 16
        case "o": radix = 8
        case "b": radix = 2
        default: return nil
        }
        var total = 0.0
        for ch in s.dropFirst(2) {
            guard let digit = ch.hexDigitValue, digit < radix else { return nil }
            total = total * Double(radix) + Double(digit)
        }
        return total
    }

    /// Round half to even, at `precision` decimal places (negative: tens, hundreds…), shifting
    /// the decimal point in the number's text to avoid binary scaling errors.
    static func round(_ value: Double, precision: Int) -> Double {
        var shifted = value
        if precision != 0 { shifted = shift(value, by: precision) }
        var result = jsRound(shifted)
        let diff = result - shifted
        if abs(diff) == 0.5 && abs(result.truncatingRemainder(dividingBy: 2)) == 1 {
            result -= 1
        }
        if precision != 0 { result = shift(result, by: -precision) }
        return result == 0 ? 0 : result
    }

    /// `Math.round`: nearest integer, halves toward +∞.
    static func jsRound(_ x: Double) -> Double {
        let r = x.rounded(.toNearestOrAwayFromZero)
        return x - r == 0.5 ? r + 1 : r
    }

    private static func shift(_ value: Double, by places: Int) -> Double {
        let text = JSNumber.string(value)
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = (parts.count > 1 ? Int(parts[1]) ?? 0 : 0) + places
        return Double("\(parts[0])e\(exponent)") ?? value
    }
}
