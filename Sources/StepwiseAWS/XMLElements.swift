/// Reads elements out of the small, flat XML documents AWS's XML protocols answer with (S3's
/// `<Error>`, SNS's `<PublishResult>`). They are tiny and never nest an element inside one of
/// the same name, so a full XML parser would add a dependency (libxml2) for nothing.
enum XMLElements {
    /// The text of the first `<name>` element, entities decoded.
    static func first(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else {
            return nil
        }
        return unescape(String(xml[open.upperBound..<close.lowerBound]))
    }

    private static func unescape(_ text: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")]
            .reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
