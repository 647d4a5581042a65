import Foundation

/// XPath date/time pictures (`[Y0001]-[M01]-[D01]`, `[FNn], [D1o] [MNn]`), for `$fromMillis`,
/// `$now` and `$toMillis`.
struct DateTimePicture {
    enum Names { case lower, upper, title }

    struct Marker {
        var component: Character
        var presentation1 = ""
        var presentation2: Character?
        var widthMin: Int?
        var widthMax: Int?
        var names: Names?
        var integerFormat: IntegerPicture?
        /// Year digits to keep (`[Y,2]`), -1 for all.
        var yearDigits = -1
    }

    enum Part {
        case literal(String)
        case marker(Marker)
    }

    let parts: [Part]

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let defaultPresentation: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
        "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]
    static let iso8601 = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

    init(_ picture: String) throws(JSONataError) {
        let chars = Array(picture)
        var parts: [Part] = []
        var start = 0
        var pos = 0
        func addLiteral(_ from: Int, _ to: Int) {
            guard to > from else { return }
            parts.append(.literal(String(chars[from..<to]).replacingOccurrences(of: "]]", with: "]")))
        }
        while pos < chars.count {
            if chars[pos] == "[" {
                if pos + 1 < chars.count && chars[pos + 1] == "[" {
                    addLiteral(start, pos)
                    parts.append(.literal("["))
                    pos += 2
                    start = pos
                    continue
                }
                addLiteral(start, pos)
                start = pos
                guard let close = chars[start...].firstIndex(of: "]") else { throw JSONataError(code: "D3135") }
                pos = close
                let marker = String(chars[(start + 1)..<pos].filter { !$0.isWhitespace })
                parts.append(.marker(try Self.marker(marker)))
                start = pos + 1
            }
            pos += 1
        }
        addLiteral(start, chars.count)
        self.parts = parts
    }

    private static func marker(_ text: String) throws(JSONataError) -> Marker {
        guard let component = text.first else { throw JSONataError(code: "D3132", value: "\"\"") }
        var def = Marker(component: component)
        var modifiers = String(text.dropFirst())
        if let comma = text.lastIndex(of: ",") {
            let width = text[text.index(after: comma)...]
            let bounds = width.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            func parseWidth(_ s: Substring?) -> Int? {
                guard let s, s != "*" else { return nil }
                return Int(s.prefix(while: { $0.isNumber }))
            }
            def.widthMin = parseWidth(bounds.first)
            def.widthMax = bounds.count > 1 ? parseWidth(bounds[1]) : nil
            // JavaScript's `substring(1, comma)` swaps its bounds when the comma is the component.
            let afterComponent = text.index(after: text.startIndex)
            modifiers = String(comma < afterComponent ? text[comma..<afterComponent] : text[afterComponent..<comma])
        }
        if modifiers.count == 1 {
            def.presentation1 = modifiers
        } else if modifiers.count > 1, let last = modifiers.last, "atco".contains(last) {
            def.presentation2 = last
            def.presentation1 = String(modifiers.dropLast())
        } else if modifiers.count > 1 {
            def.presentation1 = modifiers
        } else if let preset = defaultPresentation[component] {
            def.presentation1 = preset
        } else {
            throw JSONataError(code: "D3132", value: JSONText.render(.string(String(component))))
        }
        if def.presentation1.hasPrefix("n") {
            def.names = .lower
        } else if def.presentation1.hasPrefix("N") {
            def.names = def.presentation1.dropFirst().first == "n" ? .title : .upper
        } else if "YMDdFWwXxHhmsf".contains(component) {
            var pattern = def.presentation1
            if let p2 = def.presentation2 { pattern += ";\(p2)" }
            var format = try IntegerPicture(pattern)
            if let min = def.widthMin, format.mandatoryDigits < min { format.mandatoryDigits = min }
            if "YMD".contains(component) {
                if let max = def.widthMax {
                    def.yearDigits = max
                    format.mandatoryDigits = max
                } else if format.mandatoryDigits + format.optionalDigits >= 2 {
                    def.yearDigits = format.mandatoryDigits + format.optionalDigits
                }
            }
            def.integerFormat = format
        }
        if component == "Z" || component == "z" {
            def.integerFormat = try IntegerPicture(def.presentation1)
        }
        return def
    }

    // MARK: formatting

    /// Formats `millis` in the time zone `offset` (`±HHMM` as hours*100+minutes, JSONata style).
    func format(_ millis: Double, timezone: String?, _ meter: BudgetMeter) throws(JSONataError) -> String {
        var offsetHours = 0
        var offsetMinutes = 0
        if let timezone, let offset = Self.leadingInt(timezone) {
            offsetHours = CivilTime.floorDiv(offset, 100)
            offsetMinutes = offset % 100
        }
        // In Double: a huge offset is a date far away, not an overflow.
        let local = CivilTime(millis: millis + (Double(offsetHours) * 60 + Double(offsetMinutes)) * 60_000)
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .marker(let marker):
                out += try format(marker, local, offsetHours: offsetHours, offsetMinutes: offsetMinutes, meter)
            }
        }
        return out
    }

    /// `parseInt`: optional sign and leading digits.
    static func leadingInt(_ text: String) -> Int? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var sign = 1
        if let first = rest.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        return Int(rest.prefix(while: { $0.isASCII && $0.isNumber })).map { $0 * sign }
    }

    static func fragment(_ date: CivilTime, _ component: Character) -> Int? {
        switch component {
        case "Y": return date.year
        case "M": return date.month
        case "D": return date.day
        case "d": return date.dayOfYear
        case "F": return date.isoWeekday
        case "W":
            let thursday = date.weekThursday
            return (thursday.dayOfYear - 1) / 7 + 1
        case "X": return date.weekThursday.year
        case "w": return (date.weekThursday.day - 1) / 7 + 1
        case "x": return date.weekThursday.month
        case "H": return date.hour
        case "h":
            let h = date.hour % 12
            return h == 0 ? 12 : h
        case "P": return date.hour >= 12 ? 1 : 0
        case "m": return date.minute
        case "s": return date.second
        case "f": return date.millisecond
        default: return nil
        }
    }

    private func format(_ marker: Marker, _ date: CivilTime, offsetHours: Int, offsetMinutes: Int, _ meter: BudgetMeter) throws(JSONataError) -> String {
        let component = marker.component
        if "YMDdFWwXxHhms".contains(component) {
            var value = Self.fragment(date, component) ?? 0
            if component == "Y", marker.yearDigits != -1, marker.yearDigits < 18 {
                value %= Int(pow(10, Double(marker.yearDigits)))
            }
            if let names = marker.names {
                var name: String
                switch component {
                case "M", "x": name = Self.months[max(0, min(11, value - 1))]
                case "F": name = Self.days[max(0, min(7, value))]
                default: throw JSONataError(code: "D3133", value: JSONText.render(.string(String(component))))
                }
                if names == .upper { name = name.uppercased() } else if names == .lower { name = name.lowercased() }
                if let max = marker.widthMax, name.count > max { name = String(name.prefix(max)) }
                return name
            }
            return try (marker.integerFormat ?? IntegerPicture()).format(Double(value), meter)
        }
        switch component {
        case "f":
            return try (marker.integerFormat ?? IntegerPicture()).format(Double(date.millisecond), meter)
        case "Z", "z":
            // In Double: the hours of the largest offsets times 100 overflow an Int.
            let offset = Double(offsetHours) * 100 + Double(offsetMinutes)
            guard let format = marker.integerFormat else { return "" }
            var text: String
            if format.regularPosition != nil {
                text = try format.format(offset, meter)
            } else {
                switch format.mandatoryDigits {
                case 1, 2:
                    text = try format.format(Double(offsetHours), meter)
                    if offsetMinutes != 0 {
                        var twoDigits = IntegerPicture()
                        twoDigits.mandatoryDigits = 2
                        text += ":" + (try twoDigits.format(Double(offsetMinutes), meter))
                    }
                case 3, 4:
                    text = try format.format(offset, meter)
                default:
                    throw JSONataError(code: "D3134", value: String(format.mandatoryDigits))
                }
            }
            if offset >= 0 { text = "+" + text }
            if component == "z" { text = "GMT" + text }
            if offset == 0 && marker.presentation2 == "t" { text = "Z" }
            return text
        case "P":
            let text = date.hour >= 12 ? "pm" : "am"
            return marker.names == .upper ? text.uppercased() : text
        case "C", "E":
            return "ISO"
        default:
            return ""
        }
    }
}
