/// The second line of the canonical request.
enum CanonicalPath {
    static func make(_ path: String, options: SigningOptions) -> String {
        var result = path.isEmpty ? "/" : path
        if options.normalizePath { result = normalize(result) }
        return options.doubleEncodePath ? URIEncoding.encode(result, keepingSlashes: true) : result
    }

    /// Resolves `.` and `..`, drops empty segments (`//`), and keeps a trailing slash.
    /// `..` above the root stays at the root, as in RFC 3986 §5.2.4.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let joined = "/" + segments.joined(separator: "/")
        return path.hasSuffix("/") && joined != "/" ? joined + "/" : joined
    }
}
