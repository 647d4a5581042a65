import Foundation
import StepwiseAlgorithms

/// An instant read from an RFC 3339 date-time as Step Functions accepts it: an uppercase `T`
/// between date and time, seconds present, up to nine fraction digits, and an offset that is
/// `Z` or `±hh:mm` (`2016-08-18T17:33:00Z`). Kept as whole seconds plus nanoseconds so
/// comparisons are exact.
public struct Timestamp: Sendable, Hashable, Comparable {
    public let epochSeconds: Int64
    public let nanoseconds: Int

    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for i in start..<start + count {
                guard (48...57).contains(b[i]) else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        func byte(_ i: Int, _ c: Character) -> Bool { i < b.count && b[i] == c.asciiValue }
        guard let year = digits(0, 4), byte(4, "-"), let month = digits(5, 2), byte(7, "-"), let day = digits(8, 2),
              byte(10, "T"), let hour = digits(11, 2), byte(13, ":"), let minute = digits(14, 2), byte(16, ":"),
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var nanos = 0
        if byte(i, ".") {
            i += 1
            let start = i
            while i < b.count, (48...57).contains(b[i]) { i += 1 }
            let count = i - start
            guard (1...9).contains(count), let fraction = digits(start, count) else { return nil }
            nanos = (count..<9).reduce(fraction) { value, _ in value * 10 }
        }
        let offsetSeconds: Int
        if byte(i, "Z") {
            offsetSeconds = 0
            i += 1
        } else if byte(i, "+") || byte(i, "-") {
            guard let h = digits(i + 1, 2), byte(i + 3, ":"), let m = digits(i + 4, 2), h <= 18, m < 60 else { return nil }
            offsetSeconds = (h * 3600 + m * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        epochSeconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        nanoseconds = nanos
    }

    public var date: Date {
        Date(timeIntervalSince1970: Double(epochSeconds) + Double(nanoseconds) / 1e9)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.epochSeconds, lhs.nanoseconds) < (rhs.epochSeconds, rhs.nanoseconds)
    }
}
