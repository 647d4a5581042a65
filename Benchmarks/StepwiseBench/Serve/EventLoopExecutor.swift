import NIOCore

/// Runs a task's jobs on one NIO event loop. A worker task that prefers the loop its
/// connection lives on sends a request, waits and reads the answer on one thread: without it,
/// every request would cross from Swift's thread pool to NIO's and back, and the generator
/// would spend on those switches CPU that, on a small host, the server under test needs.
final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
