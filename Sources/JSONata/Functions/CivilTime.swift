import StepwiseAlgorithms

/// Proleptic Gregorian calendar arithmetic on UTC milliseconds, with JavaScript `Date.UTC`'s
/// normalisation of out-of-range fields.
struct CivilTime {
    var year: Int
    var month: Int  // 1...12
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int

    static let millisPerDay = 86_400_000

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    init(millis: Double) {
        let total = millis.rounded(.down).clampedInt
        let days = Self.floorDiv(total, Self.millisPerDay)
        var rest = total - days * Self.millisPerDay
        (year, month, day) = Self.civil(fromDays: days)
        hour = rest / 3_600_000
        rest %= 3_600_000
        minute = rest / 60_000
        rest %= 60_000
        second = rest / 1000
        millisecond = rest % 1000
    }

    /// `Date.UTC(year, month - 1, day, hour, minute, second, ms)`, in Double: fields parsed
    /// from text can be as large as 2^52, whose milliseconds overflow an Int.
    var millis: Double {
        let monthIndex = month - 1
        let y = year + Self.floorDiv(monthIndex, 12)
        let m = monthIndex - Self.floorDiv(monthIndex, 12) * 12 + 1
        let days = Double(Self.days(fromCivil: y, m, 1)) + Double(day) - 1
        let time = ((Double(hour) * 60 + Double(minute)) * 60 + Double(second)) * 1000 + Double(millisecond)
        return days * Double(Self.millisPerDay) + time
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { CivilCalendar.floorDivide(a, b) }

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int { CivilCalendar.days(year: year, month: month, day: day) }

    static func civil(fromDays days: Int) -> (Int, Int, Int) { CivilCalendar.date(days: days) }

    var daysSinceEpoch: Int { Self.days(fromCivil: year, month, day) }

    /// ISO day of the week: Monday 1 … Sunday 7.
    var isoWeekday: Int {
        let weekday = (daysSinceEpoch % 7 + 7 + 3) % 7  // 1970-01-01 was a Thursday (3 from Monday)
        return weekday + 1
    }

    var dayOfYear: Int { daysSinceEpoch - Self.days(fromCivil: year, 1, 1) + 1 }

    /// The Thursday of this date's ISO week (which decides the week's year and month).
    var weekThursday: CivilTime {
        let days = daysSinceEpoch - (isoWeekday - 1) + 3
        let (y, m, d) = Self.civil(fromDays: days)
        return CivilTime(year: y, month: m, day: d)
    }
}
