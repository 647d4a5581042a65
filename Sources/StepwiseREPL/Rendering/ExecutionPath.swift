import StepFunctions

/// The states an execution went through and the transitions it took, read from its history.
public struct ExecutionPath: Sendable, Hashable {
    public struct Transition: Sendable, Hashable {
        public var from: String
        public var to: String
        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    public var visited: Set<String>
    public var transitions: Set<Transition>

    public init(visited: Set<String> = [], transitions: Set<Transition> = []) {
        self.visited = visited
        self.transitions = transitions
    }

    /// A transition is a state entered after another was exited, or — when a Catch sends the
    /// execution on without an exit event — after another was entered.
    public init(events: [HistoryEvent]) {
        self.init()
        var last: String?
        for event in events {
            guard let name = event.details?["name"]?.stringValue else { continue }
            let type = event.type.rawValue
            if type.hasSuffix("StateEntered") {
                visited.insert(name)
                if let last, last != name { transitions.insert(Transition(from: last, to: name)) }
                last = name
            } else if type.hasSuffix("StateExited") {
                last = name
            }
        }
    }
}
