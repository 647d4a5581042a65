import Foundation

/// Tab completion: commands, machine names and test cases, state names, run references,
/// backends, clocks, task tokens and file paths, chosen by the command and the argument position the cursor is in.
public struct Completer: Sendable {
    public typealias DirectoryListing = @Sendable (_ directory: String) -> [(name: String, isDirectory: Bool)]

    let source: @Sendable () -> CompletionIndex
    let listDirectory: DirectoryListing
    let homeDirectory: String

    public init(
        source: @escaping @Sendable () -> CompletionIndex, homeDirectory: String = NSHomeDirectory(),
        listDirectory: @escaping DirectoryListing = Completer.listFileSystem
    ) {
        self.source = source
        self.homeDirectory = homeDirectory
        self.listDirectory = listDirectory
    }

    /// The replacements for `word`, given the line's text before it; sorted, without repeats.
    public func complete(before: String, word: String) -> [String] {
        let previous = TopLevelWords.split(before).map(String.init)
        guard let command = previous.first else {
            return matching(CommandCatalog.all.map(\.name), word)
        }
        let position = previous.count
        let index = source()
        let machines = index.machines.keys.sorted()
        switch (CommandCatalog.info(command)?.name, position) {
        case (":load", _): return paths(word, files: DefinitionFiles.isDefinition)
        case (":mocks", _): return paths(word) { $0.lowercased().hasSuffix(".json") }
        case (":run", 1): return matching(machines + index.testCases, word)
        case (":show", 1), (":validate", 1), (":test-state", 1): return matching(machines, word)
        case (":time", 1): return matching(TimeMode.allCases.map(\.rawValue), word)
        case (":show", 2): return matching(ShellCommand.DefinitionView.allCases.map(\.rawValue), word)
        case (":test-state", 2): return matching(index.machines[previous[1]] ?? [], word)
        case (":history", 1): return matching(index.executions, word)
        case (":backend", 1): return matching(index.backends, word)
        case (":succeed", 1), (":fail", 1), (":heartbeat", 1): return matching(index.tasks, word)
        case (":help", 1): return matching(CommandCatalog.all.map { String($0.name.dropFirst()) }, word)
        default: return []
        }
    }

    private func matching(_ candidates: [String], _ word: String) -> [String] {
        Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
    }

    /// Directories (with a trailing `/`) and the files `files` accepts under the typed
    /// directory; hidden entries only when the typed name starts with a dot.
    private func paths(_ word: String, files: (String) -> Bool) -> [String] {
        let slash = word.lastIndex(of: "/")
        let typedDirectory = slash.map { String(word[...$0]) } ?? ""
        let namePrefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
        var directory = typedDirectory.isEmpty ? "." : typedDirectory
        if directory == "~/" || directory.hasPrefix("~/") { directory = homeDirectory + directory.dropFirst() }
        let showHidden = namePrefix.hasPrefix(".")
        let entries = listDirectory(directory).filter { entry in
            entry.name.hasPrefix(namePrefix) && (showHidden || !entry.name.hasPrefix("."))
                && (entry.isDirectory || files(entry.name))
        }
        return entries.map { typedDirectory + $0.name + ($0.isDirectory ? "/" : "") }.sorted()
    }

    /// The real file system (symbolic links to directories count as directories).
    public static let listFileSystem: DirectoryListing = { directory in
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        return names.map { name in
            var isDirectory: ObjCBool = false
            let exists = manager.fileExists(atPath: (directory as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return (name, exists && isDirectory.boolValue)
        }
    }
}
