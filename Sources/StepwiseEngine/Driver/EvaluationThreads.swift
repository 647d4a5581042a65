import Foundation
import JSONata
import Synchronization

/// Threads of the engine's own for the work users define: execution steps (JSONPath, JSONata,
/// intrinsics, payload templates) and the compilation of definitions. That work may burn CPU up
/// to its budget and recurse as deep as the depth limit allows; on these threads it neither
/// holds the engine actor, which every API call needs, nor a thread of the cooperative pool,
/// and it has a large stack. Callers suspend until their job is done. One set serves every
/// engine of the process, as the cooperative pool does.
final class EvaluationThreads: Sendable {
    static let shared = EvaluationThreads()

    private struct Queue {
        var jobs: [@Sendable (Int) -> Void] = []
        var head = 0

        mutating func pop() -> (@Sendable (Int) -> Void)? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head > 1024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    private let queue = Mutex(Queue())
    private let available: DispatchSemaphore

    /// `count` threads: by default two per core, at least four, so that a few long
    /// evaluations (each bounded by its budget, and a step by its slice) leave threads for
    /// every other execution, the system sharing the cores among them.
    init(count: Int = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)) {
        available = DispatchSemaphore(value: 0)
        // JSONata's large-stack threads: evaluations run inline on them, recursing as deep as
        // the depth limits allow (address space is reserved; pages are touched only as deep as work goes).
        for index in 0..<count {
            LargeStack.detachThread(name: "stepwise-evaluation-\(index)") { [self] in work(slot: index) }
        }
    }

    /// Runs `body` on one of the threads and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await run { (_: Int) in body() }
    }

    /// Runs `body` on one of the threads, telling it which (0..<count), and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (_ slot: Int) -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { slot in continuation.resume(returning: body(slot)) }
        }
    }

    /// Runs `body` on one of the threads and returns its result or error.
    func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await run { () -> Result<T, E> in
            do throws(E) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func submit(_ job: @escaping @Sendable (Int) -> Void) {
        queue.withLock { $0.jobs.append(job) }
        available.signal()
    }

    private func work(slot: Int) -> Never {
        while true {
            available.wait()
            queue.withLock { $0.pop() }?(slot)
        }
    }
}
