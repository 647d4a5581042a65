import Foundation

/// What a timer is for: a timer of an execution (Wait, Retry backoff, timeouts; the id is the
/// run's own), the end of a long poll's window, or the next deletion of finished executions
/// whose retention has run out.
enum TimerTarget: Hashable, Sendable {
    case execution(arn: String, id: Int)
    case pollWindow(id: Int)
    case retentionSweep
}

/// Every pending timer of the engine, earliest first: one queue the engine's driver sleeps on,
/// instead of a sleeping task per timer. A min-heap with lazy deletion: cancelling forgets the
/// timer at once, and its heap entry is dropped when it reaches the top.
struct TimerQueue {
    private struct Entry {
        let deadline: Date
        let serial: UInt64
        let target: TimerTarget
    }

    private var heap: [Entry] = []
    /// Target → serial of its live entry; anything else in the heap is stale.
    private var live: [TimerTarget: UInt64] = [:]
    private var nextSerial: UInt64 = 0

    var count: Int { live.count }

    /// Arms (or re-arms) a timer.
    mutating func schedule(_ target: TimerTarget, at deadline: Date) {
        nextSerial += 1
        live[target] = nextSerial
        heap.append(Entry(deadline: deadline, serial: nextSerial, target: target))
        siftUp(heap.count - 1)
        // Re-armed timers (heartbeats) leave stale entries far from the top: compact now and then.
        if heap.count > 2 * live.count + 64 { compact() }
    }

    private mutating func compact() {
        heap.removeAll { live[$0.target] != $0.serial }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    mutating func cancel(_ target: TimerTarget) {
        live.removeValue(forKey: target)
    }

    /// The earliest live deadline.
    mutating func nextDeadline() -> Date? {
        dropStaleTop()
        return heap.first?.deadline
    }

    /// Removes and returns the timers due at `now`, earliest first (ties in arming order).
    mutating func popDue(at now: Date) -> [TimerTarget] {
        var due: [TimerTarget] = []
        while let top = topLive(), top.deadline <= now {
            popTop()
            live.removeValue(forKey: top.target)
            due.append(top.target)
        }
        return due
    }

    private mutating func topLive() -> Entry? {
        dropStaleTop()
        return heap.first
    }

    private mutating func dropStaleTop() {
        while let top = heap.first, live[top.target] != top.serial { popTop() }
    }

    private static func earlier(_ a: Entry, _ b: Entry) -> Bool {
        (a.deadline, a.serial) < (b.deadline, b.serial)
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.earlier(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, Self.earlier(heap[left], heap[first]) { first = left }
            if right < heap.count, Self.earlier(heap[right], heap[first]) { first = right }
            guard first != parent else { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
