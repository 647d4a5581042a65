import Foundation

/// A JSON number that keeps what the document said.
///
/// Integers that fit in `Int` are stored as such; every other literal whose text a `Double`
/// would not reproduce (integers beyond 64 bits, `1.50`, `1e5`, more than 17 significant
/// digits) keeps its literal text, so printing it gives back exactly the input.
/// Equality and hashing are numeric: `1`, `1.0` and `1e0` are equal.
public struct JSONNumber: Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        case int(Int)
        case double(Double)
        /// A valid JSON number literal that `Int`/`Double` cannot reproduce textually.
        case literal(String)
    }

    let storage: Storage

    public init(_ value: Int) { storage = .int(value) }

    public init(_ value: Double) {
        // Integral doubles in Int range are integers: `MathAdd(1.0, 2)` prints 3, as on AWS.
        if value.isFinite, value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            storage = .int(Int(value))
        } else {
            storage = .double(value)
        }
    }

    /// A number parsed from a JSON literal (assumed syntactically valid).
    public init(literal text: String) {
        if let int = Int(text) {
            storage = .int(int)
        } else if let double = Double(text), double.isFinite, JSONNumber.format(double) == text {
            storage = .double(double)
        } else {
            storage = .literal(text)
        }
    }

    /// The value as a `Double` (nearest representable for long literals).
    public var doubleValue: Double {
        switch storage {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .literal(let s): return Double(s) ?? .nan
        }
    }

    /// The value as an `Int` when it is an exact integer in range.
    public var intValue: Int? {
        switch storage {
        case .int(let i): return i
        case .double(let d):
            return d == d.rounded() && abs(d) < 9.2e18 ? Int(d) : nil
        case .literal(let s):
            guard let dec = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            var rounded = Decimal()
            var copy = dec
            NSDecimalRound(&rounded, &copy, 0, .plain)
            guard rounded == dec else { return nil }
            return Int(exactly: NSDecimalNumber(decimal: dec).int64Value).flatMap {
                Decimal($0) == dec ? $0 : nil
            }
        }
    }

    /// True when the literal denotes an integer (no fraction), whatever its size.
    public var isInteger: Bool {
        switch storage {
        case .int: return true
        case .double(let d): return d == d.rounded()
        case .literal(let s):
            if !s.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return true }
            return decimalValue.map { v in
                var r = Decimal(), c = v
                NSDecimalRound(&r, &c, 0, .plain)
                return r == v
            } ?? false
        }
    }

    /// Exact decimal value (38 significant digits), for comparisons beyond `Double` precision.
    public var decimalValue: Decimal? {
        switch storage {
        case .int(let i): return Decimal(i)
        case .double(let d): return Decimal(string: JSONNumber.format(d), locale: Locale(identifier: "en_US_POSIX"))
        case .literal(let s): return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
        }
    }

    /// The JSON text of the number.
    public var description: String {
        switch storage {
        case .int(let i): return String(i)
        case .double(let d): return JSONNumber.format(d)
        case .literal(let s): return s
        }
    }

    /// Shortest round-tripping JSON text of a finite double (`1.5`, `1.0E-7` style avoided:
    /// Swift prints `1e-07`, which is valid JSON).
    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e16 { return String(Int(d)) + ".0" }
        return "\(d)"
    }
}

extension JSONNumber: Hashable, Comparable {
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): return a == b
        case (.literal, _), (_, .literal):
            if let a = lhs.decimalValue, let b = rhs.decimalValue { return a == b }
            return lhs.doubleValue == rhs.doubleValue
        default: return lhs.doubleValue == rhs.doubleValue
        }
    }

    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): return a < b
        case (.literal, _), (_, .literal):
            if let a = lhs.decimalValue, let b = rhs.decimalValue { return a < b }
            return lhs.doubleValue < rhs.doubleValue
        default: return lhs.doubleValue < rhs.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        // Equal numbers have equal nearest doubles, so hashing the double is consistent with ==.
        hasher.combine(doubleValue)
    }
}
