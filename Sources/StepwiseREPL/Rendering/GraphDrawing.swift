import StatesLanguage

/// A state machine as a text drawing: each state with its type and resource, and under it
/// its ways out (choice rules, default, catch, next, end) — branches and item processors
/// nested. States the last execution visited are marked ▶ (others ○), transitions it took
/// are drawn ━▶ (others ─▶).
public enum GraphDrawing {
    public static func render(_ machine: StateMachine, path: ExecutionPath? = nil, style: Style) -> [String] {
        var drawer = Drawer(path: path ?? ExecutionPath(), style: style)
        drawer.lines.append("start " + drawer.arrow(from: nil, to: machine.startAt))
        drawer.draw(machine, prefix: "", depth: 0)
        return drawer.lines
    }

    /// Machines nested deeper than this are summarised instead of drawn.
    static let maxDepth = 16
}

private struct Drawer {
    let path: ExecutionPath
    let style: Style
    var lines: [String] = []

    init(path: ExecutionPath, style: Style) {
        self.path = path
        self.style = style
    }

    func arrow(from: String?, to: String) -> String {
        let taken = from.map { path.transitions.contains(ExecutionPath.Transition(from: $0, to: to)) } ?? path.visited.contains(to)
        return taken ? style.green("━▶ \(to)") : "─▶ \(to)"
    }

    mutating func draw(_ machine: StateMachine, prefix: String, depth: Int) {
        guard depth < GraphDrawing.maxDepth else {
            lines.append(prefix + "… (\(machine.states.count) states nested too deep to draw)")
            return
        }
        for name in Self.order(machine) {
            guard let state = machine.states[name] else { continue }
            let visited = path.visited.contains(name)
            let marker = visited ? style.green("▶") : style.dim("○")
            let title = visited ? style.bold(name) : name
            lines.append(prefix + "\(marker) \(title)  \(describe(state))")
            let items = ways(out: state, from: name)
            for (index, item) in items.enumerated() {
                let last = index == items.count - 1
                switch item {
                case .line(let text):
                    lines.append(prefix + (last ? "  └─ " : "  ├─ ") + text)
                case .nested(let label, let child):
                    lines.append(prefix + (last ? "  └─ " : "  ├─ ") + label)
                    draw(child, prefix: prefix + (last ? "     " : "  │  "), depth: depth + 1)
                }
            }
        }
    }

    private enum Item {
        case line(String)
        case nested(String, StateMachine)
    }

    private func ways(out state: State, from name: String) -> [Item] {
        var items: [Item] = []
        for (index, branch) in (state.branches ?? []).enumerated() {
            items.append(.nested("branch \(index + 1)", branch))
        }
        if let processor = state.mapProcessor { items.append(.nested("each item", processor)) }
        for (index, rule) in (state.choices ?? []).enumerated() {
            if let next = rule.next { items.append(.line("rule \(index + 1) " + arrow(from: name, to: next))) }
        }
        if let fallback = state.default { items.append(.line("default " + arrow(from: name, to: fallback))) }
        for retrier in state.retry ?? [] {
            items.append(.line(style.dim("retry \(retrier.errorEquals.joined(separator: " ")) ×\(retrier.effectiveMaxAttempts)")))
        }
        for catcher in state.catch ?? [] {
            items.append(.line("catch \(catcher.errorEquals.joined(separator: " ")) " + arrow(from: name, to: catcher.next)))
        }
        if let next = state.next { items.append(.line("next " + arrow(from: name, to: next))) }
        if state.end == true { items.append(.line("end")) }
        return items
    }

    private func describe(_ state: State) -> String {
        var text = state.type.rawValue
        if let resource = state.resource {
            if let activity = SugaredEDN.activityName(fromPlaceholderARN: resource) {
                text += " :" + activity.replacingOccurrences(of: "__", with: "/")
            } else {
                text += " " + resource
            }
        }
        if state.type == .fail, let error = state.error { text += " " + error }
        return style.dim(text)
    }

    /// Depth-first from the start state along each state's ways out, then any state nothing
    /// reaches, in document order.
    static func order(_ machine: StateMachine) -> [String] {
        var seen: Set<String> = []
        var order: [String] = []
        var stack = [machine.startAt]
        while let name = stack.popLast() {
            guard !seen.contains(name), let state = machine.states[name] else { continue }
            seen.insert(name)
            order.append(name)
            var targets: [String] = (state.choices ?? []).compactMap(\.next)
            targets += [state.default, state.next].compactMap { $0 }
            targets += (state.catch ?? []).map(\.next)
            stack += targets.reversed()
        }
        return order + machine.states.keys.filter { !seen.contains($0) }
    }
}
