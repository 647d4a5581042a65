/// How YAML 1.2's core schema reads an untagged plain scalar: `null`, `~` and the empty
/// scalar are null; `true`/`false` (three casings) are booleans; decimal, `0o` octal and
/// `0x` hex integers and decimal floats are numbers; anything else is a string. (`yes`, `on`,
/// `2024-01-01` and `1_000` are strings, unlike YAML 1.1.)
enum YAMLCoreSchema {
    enum Resolved: Equatable {
        case null
        case bool(Bool)
        /// A JSON number literal.
        case number(String)
        /// A number JSON cannot hold (`.inf`, `.nan`), or one too long to convert; says why.
        case unrepresentable(String)
        case string
    }

    static func resolve(_ text: String) -> Resolved {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .unrepresentable("YAML's \(text) has no JSON form")
        default: break
        }
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "x") {
            let radix = bytes[1] == UInt8(ascii: "o") ? 8 : 16
            let digits = bytes[2...]
            guard digits.allSatisfy({ digitValue($0).map { $0 < radix } ?? false }) else { return .string }
            // The conversion is quadratic in the length; no real definition needs more.
            guard digits.count <= maxRadixDigits else {
                return .unrepresentable("\(radix == 8 ? "octal" : "hexadecimal") integers longer than \(maxRadixDigits) digits are not supported")
            }
            return .number(decimal(digits, radix: radix))
        }
        return decimalNumber(bytes).map(Resolved.number) ?? .string
    }

    static let maxRadixDigits = 256

    private static func digitValue(_ b: UInt8) -> Int? {
        switch b {
        case 48...57: return Int(b - 48)
        case 65...70: return Int(b - 55)
        case 97...102: return Int(b - 87)
        default: return nil
        }
    }

    /// The decimal digits of an unsigned integer in another radix, at any size.
    private static func decimal(_ digits: ArraySlice<UInt8>, radix: Int) -> String {
        var result: [Int] = [0]  // little-endian base-10 digits
        for b in digits {
            var carry = digitValue(b) ?? 0
            for i in result.indices {
                let value = result[i] * radix + carry
                result[i] = value % 10
                carry = value / 10
            }
            while carry > 0 {
                result.append(carry % 10)
                carry /= 10
            }
        }
        while result.count > 1, result.last == 0 { result.removeLast() }
        return String(result.reversed().map { Character(String($0)) })
    }

    /// `[-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` as a JSON literal:
    /// no `+`, no leading zeros, and a digit on both sides of the point.
    private static func decimalNumber(_ s: [UInt8]) -> String? {
        var i = 0
        var out = ""
        if i < s.count, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
            if s[i] == UInt8(ascii: "-") { out += "-" }
            i += 1
        }
        let intStart = i
        while i < s.count, isDigit(s[i]) { i += 1 }
        var integer = String(decoding: s[intStart..<i], as: UTF8.self)
        var fraction: String?
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < s.count, isDigit(s[i]) { i += 1 }
            fraction = String(decoding: s[fracStart..<i], as: UTF8.self)
        }
        guard !integer.isEmpty || !(fraction ?? "").isEmpty else { return nil }
        var exponent = ""
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            let expStart = i
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") { i += 1 }
            let digitsStart = i
            while i < s.count, isDigit(s[i]) { i += 1 }
            guard i > digitsStart else { return nil }
            exponent = String(decoding: s[expStart..<i], as: UTF8.self)
        }
        guard i == s.count else { return nil }
        while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
        out += integer.isEmpty ? "0" : integer
        if let fraction { out += "." + (fraction.isEmpty ? "0" : fraction) }
        return out + exponent
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
