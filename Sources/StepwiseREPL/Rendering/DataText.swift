import StatesLanguage
import StepwiseJSON

/// JSON values as the shell shows them: EDN, the way definitions are written.
public enum DataText {
    public static func compact(_ value: JSONValue) -> String {
        EDNPrinter.compact(SugaredEDN.ednData(from: value))
    }

    public static func pretty(_ value: JSONValue, width: Int = 80) -> String {
        EDNPrinter.pretty(SugaredEDN.ednData(from: value), width: width)
    }

    /// The compact form cut to `limit` characters (with `…`), for one-line summaries.
    public static func abbreviated(_ value: JSONValue, limit: Int) -> String {
        let text = compact(value)
        return text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }

    /// A payload that travels as JSON text (history details, TestState): shown as EDN when it
    /// parses, as the text itself otherwise.
    static func payload(_ text: String, limit: Int? = nil) -> String {
        guard let value = try? JSONParser.parse(text) else { return text }
        return limit.map { abbreviated(value, limit: $0) } ?? compact(value)
    }
}

/// Durations and offsets for people: `0.4 ms`, `12 ms`, `1.25 s`, `2 min 5 s`.
enum DurationText {
    static func format(_ seconds: Double) -> String {
        let ms = seconds * 1000
        if ms < 10 { return "\(rounded(ms, places: 1)) ms" }
        if ms < 1000 { return "\(Int(ms.rounded())) ms" }
        if seconds < 60 { return "\(rounded(seconds, places: 2)) s" }
        return "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }

    static func milliseconds(_ seconds: Double) -> String {
        let ms = seconds * 1000
        return ms < 10 ? rounded(ms, places: 1) : "\(Int(ms.rounded()))"
    }

    private static func rounded(_ value: Double, places: Int) -> String {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let scaled = (value * factor).rounded() / factor
        var text = "\(scaled)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

extension String {
    /// Pads with spaces to `width` characters.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    /// An EDN string literal.
    var ednLiteral: String { EDNPrinter.compact(.string(self)) }
}
