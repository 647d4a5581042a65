import Foundation

/// What handler packages share: where the host executable and the handler contract are, the
/// bounds on hosts and calls, where builds and library copies go, and where progress and host
/// output are reported.
public struct HandlerEnvironment: Sendable {
    public var hostExecutable: String
    /// The StepwiseHandlerABI package the host was built with, given to every build of a handler
    /// package as `$STEPWISE_HANDLER_ABI` (its Package.swift depends on that path); nil leaves
    /// packages to the path their manifest falls back to.
    public var handlerABI: String?
    /// The address-space limit of each handler host process.
    public var memoryLimit: MemorySize
    /// How long a handler call may run when no Task state calling it has a TimeoutSeconds.
    public var callTimeout: Double
    /// A directory under which packages are built, one subdirectory each; nil builds each
    /// package in its own `.build`.
    public var scratchRoot: String?
    /// This process's own directory for library copies (its owner removes it at exit).
    public var libraryDirectory: String
    /// Receives build progress, host output and notes about hosts, as they happen.
    public var report: @Sendable (HandlerPackageReport) -> Void

    /// Five minutes: ample for a handler doing real work, and a hang still ends.
    public static let defaultCallTimeout = 300.0
    /// Four GiB: more than a handler needs on a development machine, less than it has.
    public static let defaultMemoryLimit = MemorySize(bytes: 4 << 30)

    public init(
        hostExecutable: String, handlerABI: String?, memoryLimit: MemorySize = defaultMemoryLimit, callTimeout: Double = defaultCallTimeout,
        scratchRoot: String? = nil, libraryDirectory: String, report: @escaping @Sendable (HandlerPackageReport) -> Void
    ) {
        self.hostExecutable = hostExecutable
        self.handlerABI = handlerABI
        self.memoryLimit = memoryLimit
        self.callTimeout = callTimeout
        self.scratchRoot = scratchRoot
        self.libraryDirectory = libraryDirectory
        self.report = report
    }

    /// `$STEPWISE_HANDLER_HOST`, else the `stepwise-handler-host` installed next to the running
    /// program (SwiftPM puts all of a package's executables in one directory).
    public static func defaultHostExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let configured = environment["STEPWISE_HANDLER_HOST"] { return configured }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent("stepwise-handler-host").path
    }

    /// The variable through which handler packages learn where StepwiseHandlerABI is.
    public static let handlerABIVariable = "STEPWISE_HANDLER_ABI"

    /// The handler contract handler packages build against: `$STEPWISE_HANDLER_ABI`, else the
    /// copy `make install` puts beside the running program (`PREFIX/share/stepwise/HandlerABI` for
    /// `PREFIX/bin/stepwise-repl`), else — for a program built and run in the source tree — the
    /// tree's own `HandlerABI`; nil when there is none of these.
    public static func defaultHandlerABI(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let configured = environment[handlerABIVariable], !configured.isEmpty { return configured }
        let bin = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = bin.deletingLastPathComponent().appendingPathComponent("share/stepwise/HandlerABI").path
        // This file is Sources/StepwiseHandlerPackages/HandlerEnvironment.swift in the source tree.
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HandlerABI").path
        return [installed, sourceTree].first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("Package.swift")) }
    }

    /// Copies a built library to a path no earlier copy used: `dlopen` caches libraries by
    /// path, so loading the same path again would give back the old code.
    func copyLibrary(_ built: String, product: String) throws -> String {
        try FileManager.default.createDirectory(atPath: libraryDirectory, withIntermediateDirectories: true)
        let copy = (libraryDirectory as NSString).appendingPathComponent("lib\(product)-\(UUID().uuidString.prefix(8).lowercased()).so")
        try FileManager.default.copyItem(atPath: built, toPath: copy)
        return copy
    }

    /// Reports a host's stderr lines (handler logs, a trap's message) and notes about it.
    func hostLog(_ package: String) -> @Sendable (String) -> Void {
        let report = self.report
        return { line in report(.hostOutput(package: package, line: line)) }
    }
}

/// What happens to handler packages, for the shell's notices or a command's stderr.
public enum HandlerPackageReport: Sendable {
    case buildStarted(package: String)
    /// One of SwiftPM's `[n/m] …` steps.
    case buildStep(package: String, step: String)
    case buildFinished(package: String)
    /// A line a host wrote to stderr, or a note about a host (stopped, restarted).
    case hostOutput(package: String, line: String)
}
