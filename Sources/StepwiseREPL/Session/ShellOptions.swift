import Foundation
import Stepwise
import StepwiseHandlerPackages

/// A place machines can run, as `:backend NAME` offers it. Backends whose module is not part
/// of the build are listed with the reason, so the switch reads the same either way.
public struct BackendOption: Sendable {
    /// What `:backend` takes: `local`, `aws`, or, for an option with an argument, `endpoint=URL`.
    public var name: String
    public var summary: String
    /// Whether the option takes an argument after `=` (`endpoint=http://127.0.0.1:8083`).
    public var takesArgument: Bool
    let make: @Sendable (_ argument: String?) throws -> Stepwise.Backend
    /// The same place keeping virtual time (`:time virtual`); nil for backends whose clock is
    /// not theirs to choose.
    let makeInVirtualTime: (@Sendable () throws -> Stepwise.Backend)?

    public init(
        name: String, summary: String, takesArgument: Bool = false, make: @escaping @Sendable (_ argument: String?) throws -> Stepwise.Backend,
        inVirtualTime: (@Sendable () throws -> Stepwise.Backend)? = nil
    ) {
        self.name = name
        self.summary = summary
        self.takesArgument = takesArgument
        self.make = make
        makeInVirtualTime = inVirtualTime
    }

    /// How the option is written in help and completion.
    public var usage: String { takesArgument ? "\(name)=URL" : name }

    /// The embedded engine.
    public static let local = BackendOption(
        name: "local", summary: "the embedded engine (no account, no network)", make: { _ in .local() },
        inVirtualTime: { .local(mocks: nil, virtualTime: true) })
}

/// How a shell is set up.
public struct ShellOptions: Sendable {
    /// The `stepwise-handler-host` executable.
    public var hostExecutable: String
    /// The StepwiseHandlerABI package handler packages build against (`$STEPWISE_HANDLER_ABI`
    /// in their builds); nil leaves them to their manifest's own path.
    public var handlerABI: String?
    /// A directory under which handler packages are built (one subdirectory each); nil
    /// builds each package in its own `.build`.
    public var handlerBuildRoot: String?
    /// Where this shell copies built handler libraries; removed at exit.
    public var libraryDirectory: String
    /// The first backend is the one the shell starts on.
    public var backends: [BackendOption]
    /// Whether the embedded engine starts in virtual time (`:time`).
    public var virtualTime: Bool
    /// Quiet time after the last file event before changes are processed.
    public var watchDebounce: Double
    /// How long a handler call may run when no Task state calling it has a TimeoutSeconds.
    public var handlerTimeout: Double
    /// The address-space limit of each handler host process.
    public var handlerMemoryLimit: MemorySize

    public init(
        hostExecutable: String, handlerABI: String?, handlerBuildRoot: String? = nil,
        libraryDirectory: String = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-repl-\(getpid())"),
        backends: [BackendOption] = [.local], virtualTime: Bool = false, watchDebounce: Double = 0.05,
        handlerTimeout: Double = HandlerEnvironment.defaultCallTimeout, handlerMemoryLimit: MemorySize = HandlerEnvironment.defaultMemoryLimit
    ) {
        self.hostExecutable = hostExecutable
        self.handlerABI = handlerABI
        self.handlerBuildRoot = handlerBuildRoot
        self.libraryDirectory = libraryDirectory
        self.backends = backends.isEmpty ? [.local] : backends
        self.virtualTime = virtualTime
        self.watchDebounce = watchDebounce
        self.handlerTimeout = handlerTimeout
        self.handlerMemoryLimit = handlerMemoryLimit
    }
}
