import Foundation

/// Locates the `shared` folder that CI places beside the clone (`../shared` from the root).
public enum SharedFixtures {
    public static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    public static var sharedDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["STEPWISE_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    public static func url(_ relative: String) -> URL { sharedDirectory.appendingPathComponent(relative) }

    /// The lines of `conformance/cases.jsonl`, or nil when the shared folder is absent.
    public static func conformanceLines() -> [String]? {
        guard let text = try? String(contentsOf: url("conformance/cases.jsonl"), encoding: .utf8) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}
