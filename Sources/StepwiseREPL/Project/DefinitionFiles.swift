import StatesLanguage

/// Which files are state machine definitions, and the machine name each one gives.
enum DefinitionFiles {
    /// The files beside definitions that are not definitions themselves: values for a
    /// template's placeholders, mock files, `stepwise test` files.
    static let companionMarks = [".substitutions.", ".mocks.", ".test."]

    static func isDefinition(_ name: String) -> Bool {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        return !file.hasPrefix(".") && DefinitionFormat(path: file) != nil && !companionMarks.contains { file.contains($0) }
    }

    /// `adder.edn` → `adder`.
    static func machineName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: ".") else { return file }
        return String(file[..<dot])
    }
}
