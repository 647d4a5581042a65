import Foundation

/// Number ⇄ text conversions with JavaScript's rules, which JSONata inherits.
enum JSNumber {
    /// `Number.prototype.toString()`: shortest round-trip digits, plain notation for exponents
    /// in [-7, 21), exponential (`1e+21`, `1.5e-7`) outside.
    static func string(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        let (digits, exponent) = shortestDigits(abs(value))
        let sign = value < 0 ? "-" : ""
        let k = digits.count
        let n = exponent
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let cut = digits.index(digits.startIndex, offsetBy: n)
            return sign + digits[..<cut] + "." + digits[cut...]
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
        let e = n - 1
        return sign + mantissa + "e" + (e >= 0 ? "+" : "-") + String(abs(e))
    }

    /// The shortest decimal digits that round-trip `value` (> 0), and the exponent `n` such
    /// that value = 0.d1d2… × 10^n.
    static func shortestDigits(_ value: Double) -> (String, Int) {
        // Swift's description is the shortest round-trip representation.
        let text = value.description
        var mantissa = Substring(text)
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp10 = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + fracPart
        var pointPosition = intPart.count + exp10
        // Strip leading zeros (moving the point) and trailing zeros.
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        return (digits, pointPosition)
    }

    /// `Number(value.toPrecision(15))`: what JSONata does to numbers before printing them.
    static func roundedTo15(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        return Double(String(format: "%.14e", value)) ?? value
    }

    /// The text JSONata gives a number inside `$string` and JSON output: fractions to 15
    /// significant digits (hiding binary noise such as 0.30000000000000004), whole numbers
    /// below 1e21 in full, as AWS Step Functions prints them.
    static func jsonText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e21 { return string(value) }
        return string(roundedTo15(value))
    }
}

extension Double {
    /// This number truncated to an `Int`, clamped to a range every caller can compute with
    /// (NaN is 0), so that huge user-supplied numbers cannot trap a conversion.
    var clampedInt: Int {
        if isNaN { return 0 }
        let limit = Double(1 << 52)
        return Int(Swift.max(-limit, Swift.min(limit, rounded(.towardZero))))
    }
}
