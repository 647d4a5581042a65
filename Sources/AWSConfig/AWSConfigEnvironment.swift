import Foundation

/// Everything configuration resolution reads from the outside world, injected so that tests
/// (and embedders) never touch the real environment or `~/.aws`.
public struct AWSConfigEnvironment: Sendable {
    public var variables: [String: String]
    /// Where `~` points; nil when unknown, in which case only explicitly configured file paths
    /// are read.
    public var homeDirectory: String?
    /// The text of the file at `path`, or nil when it does not exist.
    public var readFile: @Sendable (_ path: String) throws -> String?

    public init(variables: [String: String], homeDirectory: String?, readFile: @escaping @Sendable (_ path: String) throws -> String?) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.readFile = readFile
    }

    /// This process's environment and file system.
    public static var process: AWSConfigEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return AWSConfigEnvironment(
            variables: variables,
            homeDirectory: variables["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path,
            readFile: { path in
                guard FileManager.default.fileExists(atPath: path) else { return nil }
                return try String(contentsOfFile: path, encoding: .utf8)
            }
        )
    }

    /// A variable's value; empty counts as unset, as `export AWS_REGION=` usually means "clear it".
    func value(_ name: String) -> String? {
        guard let value = variables[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// `~/x` → `<home>/x`; nil when the path needs a home directory that is unknown.
    func expandingHome(_ path: String) -> String? {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        guard let homeDirectory else { return nil }
        return homeDirectory + path.dropFirst()
    }
}
