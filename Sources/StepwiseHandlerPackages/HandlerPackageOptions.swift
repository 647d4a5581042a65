import ArgumentParser
import Foundation

/// The command-line options that bound and place handler package builds and hosts, the same
/// for `stepwise-repl` and `stepwise run --handlers`.
public struct HandlerPackageOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Build handler packages under DIR, one subdirectory each (default $STEPWISE_HANDLER_BUILD_DIR, else each package's .build).",
            valueName: "dir"))
    public var handlerBuildPath: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds a handler call may run when no Task state calling it has a TimeoutSeconds (when one has, the largest plus 1 s bounds it).",
            valueName: "seconds"))
    public var handlerTimeout: Double = HandlerEnvironment.defaultCallTimeout

    @Option(
        name: .long,
        help: ArgumentHelp("The memory (address space) each handler host may map: bytes, or a size such as 512M (default 4G).", valueName: "size"),
        transform: { text in
            guard let size = MemorySize(text) else {
                throw ValidationError("--handler-memory-limit takes a size such as 512M or 4G, not \(text)")
            }
            return size
        })
    public var handlerMemoryLimit: MemorySize = HandlerEnvironment.defaultMemoryLimit

    public init() {}

    public func validate() throws {
        guard handlerTimeout > 0, handlerTimeout.isFinite else { throw ValidationError("--handler-timeout takes a number of seconds above 0") }
    }

    /// `--handler-build-path`, else `$STEPWISE_HANDLER_BUILD_DIR`, as an absolute path.
    public func buildRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        (handlerBuildPath ?? environment["STEPWISE_HANDLER_BUILD_DIR"]).map { path in
            let expanded = (path as NSString).expandingTildeInPath
            return expanded.hasPrefix("/") ? expanded : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        }
    }
}
