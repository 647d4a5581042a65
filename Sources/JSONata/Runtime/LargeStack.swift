import Foundation

/// Runs deeply nested evaluations on a thread with a large stack, so that recursion is bounded
/// by `JSONataEnvironment.maxDepth` (a clean `U1001`) and never by the caller's stack size.
/// The calling thread waits, so the work stays synchronous and single-threaded.
enum LargeStack {
    /// Stack reserved for the evaluation thread (address space only; pages are used on demand).
    static let size = 1 << 30

    static func run<T>(_ body: () throws(JSONataError) -> T) throws(JSONataError) -> T {
        try withoutActuallyEscaping(body) { (escapable) throws(JSONataError) -> T in
            let box = Box(body: escapable)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.run()
                done.signal()
            }
            thread.stackSize = size
            thread.start()
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
