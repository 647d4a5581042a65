/// Files whose changes mean nothing: what editors write next to the file being edited (swap
/// and backup files, vim's `4913` probe, emacs lock and autosave files) and hidden files.
enum ChangeFilter {
    static func isNoise(_ name: String) -> Bool {
        name.isEmpty || name.hasPrefix(".") || name.hasSuffix("~") || name == "4913"
            || (name.hasPrefix("#") && name.hasSuffix("#"))
            || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig"].contains { name.hasSuffix($0) }
    }

    /// Directories a recursive watch skips: hidden ones, SwiftPM's `.build` among them.
    static func skipsDirectory(_ name: String) -> Bool {
        name.hasPrefix(".")
    }
}
