/// One query parameter in canonical (strictly percent-encoded) form.
struct QueryParameter: Hashable {
    let encodedName: String
    let encodedValue: String

    /// From the wire: decode whatever encoding the client used, then encode canonically, so
    /// `%E1%88%B4`, a raw `ሴ` and `%e1%88%b4` all sign the same.
    init(wireName: Substring, wireValue: Substring) {
        encodedName = URIEncoding.encode(bytes: URIEncoding.decode(String(wireName)), keepingSlashes: false)
        encodedValue = URIEncoding.encode(bytes: URIEncoding.decode(String(wireValue)), keepingSlashes: false)
    }

    /// From plain text (the parameters the signer adds).
    init(name: String, value: String) {
        encodedName = URIEncoding.encode(name)
        encodedValue = URIEncoding.encode(value)
    }

    var name: String { String(decoding: URIEncoding.decode(encodedName), as: UTF8.self) }
    var value: String { String(decoding: URIEncoding.decode(encodedValue), as: UTF8.self) }
    var pair: String { "\(encodedName)=\(encodedValue)" }
}

/// The third line of the canonical request.
enum CanonicalQuery {
    /// `a=1&b&c=` → three parameters; a name without `=` has an empty value.
    static func parse(_ query: String) -> [QueryParameter] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            if let equals = item.firstIndex(of: "=") {
                return QueryParameter(wireName: item[..<equals], wireValue: item[item.index(after: equals)...])
            }
            return QueryParameter(wireName: item, wireValue: "")
        }
    }

    /// Sorted by encoded name, then encoded value (byte order: the encoded forms are ASCII).
    static func make(_ parameters: [QueryParameter]) -> String {
        parameters
            .sorted { ($0.encodedName, $0.encodedValue) < ($1.encodedName, $1.encodedValue) }
            .map(\.pair)
            .joined(separator: "&")
    }
}
