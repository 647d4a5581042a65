/// The graph of one (sub)machine: every transition names a state of the same machine, every
/// state is reachable from StartAt, and some reachable state ends the machine. Linear in the
/// number of states and transitions.
extension ValidationRun {
    private struct Transition {
        let target: String
        let path: String
        /// "Next of Task state \"A\"", for messages.
        let what: String
    }

    mutating func checkTransitions(_ scope: MachineScope) {
        let machine = scope.machine
        let startResolves = resolve(Transition(target: machine.startAt, path: scope.path + "/StartAt", what: "StartAt of \(scope.description)"), in: scope)
        var successors: [String: [String]] = [:]
        var allResolve = startResolves
        for (name, state) in machine.states {
            for transition in transitions(of: state, named: name, in: scope) {
                if resolve(transition, in: scope) {
                    successors[name, default: []].append(transition.target)
                } else {
                    allResolve = false
                }
            }
        }
        // With a broken transition the graph is incomplete: unreachable states and a missing
        // end would mostly be echoes of that one mistake.
        guard allResolve else { return }
        let reachable = reachableStates(from: machine.startAt, successors: successors)
        for name in machine.states.keys where !reachable.contains(name) {
            report(.unreachableState, scope.statePath(name),
                   "state \"\(name)\" can never run: no transition from StartAt \"\(machine.startAt)\" of \(scope.description) leads to it (through Next, Default, a choice rule or a catcher)")
        }
        // A reachable state lacking Next and End is already reported, and is where the end belongs.
        let endsOrStops = machine.states.contains { name, state in
            reachable.contains(name) && (state.isTerminal || (state.next == nil && ASLField.next.stateTypes.contains(state.type)))
        }
        if !endsOrStops {
            report(.noTerminalState, scope.path + "/States",
                   "no state reachable from StartAt ends \(scope.description); add a Succeed or Fail state, or \"End\": true on a Task, Pass, Wait, Parallel or Map state")
        }
    }

    private func transitions(of state: State, named name: String, in scope: MachineScope) -> [Transition] {
        let path = scope.statePath(name)
        let title = "\(state.type.rawValue) state \"\(name)\""
        var result: [Transition] = []
        if let next = state.next { result.append(Transition(target: next, path: path + "/Next", what: "Next of \(title)")) }
        for (index, rule) in (state.choices ?? []).enumerated() {
            if let next = rule.next {
                result.append(Transition(target: next, path: path + "/Choices/\(index)/Next", what: "Next of choice rule \(index) of \(title)"))
            }
        }
        if let fallback = state.default { result.append(Transition(target: fallback, path: path + "/Default", what: "Default of \(title)")) }
        for (index, catcher) in (state.catch ?? []).enumerated() {
            result.append(Transition(target: catcher.next, path: path + "/Catch/\(index)/Next", what: "Next of catcher \(index) of \(title)"))
        }
        return result
    }

    /// True when the target is a state of this machine; otherwise reports why not.
    private mutating func resolve(_ transition: Transition, in scope: MachineScope) -> Bool {
        let target = transition.target
        if scope.machine.states[target] != nil { return true }
        if let elsewhere = stateNames.entries[target]?.first {
            report(.transitionOutOfScope, transition.path,
                   "\(transition.what) names \"\(target)\", which belongs to \(elsewhere.machineDescription); a state can only transition to states of its own machine (here \(scope.description)), never into or out of a Parallel branch or Map processor")
            return false
        }
        var message = "\(transition.what) names \"\(target)\", but \(scope.description) has no state of that name"
        if suggestionBudget > 0 {
            suggestionBudget -= 1
            if let suggestion = nearestName(to: target, among: Array(scope.machine.states.keys)) {
                message += "; did you mean \"\(suggestion)\"?"
            }
        }
        report(.missingTransitionTarget, transition.path, message)
        return false
    }

    private func reachableStates(from start: String, successors: [String: [String]]) -> Set<String> {
        var reached: Set<String> = [start]
        var pending = [start]
        while let name = pending.popLast() {
            for next in successors[name] ?? [] where reached.insert(next).inserted {
                pending.append(next)
            }
        }
        return reached
    }
}
