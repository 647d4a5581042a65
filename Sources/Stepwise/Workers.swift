import Foundation
import Logging
import ServiceLifecycle
import StatesLanguage
import StepFunctions
import StepwiseJSON
import Synchronization

/// Activity workers: for each activity, `concurrency` loops that long-poll for tasks, run the
/// handler inside its interceptors, and report success or failure. A swift-service-lifecycle
/// `Service`, so they can run under a `ServiceGroup` and stop gracefully on SIGTERM.
public final class Workers: Service, Sendable {
    struct Binding: Sendable {
        let activityArn: String
        let handler: Handler
    }

    struct State {
        var stopping = false
        var polls: [Int: Task<GetActivityTaskOutput, any Error>] = [:]
        var nextPoll = 0
        var running = 0
    }

    let backend: any StepFunctionsBackend
    let bindings: [Binding]
    let concurrency: Int
    let blobStore: (any BlobStore)?
    let workerName: String
    let logger: Logger
    /// How a loop waits after a failed poll (tests record the waits instead of sleeping).
    let pause: @Sendable (Duration) async -> Void
    private let state = Mutex(State())
    private let loops = Mutex<Task<Void, Never>?>(nil)

    /// The Step Functions payload quota, beyond which an output cannot be sent.
    static let outputLimit = 262_144

    init(
        backend: any StepFunctionsBackend, bindings: [Binding], concurrency: Int, blobStore: (any BlobStore)?, workerName: String, logger: Logger,
        pause: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
    ) {
        self.backend = backend
        self.bindings = bindings
        self.concurrency = max(1, concurrency)
        self.blobStore = blobStore
        self.workerName = workerName
        self.logger = logger
        self.pause = pause
    }

    func start() {
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for binding in bindings {
                    for _ in 0..<concurrency {
                        group.addTask { await self.loop(binding) }
                    }
                }
            }
        }
        loops.withLock { $0 = task }
    }

    /// Tasks being handled right now.
    public var runningTasks: Int { state.withLock { $0.running } }

    /// Stops taking new tasks, lets running handlers finish and report, and returns when every
    /// loop has exited.
    public func shutdown() async {
        stopPolling()
        await loops.withLock { $0 }?.value
    }

    /// Stops at once: running handlers are cancelled (their tasks are reported as failed).
    public func kill() async {
        stopPolling()
        let task = loops.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await loops.withLock { $0 }?.value
        } onGracefulShutdown: {
            self.stopPolling()
        }
    }

    private func stopPolling() {
        let polls = state.withLock { s -> [Task<GetActivityTaskOutput, any Error>] in
            s.stopping = true
            return Array(s.polls.values)
        }
        for poll in polls { poll.cancel() }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    // MARK: - The loop

    private func loop(_ binding: Binding) async {
        var failures = 0
        while !isStopping, !Task.isCancelled {
            let task: GetActivityTaskOutput
            do {
                task = try await poll(binding.activityArn)
                failures = 0
            } catch let error as StepFunctionsError where error.code == .activityDoesNotExist {
                logger.warning("activity no longer exists; its worker stops", metadata: ["activity": "\(binding.activityArn)"])
                return
            } catch is CancellationError {
                continue
            } catch {
                failures += 1
                logger.warning("polling failed", metadata: ["activity": "\(binding.activityArn)", "error": "\(error)", "failures": "\(failures)"])
                await pause(.milliseconds(min(200 * failures, 4_000)))
                continue
            }
            guard let token = task.taskToken else { continue }
            await process(token: token, input: task.input ?? "{}", binding: binding)
        }
    }

    /// One long poll, in a task of its own so that `shutdown` can cancel the poll without
    /// cancelling running handlers.
    private func poll(_ activityArn: String) async throws -> GetActivityTaskOutput {
        let backend = self.backend
        let input = GetActivityTaskInput(activityArn: activityArn, workerName: workerName)
        let id = state.withLock { s -> Int? in
            guard !s.stopping else { return nil }
            s.nextPoll += 1
            s.polls[s.nextPoll] = Task { try await backend.getActivityTask(input) }
            return s.nextPoll
        }
        guard let id, let task = state.withLock({ $0.polls[id] }) else { throw CancellationError() }
        defer { state.withLock { _ = $0.polls.removeValue(forKey: id) } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    private func process(token: String, input: String, binding: Binding) async {
        state.withLock { $0.running += 1 }
        defer { state.withLock { $0.running -= 1 } }
        let backend = self.backend
        var chain = binding.handler.interceptors
        if let blobStore { chain.insert(.loadOffloaded(from: blobStore), at: 0) }
        let outcome: TaskOutcome
        do {
            let request = try JSONParser.parse(input)
            let context = TaskContext(
                request: request, taskToken: token, activityArn: binding.activityArn,
                sendHeartbeat: { _ = try await backend.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: token)) })
            let end = await InterceptorChain.run(chain, context: context, handler: binding.handler)
            if let error = end.error {
                outcome = Task.isCancelled
                    ? .failure("Stepwise.WorkerKilled", "the worker was killed while the task was running")
                    : .failure(ErrorReporting.nameAndCause(error))
            } else {
                outcome = .success(end.response ?? .null)
            }
        } catch {
            outcome = .failure("Stepwise.InvalidInput", "the task input is not JSON: \(error)")
        }
        // Reporting runs outside this task so that a kill cannot cancel it half-way.
        await Task { await self.report(outcome, token: token, activityArn: binding.activityArn) }.value
    }

    enum TaskOutcome: Sendable {
        case success(JSONValue)
        case failure(String, String)

        static func failure(_ pair: (String, String)) -> TaskOutcome { .failure(pair.0, pair.1) }
    }

    private func report(_ outcome: TaskOutcome, token: String, activityArn: String) async {
        var outcome = outcome
        if case .success(let output) = outcome {
            let text = JSONSerializer.string(output)
            if text.utf8.count > Self.outputLimit {
                outcome = .failure(
                    "States.DataLimitExceeded",
                    "The task output is \(text.utf8.count) bytes, over Step Functions' limit of \(Self.outputLimit) bytes; offload large values (Interceptor.offload).")
            } else {
                do {
                    _ = try await backend.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: text))
                    return
                } catch {
                    // An output Step Functions refuses must not leave the task to time out.
                    outcome = .failure("Stepwise.OutputRejected", "Step Functions refused the task output: \(error)")
                }
            }
        }
        guard case .failure(let error, let cause) = outcome else { return }
        do {
            _ = try await backend.sendTaskFailure(SendTaskFailureInput(taskToken: token, error: error, cause: cause))
        } catch {
            logger.error("could not report a task failure", metadata: ["activity": "\(activityArn)", "error": "\(error)"])
        }
    }
}
