/// The header block and `SignedHeaders` list of the canonical request.
struct CanonicalHeaders {
    /// Lower-case names, sorted, each with its values folded and comma-joined.
    let entries: [(name: String, value: String)]

    /// Groups `headers` by lower-case name (values joined with `,` in order of appearance) and
    /// keeps the names `include` accepts.
    init(_ headers: [HTTPHeader], including include: (String) -> Bool) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            guard include(name) else { continue }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(CanonicalHeaders.fold(header.value))
        }
        entries = order.sorted().map { ($0, values[$0, default: []].joined(separator: ",")) }
    }

    /// `host;x-amz-date;…`
    var signedHeaders: String { entries.map(\.name).joined(separator: ";") }

    /// One `name:value` line per header, each ending in a newline.
    var block: String { entries.map { "\($0.name):\($0.value)\n" }.joined() }

    /// Trims the value and collapses every run of whitespace, including obsolete line folding
    /// (a newline followed by indentation), to one space.
    static func fold(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            .joined(separator: " ")
    }
}
