import Foundation

/// `$toMillis`: ISO 8601 timestamps, or text laid out by a date/time picture.
enum DateTimeParser {
    private static let isoPattern = try! NSRegularExpression(
        pattern: #"^(\d{4})(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$"#)
    private static let isoFields = try! NSRegularExpression(
        pattern: #"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?(?:([+-])(\d{2}):?(\d{2})|Z)?$"#)

    /// Milliseconds of an ISO 8601 timestamp; `D3110` when it is not one.
    static func iso(_ text: String, _ meter: BudgetMeter) throws(JSONataError) -> Double? {
        // The repeated groups backtrack quadratically on long text: the matching is metered.
        guard try !isoPattern.matches(in: text, from: 0, limit: 1, meter).isEmpty else {
            throw JSONataError(code: "D3110", value: JSONText.render(.string(text)))
        }
        // Forms the pattern admits but Date.parse rejects (repeated fields) are not a date.
        guard let match = try isoFields.matches(in: text, from: 0, limit: 1, meter).first else { return nil }
        func field(_ index: Int) -> String? {
            let r = match.range(at: index)
            guard r.location != NSNotFound, let swiftRange = Range(r, in: text) else { return nil }
            return String(text[swiftRange])
        }
        func int(_ index: Int, _ fallback: Int) -> Int { field(index).flatMap { Int($0) } ?? fallback }
        let month = int(2, 1)
        let day = int(3, 1)
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var millis = 0
        if let fraction = field(7) {
            millis = Int((fraction + "000").prefix(3)) ?? 0
        }
        var time = CivilTime(year: int(1, 1970), month: month, day: day, hour: int(4, 0), minute: int(5, 0),
                             second: int(6, 0), millisecond: millis).millis
        if let sign = field(8) {
            let offset = (int(9, 0) * 60 + int(10, 0)) * 60_000
            time += Double(sign == "-" ? offset : -offset)
        }
        return time
    }

    private struct Matcher {
        var pattern: String
        var component: Character?
        var parse: ((String) -> Double?)?
    }

    /// Milliseconds of `text` read with `picture`; nil when the text does not match it.
    static func parse(_ text: String, picture: String, now: Date, _ meter: BudgetMeter) throws(JSONataError) -> Double? {
        let spec = try DateTimePicture(picture)
        var matchers: [Matcher] = []
        for part in spec.parts {
            switch part {
            case .literal(let literal):
                matchers.append(Matcher(pattern: NSRegularExpression.escapedPattern(for: literal)))
            case .marker(let marker):
                matchers.append(try matcher(for: marker))
            }
        }
        let full = "^" + matchers.map { "(\($0.pattern))" }.joined() + "$"
        // Adjacent variable-width fields (`[Y][M][D]` are each `[0-9]+`) backtrack polynomially:
        // the matching is metered.
        guard let regex = try? NSRegularExpression(pattern: full, options: [.caseInsensitive]),
            let match = try regex.matches(in: text, from: 0, limit: 1, meter).first
        else { return nil }
        var components: [Character: Double] = [:]
        for (index, matcher) in matchers.enumerated() {
            guard let component = matcher.component, let parse = matcher.parse else { continue }
            let r = match.range(at: index + 1)
            guard r.location != NSNotFound, let swiftRange = Range(r, in: text) else { continue }
            if let value = parse(String(text[swiftRange])) { components[component] = value }
        }
        if components.isEmpty { return nil }
        return try assemble(&components, now: now)
    }

    private static func matcher(for marker: DateTimePicture.Marker) throws(JSONataError) -> Matcher {
        let component = marker.component
        if component == "Z" || component == "z" {
            let separator = marker.integerFormat?.regularPosition != nil ? marker.integerFormat?.regularSeparator : nil
            var pattern = component == "z" ? "GMT" : ""
            pattern += "[-+][0-9]+"
            if let separator { pattern += NSRegularExpression.escapedPattern(for: separator) + "[0-9]+" }
            return Matcher(pattern: pattern, component: component) { value in
                var text = Substring(value)
                if component == "z" { text = text.dropFirst(3) }
                var hours = 0
                var minutes = 0
                if let separator, let cut = text.range(of: separator) {
                    hours = DateTimePicture.leadingInt(String(text[..<cut.lowerBound])) ?? 0
                    minutes = DateTimePicture.leadingInt(String(text[cut.upperBound...])) ?? 0
                } else if text.count - 1 <= 2 {
                    hours = DateTimePicture.leadingInt(String(text)) ?? 0
                } else {
                    hours = DateTimePicture.leadingInt(String(text.prefix(3))) ?? 0
                    minutes = DateTimePicture.leadingInt(String(text.dropFirst(3))) ?? 0
                }
                return Double(hours * 60 + minutes)
            }
        }
        if let format = marker.integerFormat {
            return try integerMatcher(format, component: component)
        }
        var lookup: [String: Double] = [:]
        switch component {
        case "M", "x":
            for (i, name) in DateTimePicture.months.enumerated() {
                lookup[(marker.widthMax.map { String(name.prefix($0)) } ?? name).lowercased()] = Double(i + 1)
            }
        case "F":
            for (i, name) in DateTimePicture.days.dropFirst().enumerated() {
                lookup[(marker.widthMax.map { String(name.prefix($0)) } ?? name).lowercased()] = Double(i + 1)
            }
        case "P":
            lookup = ["am": 0, "pm": 1]
        default:
            throw JSONataError(code: "D3133", value: JSONText.render(.string(String(component))))
        }
        return Matcher(pattern: "[a-zA-Z]+", component: component) { lookup[$0.lowercased()] }
    }

    private static func integerMatcher(_ format: IntegerPicture, component: Character) throws(JSONataError) -> Matcher {
        let upper = format.letterCase == .upper
        switch format.primary {
        case .letters:
            return Matcher(pattern: upper ? "[A-Z]+" : "[a-z]+", component: component) { try? format.parse($0) ?? nil }
        case .roman:
            return Matcher(pattern: upper ? "[MDCLXVI]+" : "[mdclxvi]+", component: component) { try? format.parse($0) ?? nil }
        case .words:
            let words = IntegerPicture.wordValues.keys.sorted { $0.count > $1.count } + ["and", "[\\-, ]"]
            return Matcher(pattern: "(?:" + words.joined(separator: "|") + ")+", component: component) {
                IntegerPicture.wordsToNumber($0.lowercased())
            }
        case .decimal:
            // Fixed-width fields (`[Y0001]`, `[M01]`) take exactly their digits, so that
            // pictures without separators (`[Y0001][M01][D01]`) can be read.
            var pattern = format.optionalDigits == 0 && format.mandatoryDigits > 1
                ? "[0-9]{\(format.mandatoryDigits)}" : "[0-9]+"
            if format.ordinal { pattern += "(?:th|st|nd|rd)" }
            return Matcher(pattern: pattern, component: component) { try? format.parse($0) ?? nil }
        case .sequence:
            throw JSONataError(code: "D3130", value: format.token)
        }
    }

    /// Checks that the parsed fields form a date and time, fills in the rest (more significant
    /// fields from `now`, less significant ones with their minimum), and converts to millis.
    private static func assemble(_ components: inout [Character: Double], now: Date) throws(JSONataError) -> Double {
        func bits(_ parts: String) -> Int {
            parts.reduce(0) { mask, part in (mask << 1) + ((components[part] ?? 0) != 0 ? 1 : 0) }
        }
        func isType(_ type: Int, _ mask: Int) -> Bool { (~type & mask) == 0 && (type & mask) != 0 }
        let dateMask = bits("YXMxWwdD")
        let dateA = isType(161, dateMask)
        let dateB = !dateA && isType(130, dateMask)
        let dateC = isType(84, dateMask)
        let dateD = !dateC && isType(72, dateMask)
        let timeMask = bits("PHhmsf")
        let timeA = isType(23, timeMask)
        let timeB = !timeA && isType(47, timeMask)
        // (The reference lists day-of-year dates as "YB"; its B is never given and defaults to 0.)
        let dateComponents = dateB ? "YB" : dateC ? "XxwF" : dateD ? "XWF" : "YMD"
        let timeComponents = timeB ? "Phmsf" : "Hmsf"
        let current = CivilTime(millis: (now.timeIntervalSince1970 * 1000).rounded(.down))
        var startSpecified = false
        var endSpecified = false
        for part in dateComponents + timeComponents {
            if components[part] == nil {
                if startSpecified {
                    components[part] = "MDd".contains(part) ? 1 : 0
                    endSpecified = true
                } else {
                    components[part] = Double(DateTimePicture.fragment(current, part) ?? 0)
                }
            } else {
                startSpecified = true
                if endSpecified { throw JSONataError(code: "D3136") }
            }
        }
        var month = (components["M"] ?? 1).clampedInt
        if month < 1 { month = 1 }
        var day = (components["D"] ?? 1).clampedInt
        let year = (components["Y"] ?? 1970).clampedInt
        if dateB {
            let firstJan = CivilTime(year: year, month: 1, day: 1).millis
            let derived = CivilTime(millis: firstJan + ((components["d"] ?? 1) - 1) * Double(CivilTime.millisPerDay))
            month = derived.month
            day = derived.day
        }
        if dateC || dateD { throw JSONataError(code: "D3136") }
        var hour = (components["H"] ?? 0).clampedInt
        if timeB {
            let h = (components["h"] ?? 0).clampedInt
            hour = h == 12 ? 0 : h
            if components["P"] == 1 { hour += 12 }
        }
        var millis = CivilTime(year: year, month: month, day: day, hour: hour, minute: (components["m"] ?? 0).clampedInt,
                               second: (components["s"] ?? 0).clampedInt, millisecond: (components["f"] ?? 0).clampedInt).millis
        if let offset = components["Z"] ?? components["z"], offset != 0 {
            millis -= offset * 60_000
        }
        return millis
    }
}
