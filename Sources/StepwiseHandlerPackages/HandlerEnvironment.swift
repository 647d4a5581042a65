import Foundation

/// What handler packages share: where the host executable is, the hosts' memory limit, where
/// builds and library copies go, and where host output is shown.
struct HandlerEnvironment: Sendable {
    let console: Console
    let hostExecutable: String
    let memoryLimit: MemorySize
    let scratchRoot: String?
    /// This shell's own directory for library copies (removed when the shell exits).
    let libraryDirectory: String

    /// Copies a built library to a path no earlier copy used: `dlopen` caches libraries by
    /// path, so loading the same path again would give back the old code.
    func copyLibrary(_ built: String, product: String) throws -> String {
        try FileManager.default.createDirectory(atPath: libraryDirectory, withIntermediateDirectories: true)
        let copy = (libraryDirectory as NSString).appendingPathComponent("lib\(product)-\(UUID().uuidString.prefix(8).lowercased()).so")
        try FileManager.default.copyItem(atPath: built, toPath: copy)
        return copy
    }

    /// Shows a host's stderr lines (handler logs, a trap's message) and the shell's notes about
    /// the host as notices.
    func logger(_ package: String) -> @Sendable (String) -> Void {
        let console = self.console
        return { line in console.notice(console.style.dim("[\(package)] ") + line) }
    }
}

/// The progress line of a handler build: SwiftPM's `[n/m] …` steps, shown in place on a
/// terminal while no line is being edited.
struct BuildProgress: Sendable {
    let console: Console
    let package: String

    func started() {
        console.notice(console.style.dim("building \(package) …"))
    }

    func line(_ text: String) {
        guard text.hasPrefix("[") else { return }
        console.progress(console.style.dim("building \(package) \(text)"))
    }

    func finished() {
        console.clearProgress()
    }
}
