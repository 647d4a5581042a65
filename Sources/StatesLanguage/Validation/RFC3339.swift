/// Recognizes RFC 3339 date-times (`2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+02:00`),
/// the form Step Functions requires of timestamps, checking that every field is in range.
enum RFC3339 {
    static func isValid(_ text: String) -> Bool {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.take("-"),
              let month = scanner.number(digits: 2), scanner.take("-"),
              let day = scanner.number(digits: 2), scanner.take("T") || scanner.take("t"),
              let hour = scanner.number(digits: 2), scanner.take(":"),
              let minute = scanner.number(digits: 2), scanner.take(":"),
              let second = scanner.number(digits: 2)
        else { return false }
        if scanner.take(".") {
            guard scanner.skipDigits() > 0 else { return false }
        }
        if !(scanner.take("Z") || scanner.take("z")) {
            guard scanner.take("+") || scanner.take("-"),
                  let offsetHour = scanner.number(digits: 2), scanner.take(":"),
                  let offsetMinute = scanner.number(digits: 2),
                  offsetHour < 24, offsetMinute < 60
            else { return false }
        }
        return scanner.atEnd
            && (1...12).contains(month) && (1...daysIn(month: month, year: year)).contains(day)
            && hour < 24 && minute < 60 && second < 60
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Reads ASCII digits and punctuation off a byte string.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// Exactly `digits` decimal digits as a number.
    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + digits] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += digits
        return value
    }

    /// Skips a run of digits and returns how many there were.
    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }
}
