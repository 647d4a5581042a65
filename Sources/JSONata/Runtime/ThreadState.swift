import Foundation

/// State this module keeps per thread: whether the thread has a large stack, and the queue
/// `Teardown` releases long chains of values through.
///
/// Kept in POSIX thread-specific storage: Swift has no thread-local variables, and this is
/// read in every deinit of a value, so it must be cheap (no dictionary lookup).
final class ThreadState {
    // Unchecked: only its own thread touches it, and every deinit does.
    /// Set on threads started by `LargeStack`, whose stack holds every bounded recursion.
    @exclusivity(unchecked) var hasLargeStack = false
    /// True while a `Teardown` release runs on this thread; members of objects that die meanwhile
    /// wait in `released` instead of being released inside the dying object's deinit.
    @exclusivity(unchecked) var isReleasing = false
    @exclusivity(unchecked) var released: [Any] = []

    static var current: ThreadState {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<ThreadState>.fromOpaque(pointer).takeUnretainedValue()
        }
        let state = ThreadState()
        pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
        return state
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        // Balances `passRetained` when the thread exits.
        let status = pthread_key_create(&key) { releaseThreadState($0) }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()
}

/// The destructor of the thread-specific slot (a plain function, so that the C callback
/// converts from a closure that captures nothing, whatever the platform's pointer nullability).
private func releaseThreadState(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    Unmanaged<ThreadState>.fromOpaque(pointer).release()
}

/// Releases object graphs of any depth without recursion.
///
/// Swift releases an object's members when it dies, so dropping a chain of values (an object
/// nested 100,000 deep, a closure capturing a closure capturing …) nests one deinit per link
/// and overflows the stack. Each class that can hold values instead hands its members to
/// `release`: the first object to die on a thread releases its members itself and then drains
/// the queue; objects that die while it does so only queue their members. The stack never
/// holds more than a couple of deinits.
enum Teardown {
    static func release<Member>(_ member: inout Member, leaving empty: Member) {
        // The state lives as long as its thread: no need to retain it.
        unowned(unsafe) let thread = ThreadState.current
        let taken = member
        member = empty
        if thread.isReleasing {
            thread.released.append(taken)
            return
        }
        thread.isReleasing = true
        // Dropping the last reference queues what the member owned; each popped item dies at
        // the end of its iteration, queueing what it owned in turn.
        _ = consume taken
        while let next = thread.released.popLast() { _ = next }
        thread.isReleasing = false
    }
}
