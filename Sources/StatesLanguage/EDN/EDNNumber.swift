import Foundation

/// An EDN integer kept as written (`42`, `+1`, `-0`, `123456789012345678901234567890N`), so
/// that it prints back exactly and converts to JSON without losing digits.
/// Equality is numeric: `1`, `+1` and `1N` are equal, and so are `0` and `-0`.
public struct EDNInteger: Sendable, Hashable, CustomStringConvertible {
    public let literal: String

    /// Validates `literal` against the EDN integer grammar.
    public init?(literal: String) {
        guard case .integer? = try? EDNNumberSyntax.classify(literal) else { return nil }
        self.literal = literal
    }

    public init(_ value: Int) { literal = String(value) }

    init(validated literal: String) { self.literal = literal }

    /// The `N` suffix asks for arbitrary precision.
    public var isArbitraryPrecision: Bool { literal.hasSuffix("N") }

    /// The same number as a JSON literal (no `+`, no `N`).
    public var jsonLiteral: String { EDNNumberSyntax.jsonLiteral(literal) }

    /// The value when it fits in `Int`.
    public var intValue: Int? { Int(jsonLiteral) }

    public var description: String { literal }

    /// Canonical digits: `-0` is `0`.
    private var canonical: String {
        let json = jsonLiteral
        return json == "-0" ? "0" : json
    }

    public static func == (lhs: EDNInteger, rhs: EDNInteger) -> Bool { lhs.canonical == rhs.canonical }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonical) }
}

/// An EDN floating-point number kept as written (`1.5`, `1e10`, `-2.50M`). The `M` suffix
/// asks for exact precision; EDN says such numbers are not equal to plain floats.
public struct EDNFloat: Sendable, Hashable, CustomStringConvertible {
    public let literal: String

    /// Validates `literal` against the EDN floating-point grammar.
    public init?(literal: String) {
        guard case .float? = try? EDNNumberSyntax.classify(literal) else { return nil }
        self.literal = literal
    }

    /// A finite double, printed in its shortest round-tripping form; nil for NaN or infinity,
    /// which EDN cannot write.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        var text = "\(value)"
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { text += ".0" }
        literal = text
    }

    init(validated literal: String) { self.literal = literal }

    public var isExactPrecision: Bool { literal.hasSuffix("M") }

    /// The same number as a JSON literal (no `+`, no `M`).
    public var jsonLiteral: String { EDNNumberSyntax.jsonLiteral(literal) }

    public var doubleValue: Double { Double(jsonLiteral) ?? .nan }

    public var decimalValue: Decimal? { Decimal(string: jsonLiteral, locale: Locale(identifier: "en_US_POSIX")) }

    public var description: String { literal }

    public static func == (lhs: EDNFloat, rhs: EDNFloat) -> Bool {
        guard lhs.isExactPrecision == rhs.isExactPrecision else { return false }
        if lhs.isExactPrecision {
            if let a = lhs.decimalValue, let b = rhs.decimalValue { return a == b }
            return lhs.jsonLiteral == rhs.jsonLiteral
        }
        return lhs.doubleValue == rhs.doubleValue
    }

    public func hash(into hasher: inout Hasher) {
        // Equal values (by either rule above) have equal nearest doubles.
        hasher.combine(isExactPrecision)
        hasher.combine(doubleValue)
    }
}

/// The EDN number grammar: `[+-]? (0 | [1-9][0-9]*)` then `N`, or a fraction and/or an
/// exponent with an optional `M`, or just `M`.
enum EDNNumberSyntax {
    enum Kind { case integer, float }

    struct Invalid: Error {
        let reason: String
    }

    static func classify(_ text: String) throws(Invalid) -> Kind {
        let s = Array(text.utf8)
        var i = 0
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < s.count, isDigit(s[i]) else { throw Invalid(reason: "expected a digit") }
        if s[i] == UInt8(ascii: "0"), i + 1 < s.count, isDigit(s[i + 1]) {
            throw Invalid(reason: "no integer other than 0 may begin with 0")
        }
        while i < s.count, isDigit(s[i]) { i += 1 }
        if i == s.count { return .integer }
        if s[i] == UInt8(ascii: "N") {
            guard i + 1 == s.count else { throw trailing(s, i + 1) }
            return .integer
        }
        if s[i] == UInt8(ascii: ".") {
            i += 1
            guard i < s.count, isDigit(s[i]) else { throw Invalid(reason: "expected a digit after '.'") }
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            guard i < s.count, isDigit(s[i]) else { throw Invalid(reason: "expected a digit in the exponent") }
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        if i < s.count, s[i] == UInt8(ascii: "M") { i += 1 }
        guard i == s.count else { throw trailing(s, i) }
        return .float
    }

    private static func trailing(_ s: [UInt8], _ i: Int) -> Invalid {
        let rest = String(decoding: s[i...], as: UTF8.self)
        return Invalid(reason: "unexpected \"\(rest)\" after the digits; EDN numbers are decimal integers (optional N) or floats (optional M)")
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// Drops what JSON does not have: a leading `+` and the `N`/`M` suffix.
    static func jsonLiteral(_ literal: String) -> String {
        var text = Substring(literal)
        if text.hasPrefix("+") { text = text.dropFirst() }
        if text.hasSuffix("N") || text.hasSuffix("M") { text = text.dropLast() }
        return String(text)
    }
}
