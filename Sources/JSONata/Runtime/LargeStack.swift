import Foundation

/// Threads with a stack large enough for the deepest recursion this module allows.
///
/// Parsing, evaluation and the walks over values recurse, each to a bounded depth
/// (`JSONataExpression.maxNesting`, `JSONataEnvironment.maxDepth`, `JSONParser.maxDepth`), but
/// those depths need more stack than every thread has: a thread of Swift's cooperative pool may
/// have only 512 KiB. So:
/// - an evaluation runs on a large-stack thread: inline when the caller is on one (a thread
///   started by `detachThread`), otherwise on a new one while the caller waits;
/// - parsing, almost always shallow, runs on the caller's thread and moves to a large stack only
///   when an expression nests deeper than 16 levels (`inlineLevels`).
///
/// Callers that evaluate often should do so on threads started by `detachThread` (the engine
/// runs each execution step on such threads): nothing is spawned and nothing blocks. From async
/// code, use `run(_:) async`, which suspends rather than blocking a thread of the cooperative pool.
public enum LargeStack {
    /// Stack reserved for each large-stack thread: address space only, pages are committed as
    /// the recursion reaches them.
    public static let stackSize = 1 << 30

    /// Whether the current thread was started by `LargeStack`.
    public static var isCurrentThreadLarge: Bool { ThreadState.current.hasLargeStack }

    /// Starts a thread with a `stackSize` stack, on which evaluations run inline.
    public static func detachThread(name: String? = nil, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            ThreadState.current.hasLargeStack = true
            body()
        }
        thread.stackSize = stackSize
        thread.name = name
        thread.start()
    }

    /// Runs `body` on a new large-stack thread and resumes the caller with its result, without
    /// blocking the caller's thread.
    public static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, E>, Never>) in
            detachThread { continuation.resume(returning: Result { () throws(E) -> T in try body() }) }
        }
        return try result.get()
    }

    /// Levels of a recursion that run on the calling thread before it moves to a large stack:
    /// real expressions rarely nest deeper, and the parser's frames (up to 9 KiB a level in a
    /// debug build) then fit in a small stack with room to spare.
    static let inlineLevels = 16

    /// The next level of a recursion that may start on any thread and is `depth` levels deep:
    /// at `inlineLevels` it moves to a large stack (unless it is on one already); deeper levels
    /// stay there.
    @inline(__always)
    static func descend<T>(_ depth: Int, _ body: () throws(JSONataError) -> T) throws(JSONataError) -> T {
        depth == inlineLevels ? try run(body) : try body()
    }

    /// Runs `body` inline on a large-stack thread, otherwise on a new one while this thread waits.
    static func run<T>(_ body: () throws(JSONataError) -> T) throws(JSONataError) -> T {
        if isCurrentThreadLarge { return try body() }
        return try withoutActuallyEscaping(body) { (escapable) throws(JSONataError) -> T in
            let box = Box(body: escapable)
            let done = DispatchSemaphore(value: 0)
            detachThread {
                box.run()
                done.signal()
            }
            done.wait()
            // The semaphore orders the worker's writes before this read.
            return try box.result!.get()
        }
    }

    /// Hands the work and its result between the two threads; only one touches it at a time.
    private final class Box<T>: @unchecked Sendable {
        private var body: (() throws(JSONataError) -> T)?
        var result: Result<T, JSONataError>?
        init(body: @escaping () throws(JSONataError) -> T) { self.body = body }

        /// Runs the work once and drops it, so the closure does not outlive the call.
        func run() {
            guard let body else { return }
            self.body = nil
            result = Result { () throws(JSONataError) -> T in try body() }
        }
    }
}
