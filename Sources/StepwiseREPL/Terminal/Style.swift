/// ANSI styling, on only when output goes to a terminal that wants it.
public struct Style: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// On for a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`.
    public static func forTerminal(isTTY: Bool, environment: [String: String]) -> Style {
        Style(enabled: isTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb")
    }

    public static let plain = Style(enabled: false)

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String { wrap("1", text) }
    public func dim(_ text: String) -> String { wrap("2", text) }
    public func red(_ text: String) -> String { wrap("31", text) }
    public func green(_ text: String) -> String { wrap("32", text) }
    public func yellow(_ text: String) -> String { wrap("33", text) }
    public func cyan(_ text: String) -> String { wrap("36", text) }
}
