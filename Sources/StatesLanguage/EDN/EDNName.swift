/// The name of an EDN symbol or keyword: an optional prefix (namespace) and a name,
/// written `prefix/name`. Keywords carry the same name after their leading `:`.
public struct EDNName: Sendable, Hashable, CustomStringConvertible {
    public let namespace: String?
    public let name: String

    /// A name from its parts; the caller vouches that they follow the symbol rules
    /// (use `EDNName.symbol(_:)` / `EDNName.keyword(_:)` to validate text).
    public init(namespace: String? = nil, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// `prefix/name`, or just `name`: the text after a keyword's colon.
    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    /// Parses symbol text such as `foo`, `my.ns/bar` or `/`; nil when EDN forbids it.
    public static func symbol(_ text: String) -> EDNName? {
        if text == "/" { return EDNName(name: "/") }
        return try? parse(text, keyword: false)
    }

    /// Parses keyword text without its leading colon (`a`, `my.app/oops`); nil when invalid.
    public static func keyword(_ text: String) -> EDNName? {
        try? parse(text, keyword: true)
    }

    /// Parses a symbol, or a keyword's text after the colon, explaining what is wrong.
    static func parse(_ text: String, keyword: Bool) throws(EDNNameError) -> EDNName {
        let what = keyword ? "keyword" : "symbol"
        if text.isEmpty { throw EDNNameError("a \(what) needs a name") }
        if keyword, text.hasPrefix(":") { throw EDNNameError("a keyword cannot begin with '::'") }
        guard let slash = text.firstIndex(of: "/") else {
            try checkPart(text[...], what: what)
            return EDNName(name: text)
        }
        let prefix = text[..<slash]
        let name = text[text.index(after: slash)...]
        if name.contains("/") { throw EDNNameError("a \(what) may contain '/' only once") }
        guard !prefix.isEmpty, !name.isEmpty else {
            throw EDNNameError("a \(what) with '/' needs a non-empty prefix and name")
        }
        try checkPart(prefix, what: what)
        try checkPart(name, what: what)
        return EDNName(namespace: String(prefix), name: String(name))
    }

    /// One side of `prefix/name`: symbol characters, and a first character that cannot be
    /// confused with a number or another token.
    private static func checkPart(_ part: Substring, what: String) throws(EDNNameError) {
        var scalars = part.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { throw EDNNameError("a \(what) needs a name") }
        if isDigit(first) { throw EDNNameError("a \(what) cannot begin with a digit") }
        if first == ":" || first == "#" || first == "'" {
            throw EDNNameError("a \(what) cannot begin with '\(first)'")
        }
        if first == "+" || first == "-" || first == ".", let second = scalars.next(), isDigit(second) {
            throw EDNNameError("a \(what) beginning with '\(first)' cannot continue with a digit")
        }
        for scalar in part.unicodeScalars where !isConstituent(scalar) {
            throw EDNNameError("'\(scalar.escaped(asASCII: true))' is not allowed in a \(what)")
        }
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? ("0"..."9").contains(s) : s.properties.numericType != nil
    }

    /// ASCII letters and digits, the punctuation EDN lists, `: # '` (checked separately as
    /// first characters), and visible non-ASCII characters.
    static func isConstituent(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            switch s {
            case "a"..."z", "A"..."Z", "0"..."9": return true
            case ".", "*", "+", "!", "-", "_", "?", "$", "%", "&", "=", "<", ">", ":", "#", "'": return true
            default: return false
            }
        }
        // Beyond ASCII, EDN readers accept any visible character (`café`, `λ`).
        let p = s.properties
        if p.isWhitespace { return false }
        switch p.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .unassigned, .privateUse:
            return false
        default:
            return true
        }
    }

    /// True when `text` can be written as a keyword that reads back as exactly this text and
    /// that Clojure readers accept too (no `:`, `#` or `'` anywhere).
    public static func isPortableKeyword(_ text: String) -> Bool {
        guard !text.unicodeScalars.contains(where: { $0 == ":" || $0 == "#" || $0 == "'" }) else { return false }
        return keyword(text) != nil
    }
}

/// Why a piece of text is not a valid symbol or keyword.
struct EDNNameError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
