import Synchronization

/// What completion knows about the session. The session replaces it whenever machines,
/// runs or backends change, and the line editor reads it on Tab without waiting for the
/// session (which may be busy running something).
public struct CompletionIndex: Sendable, Hashable {
    /// Machine name → its state names (nested states included).
    public var machines: [String: [String]]
    /// What `:history` accepts: run numbers and execution names.
    public var executions: [String]
    public var backends: [String]
    /// The tokens of the tasks last seen waiting for a callback.
    public var tasks: [String]
    /// The mock file's test cases, as `:run` takes them (`orders#HappyPath`).
    public var testCases: [String]

    public init(
        machines: [String: [String]] = [:], executions: [String] = [], backends: [String] = [], tasks: [String] = [], testCases: [String] = []
    ) {
        self.machines = machines
        self.executions = executions
        self.backends = backends
        self.tasks = tasks
        self.testCases = testCases
    }
}

/// The current index, shared between the session and the line editor.
public final class CompletionSource: Sendable {
    private let current = Mutex(CompletionIndex())

    public init() {}

    public var index: CompletionIndex { current.withLock { $0 } }

    func update(_ change: (inout CompletionIndex) -> Void) {
        current.withLock { change(&$0) }
    }
}
