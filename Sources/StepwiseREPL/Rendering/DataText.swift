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
