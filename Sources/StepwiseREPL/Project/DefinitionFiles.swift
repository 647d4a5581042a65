import StatesLanguage

/// Which files are state machine definitions, and the machine name each one gives.
enum DefinitionFiles {
    static func isDefinition(_ name: String) -> Bool {
        !name.hasPrefix(".") && DefinitionFormat(path: name) != nil
    }

    /// `adder.edn` → `adder`.
    static func machineName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: ".") else { return file }
        return String(file[..<dot])
    }
}
