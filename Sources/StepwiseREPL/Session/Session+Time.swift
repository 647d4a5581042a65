import StepFunctions
import Stepwise

/// Which clock the embedded engine runs on (`:time`).
public enum TimeMode: String, Sendable, CaseIterable {
    /// Waits and timeouts take the time they say.
    case real
    /// Waits, retry intervals, heartbeats and timeouts pass at once; history timestamps are in
    /// the engine's virtual time.
    case virtual
}

/// The embedded engine in each kind of time. Both are made at start, so that handler packages
/// serve on both, and kept, so that the runs on either stay readable after a switch.
struct LocalEngines {
    let real: Stepwise
    /// Nil when the local backend offers no virtual time.
    let virtual: Stepwise?

    subscript(mode: TimeMode) -> Stepwise? {
        switch mode {
        case .real: real
        case .virtual: virtual
        }
    }

    var all: [Stepwise] { [real] + (virtual.map { [$0] } ?? []) }

    /// Made as `option` makes the embedded engine; one that cannot be made is replaced by a
    /// plain embedded engine, and the console says why.
    init(_ option: BackendOption, console: Console) {
        func made(_ mode: TimeMode, _ make: () throws -> Stepwise.Backend) -> Stepwise {
            do {
                return Session.makeStepwise(try make(), console: console)
            } catch {
                console.print("the local backend cannot be made in \(mode.rawValue) time (\(error)); starting on a plain embedded engine")
                return Session.makeStepwise(.local(mocks: nil, virtualTime: mode == .virtual), console: console)
            }
        }
        real = made(.real) { try option.make(nil) }
        virtual = option.makeInVirtualTime.map { make in made(.virtual, make) }
    }
}

/// Registers each handler on every engine, so that a handler package serves whichever clock
/// the shell runs on.
struct TaskHandlerFanOut: TaskHandlerHosting {
    let targets: [any TaskHandlerHosting]

    func registerTaskHandler(_ key: TaskHandlerKey, _ handler: @escaping TaskHandler) async {
        for target in targets { await target.registerTaskHandler(key, handler) }
    }

    func removeTaskHandler(_ key: TaskHandlerKey) async {
        for target in targets { await target.removeTaskHandler(key) }
    }
}

extension Session {
    /// `:time [virtual|real]` — show or switch the embedded engine's clock.
    func switchTime(_ mode: TimeMode?) -> CommandResult {
        guard let mode else {
            console.print("\(timeMode.rawValue) time on the embedded engine — " + Self.describe(timeMode))
            return .succeeded
        }
        guard let engine = localEngines[mode] else { return fail("the local backend offers no \(mode.rawValue) time") }
        timeMode = mode
        if backendName == "local" { stepwise = engine }
        setPrompt()
        console.print("now in \(mode.rawValue) time: " + Self.describe(mode))
        if backendName != "local" {
            console.print(console.style.yellow("note: ") + "the \(backendName) backend keeps its own time; this applies after :backend local")
        }
        return .succeeded
    }

    static func describe(_ mode: TimeMode) -> String {
        switch mode {
        case .real: "Wait states, retry intervals and timeouts take the time they say"
        case .virtual: "Wait states, retry intervals, heartbeats and timeouts pass at once, history timestamps in virtual time"
        }
    }
}
