/// Every state of a document by name, across all nested machines: state names must be unique
/// in the whole state machine, and a transition naming a state of another (sub)machine deserves
/// a better message than "no such state".
struct StateNameIndex {
    struct Entry {
        let statePath: String
        /// The JSON pointer of the machine holding the state.
        let machinePath: String
        let machineDescription: String
    }

    private(set) var entries: [String: [Entry]] = [:]
    /// Names in document order, so that duplicates are reported deterministically.
    private(set) var orderedNames: [String] = []

    init(_ machine: StateMachine) {
        collect(MachineScope(machine: machine, path: "", kind: .topLevel, depth: 0))
    }

    private mutating func collect(_ scope: MachineScope) {
        guard scope.depth <= ValidationLimits.maxNesting else { return }
        for (name, state) in scope.machine.states {
            let entry = Entry(statePath: scope.statePath(name), machinePath: scope.path, machineDescription: scope.description)
            if entries[name] == nil { orderedNames.append(name) }
            entries[name, default: []].append(entry)
            for child in scope.children(of: state, named: name) { collect(child) }
        }
    }
}

/// AWS's limit on state names (`INVALID_STATE_NAME`), stricter than the specification's 128.
let maxStateNameLength = 80

extension ValidationRun {
    mutating func checkStateNames() {
        for name in stateNames.orderedNames {
            guard let entries = stateNames.entries[name], let first = entries.first else { continue }
            let length = name.unicodeScalars.count
            for entry in entries {
                if length == 0 {
                    report(.invalidStateName, entry.statePath, "a state name must not be empty")
                } else if length > maxStateNameLength {
                    report(.invalidStateName, entry.statePath, "state name \"\(name)\" is \(length) characters long; AWS allows at most \(maxStateNameLength)")
                }
            }
            for duplicate in entries.dropFirst() {
                report(.duplicateStateName, duplicate.statePath,
                       "state name \"\(name)\" is already used at \(first.statePath) (in \(first.machineDescription)); state names must be unique across the whole state machine, including Parallel branches and Map processors")
            }
        }
    }
}
