import StepwiseAlgorithms

/// The string of an EDN `#inst`: an RFC 3339 timestamp, kept as written. Like Clojure, the
/// trailing parts may be left out (`#inst "2024"`, `#inst "2024-05-01T10:00"`), defaulting to
/// the start of the period in UTC. Two instants are equal when they name the same moment
/// (`…T10:00:00Z` equals `…T12:00:00+02:00`), as EDN specifies.
public struct EDNInstant: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    /// Seconds since 1970-01-01T00:00:00Z, and the fraction digits without trailing zeros.
    private let epochSeconds: Int
    private let fraction: Substring

    /// Nil unless `text` is a valid timestamp.
    public init?(_ text: String) {
        guard let parsed = EDNInstant.parse(Array(text.utf8)) else { return nil }
        self.text = text
        epochSeconds = parsed.seconds
        var digits = Substring(parsed.fraction)
        while digits.hasSuffix("0") { digits = digits.dropLast() }
        fraction = digits
    }

    public var description: String { text }

    public static func == (lhs: EDNInstant, rhs: EDNInstant) -> Bool {
        lhs.epochSeconds == rhs.epochSeconds && lhs.fraction == rhs.fraction
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epochSeconds)
        hasher.combine(fraction)
    }

    private static func parse(_ s: [UInt8]) -> (seconds: Int, fraction: String)? {
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= s.count else { return nil }
            var value = 0
            for k in i..<(i + count) {
                guard s[k] >= 48, s[k] <= 57 else { return nil }
                value = value * 10 + Int(s[k] - 48)
            }
            i += count
            return value
        }
        func accept(_ c: Character) -> Bool {
            guard i < s.count, let ascii = c.asciiValue else { return false }
            if s[i] == ascii || (c.isLetter && s[i] == ascii | 0x20) {
                i += 1
                return true
            }
            return false
        }
        guard let year = digits(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = ""
        if accept("-") {
            guard let m = digits(2) else { return nil }
            month = m
            if accept("-") {
                guard let d = digits(2) else { return nil }
                day = d
                if accept("T") {
                    guard let h = digits(2) else { return nil }
                    hour = h
                    if accept(":") {
                        guard let mi = digits(2) else { return nil }
                        minute = mi
                        if accept(":") {
                            guard let sec = digits(2) else { return nil }
                            second = sec
                            if accept(".") {
                                let start = i
                                while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                                guard i > start else { return nil }
                                fraction = String(decoding: s[start..<i], as: UTF8.self)
                            }
                        }
                    }
                }
            }
        }
        var offset = 0
        if accept("Z") {
            offset = 0
        } else if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2), accept(":"), let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        }
        guard i == s.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, fraction)
    }
}
