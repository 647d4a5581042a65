import DequeModule
import StepFunctions

/// Activity tasks waiting for workers, workers waiting for tasks, and the state of every task
/// token handed out. Owned by the engine actor.
struct ActivityBroker {
    struct PendingTask: Sendable {
        let token: String
        let executionArn: String
        let input: String
    }

    struct Poller {
        let id: Int
        let workerName: String?
        /// Given a task, or nothing when the window passes or the caller goes away.
        let answer: Answer<GetActivityTaskOutput>
    }

    enum TokenState {
        case open(executionArn: String)
        /// Answered, timed out, or its execution ended: further answers get `TaskTimedOut`, as
        /// on AWS, where a token can be used once.
        case closed
    }

    /// Activity tasks a worker holds (handed out, not yet answered, timed out or withdrawn).
    private(set) var held: Set<String> = []
    private var queues: [String: Deque<PendingTask>] = [:]
    private var pollers: [String: Deque<Poller>] = [:]
    private var tokens: [String: TokenState] = [:]

    /// Queues a task; if a worker is already waiting, takes that worker off the queue and
    /// returns it. Polls already answered (their caller went away) are dropped on the way.
    mutating func enqueue(_ task: PendingTask, activityArn: String) -> Poller? {
        tokens[task.token] = .open(executionArn: task.executionArn)
        while let poller = pollers[activityArn]?.popFirst() {
            if !poller.answer.isAnswered { return poller }
        }
        queues[activityArn, default: []].append(task)
        return nil
    }

    /// The oldest task of the activity whose token is still open.
    mutating func dequeue(activityArn: String) -> PendingTask? {
        while let task = queues[activityArn]?.popFirst() {
            if case .open = tokens[task.token] { return task }
        }
        return nil
    }

    /// Polls of the activity still waiting for a task.
    func parkedCount(activityArn: String) -> Int {
        pollers[activityArn]?.count { !$0.answer.isAnswered } ?? 0
    }

    mutating func addPoller(_ poller: Poller, activityArn: String) {
        pollers[activityArn, default: []].append(poller)
    }

    mutating func removePoller(id: Int) -> Poller? {
        for (arn, waiting) in pollers {
            if let index = waiting.firstIndex(where: { $0.id == id }) {
                return pollers[arn]!.remove(at: index)
            }
        }
        return nil
    }

    mutating func open(token: String, executionArn: String) {
        tokens[token] = .open(executionArn: executionArn)
    }

    func state(of token: String) -> TokenState? { tokens[token] }

    /// Notes that a worker took an activity task.
    mutating func hold(token: String) {
        held.insert(token)
    }

    /// Ends a token's life (answered, timed out or withdrawn); returns its execution if it was open.
    @discardableResult
    mutating func close(token: String) -> String? {
        held.remove(token)
        guard case .open(let executionArn) = tokens[token] else { return nil }
        tokens[token] = .closed
        // Closed tokens are remembered so late answers get TaskTimedOut rather than
        // TaskDoesNotExist, but only the most recent ones: memory stays bounded.
        closedOrder.append(token)
        if closedOrder.count > Self.closedTokensKept, let oldest = closedOrder.popFirst() {
            tokens.removeValue(forKey: oldest)
        }
        return executionArn
    }

    static let closedTokensKept = 100_000
    private var closedOrder = Deque<String>()

    /// Drops everything queued for a deleted activity and returns its waiting workers.
    mutating func removeActivity(_ activityArn: String) -> [Poller] {
        queues.removeValue(forKey: activityArn)
        return Array(pollers.removeValue(forKey: activityArn) ?? [])
    }
}
