import Foundation

/// XPath integer pictures (`0001`, `#,##0`, `a`, `I`, `w`, `Ww;o`), for `$formatInteger`,
/// `$parseInteger` and the components of date/time pictures.
struct IntegerPicture {
    enum Primary { case decimal, letters, roman, words, sequence }
    enum LetterCase { case upper, lower, title }

    var primary = Primary.decimal
    var letterCase = LetterCase.lower
    var ordinal = false
    var zeroCode: UInt32 = 0x30
    var mandatoryDigits = 0
    var optionalDigits = 0
    /// Regular grouping: a separator every `regularPosition` digits.
    var regularPosition: Int?
    var regularSeparator = ""
    /// Irregular grouping: separators at positions counted from the right.
    var separators: [(position: Int, character: String)] = []
    var token = ""

    /// Zero code points of the Unicode decimal digit families.
    static let zeroCodes: [UInt32] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
        0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0,
        0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ]

    static func digitFamily(_ scalar: UInt32) -> UInt32? {
        zeroCodes.first { scalar >= $0 && scalar <= $0 + 9 }
    }

    /// Plain decimal digits (`1`).
    init() {}

    init(_ picture: String) throws(JSONataError) {
        var primaryText = picture
        if let semicolon = picture.lastIndex(of: ";") {
            primaryText = String(picture[..<semicolon])
            if picture[picture.index(after: semicolon)...].hasPrefix("o") { ordinal = true }
        }
        switch primaryText {
        case "A": letterCase = .upper; primary = .letters
        case "a": primary = .letters
        case "I": letterCase = .upper; primary = .roman
        case "i": primary = .roman
        case "W": letterCase = .upper; primary = .words
        case "Ww": letterCase = .title; primary = .words
        case "w": primary = .words
        default: try analyseDecimal(primaryText)
        }
    }

    private mutating func analyseDecimal(_ text: String) throws(JSONataError) {
        var family: UInt32?
        var digitCount = 0
        var found: [(position: Int, character: String)] = []
        for scalar in text.unicodeScalars.reversed() {
            if let zero = Self.digitFamily(scalar.value) {
                if let family, family != zero { throw JSONataError(code: "D3131") }
                family = zero
                mandatoryDigits += 1
                digitCount += 1
            } else if scalar == "#" {
                optionalDigits += 1
                digitCount += 1
            } else {
                found.append((digitCount, String(scalar)))
            }
        }
        guard mandatoryDigits > 0, let family else {
            primary = .sequence
            token = text
            return
        }
        primary = .decimal
        zeroCode = family
        if let regular = Self.regularGrouping(found) {
            regularPosition = regular
            regularSeparator = found[0].character
        } else {
            separators = found
        }
    }

    /// The interval of a regular grouping (same separator at every multiple of it), if any.
    private static func regularGrouping(_ separators: [(position: Int, character: String)]) -> Int? {
        guard let first = separators.first else { return nil }
        guard separators.allSatisfy({ $0.character == first.character }) else { return nil }
        let positions = separators.map(\.position)
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let interval = positions.reduce(0, gcd)
        guard interval > 0 else { return nil }
        let present = Set(positions)
        for multiple in 1...positions.count where !present.contains(multiple * interval) { return nil }
        return interval
    }

    // MARK: formatting

    /// Draws on `meter` for the digits, padding and separators before building them.
    func format(_ value: Double, _ meter: BudgetMeter) throws(JSONataError) -> String {
        let negative = value < 0
        let n = abs(value)
        var text: String
        switch primary {
        case .letters:
            text = Self.letters(n, upper: letterCase == .upper)
        case .roman:
            guard n <= 1e7 else {
                throw JSONataError(code: "D3130", value: JSNumber.string(n),
                                   message: "The number \(JSNumber.string(n)) is too large to write in Roman numerals")
            }
            text = Self.roman(n.clampedInt)
            if letterCase != .upper { text = text.lowercased() }
        case .words:
            // Words for infinity or NaN would never end (the reference overflows its stack).
            guard n.isFinite else { throw JSONataError(code: "D1001", value: JSNumber.string(value)) }
            text = Self.words(n, ordinal: ordinal)
            if letterCase == .upper { text = text.uppercased() } else if letterCase == .lower { text = text.lowercased() }
        case .decimal:
            text = try formatDecimal(n, meter)
        case .sequence:
            throw JSONataError(code: "D3130", value: token)
        }
        return negative ? "-" + text : text
    }

    private func formatDecimal(_ n: Double, _ meter: BudgetMeter) throws(JSONataError) -> String {
        var digits = JSNumber.string(n)
        let length = max(digits.count, mandatoryDigits)
        // Each separator inserted moves the digits after it.
        try meter.charge(length * (1 + separators.count + (regularPosition.map { length / $0 } ?? 0)))
        if digits.count < mandatoryDigits {
            digits = String(repeating: "0", count: mandatoryDigits - digits.count) + digits
        }
        if zeroCode != 0x30 {
            digits = String(String.UnicodeScalarView(digits.unicodeScalars.map { scalar in
                guard scalar.value >= 0x30, scalar.value <= 0x39, let mapped = Unicode.Scalar(zeroCode + scalar.value - 0x30)
                else { return scalar }
                return mapped
            }))
        }
        var scalars = Array(digits.unicodeScalars).map { String($0) }
        if let interval = regularPosition {
            var group = (scalars.count - 1) / interval
            while group > 0 {
                scalars.insert(regularSeparator, at: scalars.count - group * interval)
                group -= 1
            }
        } else {
            for separator in separators.reversed() where separator.position <= scalars.count {
                scalars.insert(separator.character, at: scalars.count - separator.position)
            }
        }
        var result = scalars.joined()
        if ordinal {
            let last = digits.last
            let tens = digits.count > 1 ? digits[digits.index(digits.endIndex, offsetBy: -2)] : nil
            var suffix = "th"
            if tens != "1" {
                switch last {
                case "1": suffix = "st"
                case "2": suffix = "nd"
                case "3": suffix = "rd"
                default: break
                }
            }
            result += suffix
        }
        return result
    }

    static func letters(_ value: Double, upper: Bool) -> String {
        var n = value.clampedInt
        let base: UInt32 = upper ? 0x41 : 0x61
        var out: [Unicode.Scalar] = []
        while n > 0 {
            out.insert(Unicode.Scalar(base + UInt32((n - 1) % 26))!, at: 0)
            n = (n - 1) / 26
        }
        return String(String.UnicodeScalarView(out))
    }

    private static let romanNumerals: [(Int, String)] = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
        (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]

    static func roman(_ value: Int) -> String {
        var n = value
        var out = ""
        for (amount, numeral) in romanNumerals {
            while n >= amount {
                out += numeral
                n -= amount
            }
        }
        return out
    }

    static let few = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
                      "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"]
    static let ordinals = ["Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
                           "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth",
                           "Seventeenth", "Eighteenth", "Nineteenth"]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    static func words(_ value: Double, ordinal: Bool) -> String {
        words(value.rounded(.down), following: false, ordinal: ordinal)
    }

    private static func words(_ n: Double, following: Bool, ordinal: Bool) -> String {
        var text = ""
        if n <= 19 {
            text = (following ? " and " : "") + (ordinal ? ordinals[Int(n)] : few[Int(n)])
        } else if n < 100 {
            let tens = Int(n / 10)
            let rest = n.truncatingRemainder(dividingBy: 10)
            text = (following ? " and " : "") + decades[tens - 2]
            if rest > 0 {
                text += "-" + words(rest, following: false, ordinal: ordinal)
            } else if ordinal {
                text = String(text.dropLast()) + "ieth"
            }
        } else if n < 1000 {
            let hundreds = Int(n / 100)
            let rest = n.truncatingRemainder(dividingBy: 100)
            text = (following ? ", " : "") + few[hundreds] + " Hundred"
            if rest > 0 {
                text += words(rest, following: true, ordinal: ordinal)
            } else if ordinal {
                text += "th"
            }
        } else {
            var magnitude = Int((log10(n) / 3).rounded(.down))
            if magnitude > magnitudes.count { magnitude = magnitudes.count }
            let factor = pow(10, Double(magnitude * 3))
            let mantissa = (n / factor).rounded(.down)
            let rest = n - mantissa * factor
            text = (following ? ", " : "") + words(mantissa, following: false, ordinal: false) + " " + magnitudes[magnitude - 1]
            if rest > 0 {
                text += words(rest, following: true, ordinal: ordinal)
            } else if ordinal {
                text += "th"
            }
        }
        return text
    }

    // MARK: parsing

    func parse(_ text: String) throws(JSONataError) -> Double? {
        switch primary {
        case .letters:
            let base: UInt32 = letterCase == .upper ? 0x41 : 0x61
            var total = 0.0
            for (i, scalar) in text.unicodeScalars.reversed().enumerated() {
                total += Double(Int(scalar.value) - Int(base) + 1) * pow(26, Double(i))
            }
            return total
        case .roman:
            let values: [Character: Int] = ["M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1]
            var total = 0
            var max = 1
            for ch in text.uppercased().reversed() {
                let value = values[ch] ?? 0
                if value < max {
                    total -= value
                } else {
                    max = value
                    total += value
                }
            }
            return Double(total)
        case .words:
            return Self.wordsToNumber(text.lowercased())
        case .decimal:
            var scalars = Array(text.unicodeScalars)
            if ordinal { scalars = Array(scalars.dropLast(2)) }
            let separatorSet = Set((regularPosition != nil ? [regularSeparator] : separators.map(\.character)))
            var digits = ""
            for scalar in scalars where !separatorSet.contains(String(scalar)) {
                if let zero = Self.digitFamily(scalar.value) {
                    digits.unicodeScalars.append(Unicode.Scalar(0x30 + scalar.value - zero)!)
                } else {
                    digits.unicodeScalars.append(scalar)
                }
            }
            let leading = digits.prefix(while: { $0.isASCII && $0.isNumber })
            return Double(leading)
        case .sequence:
            throw JSONataError(code: "D3130", value: token)
        }
    }

    static let wordValues: [String: Double] = {
        var values: [String: Double] = [:]
        for (i, word) in few.enumerated() { values[word.lowercased()] = Double(i) }
        for (i, word) in ordinals.enumerated() { values[word.lowercased()] = Double(i) }
        for (i, word) in decades.enumerated() {
            let lower = word.lowercased()
            values[lower] = Double(10 * (i + 2))
            values[String(lower.dropLast()) + "ieth"] = Double(10 * (i + 2))
        }
        values["hundredth"] = 100
        for (i, word) in magnitudes.enumerated() {
            let lower = word.lowercased()
            let value = pow(10, Double(3 * (i + 1)))
            values[lower] = value
            values[lower + "th"] = value
        }
        return values
    }()

    static func wordsToNumber(_ text: String) -> Double? {
        // Split at ", ", " and ", spaces and hyphens.
        let normalized = text.replacingOccurrences(of: ", ", with: " ").replacingOccurrences(of: " and ", with: " ")
        let parts = normalized.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        var segments: [Double] = [0]
        for part in parts {
            guard let value = wordValues[part] else { return nil }
            if value < 100 {
                var top = segments.removeLast()
                if top >= 1000 {
                    segments.append(top)
                    top = 0
                }
                segments.append(top + value)
            } else {
                segments.append(segments.removeLast() * value)
            }
        }
        return segments.reduce(0, +)
    }
}
