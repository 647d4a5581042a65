/// The INI dialect of `~/.aws/config` and `~/.aws/credentials`, as the AWS SDKs' shared parser
/// test suite defines it:
/// - `#` and `;` start a comment line; after a `[section]`, and after a value when preceded by
///   whitespace (`key = value ; note`), they start a trailing comment. `value;x` keeps the `;x`.
/// - Keys are case-insensitive and trimmed; values are trimmed; the last duplicate wins.
/// - An indented line continues the previous property: appended on a new line, or, when the
///   property's own value is empty, read as a `key = value` sub-property (the `services`
///   sections use this).
struct INIFile {
    struct Property {
        var value: String
        var subProperties: [String: String]
    }

    struct Section {
        /// The text between the brackets, trimmed: `profile dev`, `default`, `services local`.
        var header: String
        var properties: [String: Property]
    }

    var path: String
    var sections: [Section]

    static func parse(_ text: String, path: String) throws(AWSConfigError) -> INIFile {
        var sections: [Section] = []
        // The property that indented lines continue, and whether it takes sub-properties.
        var open: (key: String, takesSubProperties: Bool)?

        // `\r\n` is a single Character in Swift, so it needs its own separator case.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            let content = line.trimmed()
            if content.isEmpty || content.hasPrefix("#") || content.hasPrefix(";") { continue }
            func fail(_ message: String) -> AWSConfigError { .malformedFile(path: path, line: lineNumber, message: message) }

            if line.first == " " || line.first == "\t" {
                guard !sections.isEmpty else { throw fail("expected a [section] before this indented line") }
                guard let (key, takesSubProperties) = open else {
                    throw fail("indented line '\(content)' continues no property")
                }
                var property = sections[sections.count - 1].properties[key, default: Property(value: "", subProperties: [:])]
                if takesSubProperties {
                    guard let equals = content.firstIndex(of: "=") else {
                        throw fail("expected 'name = value' in the sub-properties of '\(key)'")
                    }
                    let name = content[..<equals].trimmed().lowercased()
                    guard !name.isEmpty else { throw fail("a sub-property of '\(key)' has no name") }
                    property.subProperties[name] = content[content.index(after: equals)...].trimmed()
                } else {
                    property.value += "\n" + content
                }
                sections[sections.count - 1].properties[key] = property
                continue
            }

            if line.first == "[" {
                guard let close = line.firstIndex(of: "]") else { throw fail("section header must end with ']'") }
                let trailing = line[line.index(after: close)...].trimmed()
                guard trailing.isEmpty || trailing.hasPrefix("#") || trailing.hasPrefix(";") else {
                    throw fail("unexpected '\(trailing)' after the section header")
                }
                let header = line[line.index(after: line.startIndex)..<close].trimmed()
                guard !header.isEmpty else { throw fail("empty section header '[]'") }
                sections.append(Section(header: header, properties: [:]))
                open = nil
                continue
            }

            guard !sections.isEmpty else { throw fail("property '\(content)' is outside of any [section]") }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected 'name = value', got '\(content)'") }
            let key = line[..<equals].trimmed().lowercased()
            guard !key.isEmpty else { throw fail("property has no name before '='") }
            let value = withoutTrailingComment(line[line.index(after: equals)...]).trimmed()
            // Names with spaces are not valid settings; the SDKs skip them rather than fail.
            guard !key.contains(where: { $0 == " " || $0 == "\t" }) else {
                open = nil
                continue
            }
            sections[sections.count - 1].properties[key] = Property(value: value, subProperties: [:])
            open = (key, value.isEmpty)
        }
        return INIFile(path: path, sections: sections)
    }

    /// Cuts at the first `#` or `;` that follows whitespace.
    private static func withoutTrailingComment(_ value: Substring) -> Substring {
        var previous: Character = "x"
        for index in value.indices {
            let character = value[index]
            if (character == "#" || character == ";") && (previous == " " || previous == "\t") {
                return value[..<index]
            }
            previous = character
        }
        return value
    }
}

extension StringProtocol {
    func trimmed() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
