import Foundation
import Stepwise

/// A place machines can run, as `:backend NAME` offers it. Backends whose module is not part
/// of the build are listed with the reason, so the switch reads the same either way.
public struct BackendOption: Sendable {
    public var name: String
    public var summary: String
    let make: (@Sendable () throws -> Stepwise.Backend)?
    let unavailableReason: String?

    public init(name: String, summary: String, make: @escaping @Sendable () throws -> Stepwise.Backend) {
        self.name = name
        self.summary = summary
        self.make = make
        unavailableReason = nil
    }

    public static func unavailable(_ name: String, reason: String) -> BackendOption {
        BackendOption(name: name, summary: reason, make: nil, unavailableReason: reason)
    }

    private init(name: String, summary: String, make: (@Sendable () throws -> Stepwise.Backend)?, unavailableReason: String?) {
        self.name = name
        self.summary = summary
        self.make = make
        self.unavailableReason = unavailableReason
    }

    /// The embedded engine.
    public static let local = BackendOption(name: "local", summary: "the embedded engine (no account, no network)") { .local() }
}

/// How a shell is set up.
public struct ShellOptions: Sendable {
    /// The `stepwise-handler-host` executable.
    public var hostExecutable: String
    /// A directory under which handler packages are built (one subdirectory each); nil
    /// builds each package in its own `.build`.
    public var handlerBuildRoot: String?
    /// Where this shell copies built handler libraries; removed at exit.
    public var libraryDirectory: String
    /// The first backend is the one the shell starts on.
    public var backends: [BackendOption]
    /// Quiet time after the last file event before changes are processed.
    public var watchDebounce: Double

    public init(
        hostExecutable: String, handlerBuildRoot: String? = nil,
        libraryDirectory: String = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-repl-\(getpid())"),
        backends: [BackendOption] = [.local], watchDebounce: Double = 0.05
    ) {
        self.hostExecutable = hostExecutable
        self.handlerBuildRoot = handlerBuildRoot
        self.libraryDirectory = libraryDirectory
        self.backends = backends.isEmpty ? [.local] : backends
        self.watchDebounce = watchDebounce
    }
}
