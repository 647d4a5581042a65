import Foundation

/// `$formatNumber`: XPath F&O 3.1 `format-number` pictures (`#,##0.00`, `0.0e0`, `50%`,
/// `#;(#)`), with the decimal-format properties overridable by an options object.
struct NumberPicture {
    private var properties: [String: Character] = [
        "decimal-separator": ".", "grouping-separator": ",", "exponent-separator": "e", "minus-sign": "-",
        "percent": "%", "per-mille": "\u{2030}", "zero-digit": "0", "digit": "#", "pattern-separator": ";",
    ]
    private let digits: [Character]
    private let active: Set<Character>

    private struct Parts {
        var prefix: [Character]
        var suffix: [Character]
        var active: [Character]
        var mantissa: [Character]
        var exponent: [Character]?
        var integer: [Character]
        var fractional: [Character]
        var subpicture: [Character]
    }

    private struct Analysis {
        var integerGrouping: [Int]
        var regularGrouping: Int
        var minimumInteger: Int
        var scalingFactor: Int
        var prefix: [Character]
        var fractionalGrouping: [Int]
        var minimumFraction: Int
        var maximumFraction: Int
        var minimumExponent: Int
        var suffix: [Character]
        var picture: [Character]
    }

    init(options: JObject?) {
        for (key, value) in options?.fields ?? [:] {
            if case .string(let s) = value, let first = s.first { properties[key] = first }
        }
        let props = properties
        let zero = props["zero-digit"]!.unicodeScalars.first!.value
        // The ten code points from the zero digit; those that are no Unicode scalar (surrogates,
        // beyond U+10FFFF) print as U+FFFD, as JavaScript's lone surrogates do once encoded.
        let family = (0..<10).map { Character(Unicode.Scalar(zero + $0) ?? "\u{FFFD}") }
        digits = family
        active = Set(family + ["decimal-separator", "exponent-separator", "grouping-separator", "digit", "pattern-separator"].compactMap { props[$0] })
    }

    private func p(_ name: String) -> Character { properties[name]! }

    /// Draws on `meter` for the picture's analysis and for every digit, padding and separator
    /// of the text, before building it.
    func format(_ value: Double, picture: String, _ meter: BudgetMeter) throws(JSONataError) -> String {
        let characters = Array(picture)
        // Analysing a sub-picture counts the digits on one side of every grouping separator.
        try meter.charge(characters.count * (1 + characters.filter { $0 == p("grouping-separator") }.count))
        let subPictures = characters.split(separator: p("pattern-separator"), omittingEmptySubsequences: false).map(Array.init)
        if subPictures.count > 2 { throw JSONataError(code: "D3080") }
        let parts = subPictures.map(split)
        for part in parts { try validate(part) }
        var analyses = parts.map(analyse)
        if analyses.count == 1 {
            var negative = analyses[0]
            negative.prefix = [p("minus-sign")] + negative.prefix
            analyses.append(negative)
        }
        let pic = value >= 0 ? analyses[0] : analyses[1]
        var adjusted = value
        if pic.picture.contains(p("percent")) {
            adjusted = value * 100
        } else if pic.picture.contains(p("per-mille")) {
            adjusted = value * 1000
        }
        var mantissa = adjusted
        var exponent: Int?
        if pic.minimumExponent != 0 {
            let maxMantissa = pow(10, Double(pic.scalingFactor))
            let minMantissa = pow(10, Double(pic.scalingFactor - 1))
            var e = 0
            // Zero and non-finite values have no normalised mantissa (and would never converge).
            if mantissa != 0 && mantissa.isFinite {
                while abs(mantissa) < minMantissa {
                    mantissa *= 10
                    e -= 1
                }
                while abs(mantissa) > maxMantissa {
                    mantissa /= 10
                    e += 1
                }
            }
            exponent = e
        }
        let rounded = NumericFunctions.round(mantissa, precision: pic.maximumFraction)
        let zero = p("zero-digit")
        let separator = p("decimal-separator")
        // The digits of a Double (at most 309 before the point), the fraction and the padding.
        try meter.charge(pic.maximumFraction + max(pic.minimumInteger, 310) + pic.minimumFraction)
        var text = Array(fixed(abs(rounded), pic.maximumFraction))
        if let dot = text.firstIndex(of: ".") { text[dot] = separator } else { text.append(separator) }
        while text.first == zero { text.removeFirst() }
        while text.last == zero { text.removeLast() }
        var decimalPos = text.firstIndex(of: separator) ?? text.count
        let padLeft = pic.minimumInteger - decimalPos
        let padRight = pic.minimumFraction - (text.count - decimalPos - 1)
        if padLeft > 0 { text = Array(repeating: zero, count: padLeft) + text }
        if padRight > 0 { text += Array(repeating: zero, count: padRight) }
        decimalPos = text.firstIndex(of: separator) ?? text.count
        let grouping = p("grouping-separator")
        // Each separator inserted moves the text after it.
        try meter.charge(text.count * (pic.integerGrouping.count + pic.fractionalGrouping.count
                                       + (pic.regularGrouping > 0 ? decimalPos / pic.regularGrouping : 0)))
        if pic.regularGrouping > 0 {
            let groups = (decimalPos - 1) / pic.regularGrouping
            if groups >= 1 {
                for group in 1...groups {
                    text.insert(grouping, at: decimalPos - group * pic.regularGrouping)
                }
            }
        } else {
            for position in pic.integerGrouping where decimalPos - position >= 0 && decimalPos - position <= text.count {
                text.insert(grouping, at: decimalPos - position)
                decimalPos += 1
            }
        }
        decimalPos = text.firstIndex(of: separator) ?? text.count
        for position in pic.fractionalGrouping where position + decimalPos + 1 <= text.count {
            text.insert(grouping, at: position + decimalPos + 1)
        }
        decimalPos = text.firstIndex(of: separator) ?? text.count
        if pic.maximumFraction == 0 || decimalPos == text.count - 1 {
            text.removeLast()
        }
        if let exponent {
            var exponentText = Array(fixed(Double(abs(exponent)), 0))
            let pad = pic.minimumExponent - exponentText.count
            if pad > 0 { exponentText = Array(repeating: zero, count: pad) + exponentText }
            text += [p("exponent-separator")] + (exponent < 0 ? [p("minus-sign")] : []) + exponentText
        }
        return String(pic.prefix + text + pic.suffix)
    }

    /// `toFixed` with the digits mapped to the picture's digit family.
    private func fixed(_ value: Double, _ places: Int) -> String {
        let text = String(format: "%.\(places)f", value)
        guard p("zero-digit") != "0" else { return text }
        return String(text.map { ch in
            guard let d = ch.wholeNumberValue, ch.isASCII else { return ch }
            return digits[d]
        })
    }

    private func isDigit(_ ch: Character) -> Bool { digits.contains(ch) }

    private func split(_ sub: [Character]) -> Parts {
        let exponentSeparator = p("exponent-separator")
        let prefixEnd = sub.firstIndex { active.contains($0) && $0 != exponentSeparator } ?? sub.count
        let suffixStart = (sub.lastIndex { active.contains($0) && $0 != exponentSeparator }).map { $0 + 1 } ?? sub.count
        let prefix = Array(sub[..<prefixEnd])
        let suffix = prefixEnd >= sub.count ? [] : Array(sub[suffixStart...])
        let activePart = prefixEnd <= sub.count - suffix.count ? Array(sub[prefixEnd..<(sub.count - suffix.count)]) : []
        var mantissa = activePart
        var exponent: [Character]?
        if prefixEnd < sub.count, let position = sub[prefixEnd...].firstIndex(of: exponentSeparator),
            position <= sub.count - suffix.count {
            // As the reference does, the offset in the sub-picture is applied to the active part.
            mantissa = Array(activePart[..<min(position, activePart.count)])
            exponent = position + 1 <= activePart.count ? Array(activePart[(position + 1)...]) : []
        }
        var integer = mantissa
        var fractional = suffix
        if let dot = mantissa.firstIndex(of: p("decimal-separator")) {
            integer = Array(mantissa[..<dot])
            fractional = Array(mantissa[(dot + 1)...])
        }
        return Parts(prefix: prefix, suffix: suffix, active: activePart, mantissa: mantissa, exponent: exponent,
                     integer: integer, fractional: fractional, subpicture: sub)
    }

    private func validate(_ parts: Parts) throws(JSONataError) {
        let sub = parts.subpicture
        var error: String?
        func count(_ ch: Character) -> Int { sub.filter { $0 == ch }.count }
        let separator = p("decimal-separator")
        let grouping = p("grouping-separator")
        if count(separator) > 1 { error = "D3081" }
        if count(p("percent")) > 1 { error = "D3082" }
        if count(p("per-mille")) > 1 { error = "D3083" }
        if count(p("percent")) > 0 && count(p("per-mille")) > 0 { error = "D3084" }
        if !parts.mantissa.contains(where: { isDigit($0) || $0 == p("digit") }) { error = "D3085" }
        if parts.active.contains(where: { !active.contains($0) }) { error = "D3086" }
        if let dot = sub.firstIndex(of: separator) {
            if (dot > 0 && sub[dot - 1] == grouping) || (dot + 1 < sub.count && sub[dot + 1] == grouping) {
                error = "D3087"
            }
        } else if parts.integer.last == grouping {
            error = "D3088"
        }
        if zip(sub, sub.dropFirst()).contains(where: { $0 == grouping && $1 == grouping }) { error = "D3089" }
        if let optional = parts.integer.firstIndex(of: p("digit")), parts.integer[..<optional].contains(where: isDigit) {
            error = "D3090"
        }
        if let optional = parts.fractional.lastIndex(of: p("digit")), parts.fractional[optional...].contains(where: isDigit) {
            error = "D3091"
        }
        if let exponent = parts.exponent {
            if !exponent.isEmpty && (count(p("percent")) > 0 || count(p("per-mille")) > 0) { error = "D3092" }
            if exponent.isEmpty || exponent.contains(where: { !isDigit($0) }) { error = "D3093" }
        }
        if let error { throw JSONataError(code: error) }
    }

    private func analyse(_ parts: Parts) -> Analysis {
        let grouping = p("grouping-separator")
        func groupingPositions(_ part: [Character], toLeft: Bool) -> [Int] {
            var positions: [Int] = []
            var index = part.firstIndex(of: grouping)
            while let position = index {
                let side = toLeft ? part[..<position] : part[position...]
                positions.append(side.filter { isDigit($0) || $0 == p("digit") }.count)
                // The reference searches the integer part for the next separator, in both cases.
                index = position + 1 < parts.integer.count ? parts.integer[(position + 1)...].firstIndex(of: grouping) : nil
            }
            return positions
        }
        let integerGrouping = groupingPositions(parts.integer, toLeft: false)
        var regular = 0
        if !integerGrouping.isEmpty {
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            let factor = integerGrouping.dropFirst().reduce(integerGrouping[0], gcd)
            regular = factor
            let positions = Set(integerGrouping)
            for index in 1...integerGrouping.count where !positions.contains(index * factor) {
                regular = 0
                break
            }
        }
        var minimumInteger = parts.integer.filter(isDigit).count
        let scaling = minimumInteger
        var minimumFraction = parts.fractional.filter(isDigit).count
        var maximumFraction = parts.fractional.filter { isDigit($0) || $0 == p("digit") }.count
        let exponentPresent = parts.exponent != nil
        if minimumInteger == 0 && maximumFraction == 0 {
            if exponentPresent {
                minimumFraction = 1
                maximumFraction = 1
            } else {
                minimumInteger = 1
            }
        }
        if exponentPresent && minimumInteger == 0 && parts.integer.contains(p("digit")) { minimumInteger = 1 }
        if minimumInteger == 0 && minimumFraction == 0 { minimumFraction = 1 }
        let minimumExponent = parts.exponent?.filter(isDigit).count ?? 0
        return Analysis(integerGrouping: integerGrouping, regularGrouping: regular, minimumInteger: minimumInteger,
                        scalingFactor: scaling, prefix: parts.prefix,
                        fractionalGrouping: groupingPositions(parts.fractional, toLeft: true),
                        minimumFraction: minimumFraction, maximumFraction: maximumFraction,
                        minimumExponent: minimumExponent, suffix: parts.suffix, picture: parts.subpicture)
    }
}
