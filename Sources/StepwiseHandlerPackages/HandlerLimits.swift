import Foundation
import StatesLanguage
import Stepwise
import StepwiseHandlerABI

/// How long one handler call may run, and where that bound comes from (for the cause of a
/// call that overruns it).
public struct CallLimit: Sendable, Hashable, CustomStringConvertible {
    public var seconds: Double
    /// The largest TimeoutSeconds of the Task states calling the handler; nil when the bound
    /// is the fallback (`--handler-timeout`).
    public var timeoutSeconds: Int?

    /// Added to a state's TimeoutSeconds, so that the state fails with States.Timeout first,
    /// as on AWS (where Retry and Catch expect it), and the overrunning handler is stopped after.
    static let graceAfterTimeoutSeconds = 1

    public var description: String {
        let bound = DurationText.format(seconds)
        guard let timeoutSeconds else { return "\(bound) (--handler-timeout)" }
        return "\(bound) (TimeoutSeconds \(timeoutSeconds) of its Task state, plus \(Self.graceAfterTimeoutSeconds) s)"
    }

    var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded(.up))) }

    /// The bound on calls to the handler for `key` in runs of `definitions`: the largest over
    /// the Task states it serves, where a state without a fixed TimeoutSeconds (none, a path
    /// or an expression) counts as `fallback` seconds.
    static func forHandler(_ key: HandlerKey, in definitions: [Definition], fallback: Double) -> CallLimit {
        var largest: CallLimit?
        for definition in definitions {
            for (_, state) in definition.loaded.machine.everyState where key.serves(state, in: definition) {
                let limit = state.timeoutSeconds?.value.map { CallLimit(seconds: Double($0 + graceAfterTimeoutSeconds), timeoutSeconds: $0) }
                    ?? CallLimit(seconds: fallback)
                if largest.map({ limit.seconds > $0.seconds }) ?? true { largest = limit }
            }
        }
        return largest ?? CallLimit(seconds: fallback)
    }
}

/// A memory size as `--handler-memory-limit` takes it: bytes, or a number with K, M, G or T
/// (powers of 1024, an optional trailing `iB` or `B`).
public struct MemorySize: Sendable, Hashable, CustomStringConvertible {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }

    public init?(_ text: String) {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        for suffix in ["IB", "B"] where digits.hasSuffix(suffix) { digits = digits.dropLast(suffix.count) }
        let units: [Character: Int] = ["K": 10, "M": 20, "G": 30, "T": 40]
        var shift = 0
        if let last = digits.last, let unit = units[last] {
            shift = unit
            digits = digits.dropLast()
        }
        guard let value = Int(digits), value > 0, value <= Int.max >> shift else { return nil }
        bytes = value << shift
    }

    public var description: String {
        for (unit, shift) in [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift) \(unit)"
        }
        return "\(bytes) bytes"
    }
}

extension StateMachine {
    /// Every state with its name, through Parallel branches and Map processors.
    package var everyState: [(name: String, state: State)] {
        var found: [(name: String, state: State)] = []
        func visit(_ machine: StateMachine) {
            for (name, state) in machine.states {
                found.append((name, state))
                state.branches?.forEach(visit)
                if let processor = state.mapProcessor { visit(processor) }
            }
        }
        visit(self)
        return found
    }
}
