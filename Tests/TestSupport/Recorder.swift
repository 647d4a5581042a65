import Synchronization

/// Values that other tasks and threads record (requests a server saw, batches a watcher sent,
/// calls a backend passed on), which a test can read or wait for without polling.
public final class Recorder<Element: Sendable>: Sendable {
    private let recorded = Mutex<[Element]>([])
    private let changes = ChangeCounter()

    public init() {}

    /// Records `value`; returns its position among the values.
    @discardableResult
    public func record(_ value: Element) -> Int {
        let position = recorded.withLock { values in
            values.append(value)
            return values.count - 1
        }
        changes.announce()
        return position
    }

    public var values: [Element] { recorded.withLock { $0 } }

    /// The first value, recorded before or after the call, that satisfies `predicate`; nil if
    /// the calling task is cancelled first.
    public func first(where predicate: (Element) -> Bool) async -> Element? {
        await wait { $0.first(where: predicate) }
    }

    /// Waits until at least `count` values are recorded; returns them (nil if cancelled first).
    @discardableResult
    public func wait(forCount count: Int) async -> [Element]? {
        await wait { $0.count >= count ? $0 : nil }
    }

    /// Waits until `look` finds what it looks for in the values recorded so far.
    public func wait<T>(until look: ([Element]) -> T?) async -> T? {
        while !Task.isCancelled {
            let seen = changes.count
            if let found = look(values) { return found }
            await changes.wait(after: seen)
        }
        return nil
    }
}
