import Foundation
import StatesLanguage
import Stepwise
import StepwiseHandlerPackages

extension Session {
    /// `:load PATH` — a folder (its definition files and handler packages) or one file.
    func load(_ typed: String) async throws -> CommandResult {
        let path = Self.absolute(typed)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(typed) does not exist")
        }
        try startWatcher()
        guard isDirectory.boolValue else {
            guard DefinitionFiles.isDefinition(path) else {
                throw InputError("\(typed) is not a definition file (.edn, .json, .yaml or .yml) or a folder")
            }
            watcher?.watch((path as NSString).deletingLastPathComponent, recursive: false)
            return loadDefinition(path) ? .succeeded : .failed
        }
        let contents = ProjectContents.scan(path)
        guard !contents.definitions.isEmpty || !contents.packages.isEmpty else {
            throw InputError("\(typed) has no definition files (.edn, .json, .yaml, .yml) and no handler package (a folder with Package.swift)")
        }
        folders.insert(path)
        watcher?.watch(path, recursive: false)
        var ok = true
        for file in contents.definitions { ok = loadDefinition(file) && ok }
        for directory in contents.packages {
            watcher?.watch(directory, recursive: true)
            ok = await loadPackage(directory) && ok
        }
        return ok ? .succeeded : .failed
    }

    func startWatcher() throws {
        guard watcher == nil else { return }
        watcher = try DirectoryWatcher(debounce: options.watchDebounce) { [weak self] paths in
            guard let self else { return }
            Task { await self.filesChanged(paths) }
        }
    }

    /// Reads a definition file into its machine (named after the file). Prints what happened;
    /// an invalid file keeps the machine's last good version.
    @discardableResult
    func loadDefinition(_ file: String, notice: Bool = false) -> Bool {
        let name = DefinitionFiles.machineName(file)
        let report: (String) -> Void = notice ? { self.console.notice($0) } : { self.console.print($0) }
        let style = console.style
        if let other = machines[name], other.file != file {
            report(style.yellow("note: ") + "\(Self.display(file)) replaces \(Self.display(other.file)) as machine \(name)")
            machines[name] = nil
        }
        var entry = machines[name] ?? MachineEntry(name: name, file: file)
        defer {
            machines[name] = entry
            refreshCompletion()
        }
        do {
            let definition = try Definition.file(file, options: try loadOptions(for: file))
            let reloaded = entry.definition != nil
            entry.definition = definition
            entry.problems = []
            let states = definition.loaded.machine.states.count
            let verb = reloaded ? "reloaded" : "loaded"
            report(style.green("✓ ") + "\(verb) \(style.bold(name)) from \(Self.display(file)) (\(states) state\(states == 1 ? "" : "s"))")
            if let unfilled = definition.unfilledPlaceholders {
                report("  " + style.yellow("note: ") + Self.displayDiagnostic(unfilled) + " — " + Self.substitutionAdvice(for: name))
            }
            return true
        } catch {
            entry.problems = error.diagnostics
            let keeping = entry.definition != nil ? " — still using the last good version" : ""
            report(style.red("✗ ") + "\(Self.display(file)) has errors\(keeping):")
            for diagnostic in error.diagnostics { report("  " + Self.displayDiagnostic(diagnostic)) }
            return false
        }
    }

    static func displayDiagnostic(_ diagnostic: Diagnostic) -> String {
        var shown = diagnostic
        shown.file = diagnostic.file.map(display)
        return shown.description
    }

    /// Registers and builds a handler package; prints the outcome.
    func loadPackage(_ directory: String) async -> Bool {
        await buildPackage(await handlers.package(at: directory), notice: false)
    }

    /// Builds a package and reports the result (as a notice when it was a file change).
    @discardableResult
    func buildPackage(_ package: HandlerPackage, notice: Bool) async -> Bool {
        let report: (String) -> Void = notice ? { self.console.notice($0) } : { self.console.print($0) }
        let style = console.style
        let wasLoaded = await package.isLoaded
        let record = await handlers.build(package)
        let name = await package.displayName
        if record.succeeded {
            let keys = await package.keys
            let verb = wasLoaded ? "rebuilt" : "built"
            report(
                style.green("✓ ") + "\(style.bold(name)) \(verb) in \(DurationText.format(record.buildSeconds)), loaded in "
                    + "\(DurationText.format(record.loadSeconds)) — handlers: \(keys.map(\.description).joined(separator: ", "))")
            return true
        }
        let keeping = wasLoaded ? " — still using the previous build" : ""
        report(style.red("✗ ") + "\(name) did not build\(keeping):")
        for message in record.errors { report("  " + message) }
        return false
    }

    /// The watcher's batch: definitions are re-read at once, packages rebuilt.
    func filesChanged(_ paths: [String]) async {
        var rebuild: [HandlerPackage] = []
        for path in paths {
            let exists = FileManager.default.fileExists(atPath: path)
            if path == mocks?.path {
                if exists { await readMocks(notice: true) }
            } else if let entry = machines.values.first(where: { Self.isSubstitutionsFile(path, of: $0.file) }) {
                loadDefinition(entry.file, notice: true)
            } else if let entry = machines.values.first(where: { $0.file == path }) {
                if exists {
                    loadDefinition(path, notice: true)
                } else {
                    machines[entry.name] = nil
                    refreshCompletion()
                    console.notice(console.style.yellow("− ") + "\(Self.display(path)) was removed: machine \(entry.name) unloaded")
                }
            } else if let package = await handlers.package(containing: path) {
                if !rebuild.contains(where: { $0 === package }) { rebuild.append(package) }
            } else if exists, DefinitionFiles.isDefinition(path), folders.contains((path as NSString).deletingLastPathComponent) {
                loadDefinition(path, notice: true)
            }
        }
        for package in rebuild {
            Task { await self.buildPackage(package, notice: true) }
        }
    }
}

/// What a project folder holds: definition files at its top level, and handler packages —
/// subfolders with a Package.swift (or the folder itself, when it is one).
struct ProjectContents {
    var definitions: [String] = []
    var packages: [String] = []

    static func scan(_ folder: String) -> ProjectContents {
        let manager = FileManager.default
        var contents = ProjectContents()
        let isPackage = { (directory: String) in manager.fileExists(atPath: (directory as NSString).appendingPathComponent("Package.swift")) }
        if isPackage(folder) { contents.packages.append(folder) }
        for name in ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted() where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if isPackage(path) { contents.packages.append(path) }
            } else if DefinitionFiles.isDefinition(name) {
                contents.definitions.append(path)
            }
        }
        return contents
    }
}
