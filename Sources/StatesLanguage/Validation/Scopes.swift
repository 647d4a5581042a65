import StepwiseJSON

/// A (sub)machine being validated: the top-level machine, a Parallel branch or a Map's item
/// processor, with its JSON pointer and how deep it is nested.
struct MachineScope {
    enum Kind {
        case topLevel
        case branch(parallel: String, index: Int)
        /// `field` is `ItemProcessor` or its legacy name `Iterator`.
        case processor(map: String, field: String)
    }

    let machine: StateMachine
    let path: String
    let kind: Kind
    let depth: Int

    var isNested: Bool { if case .topLevel = kind { return false } else { return true } }

    var isItemProcessor: Bool { if case .processor = kind { return true } else { return false } }

    /// Names the machine in messages ("branch 1 of Parallel state \"P\"").
    var description: String {
        switch kind {
        case .topLevel: return "the top-level state machine"
        case .branch(let parallel, let index): return "branch \(index) of Parallel state \"\(parallel)\""
        case .processor(let map, let field): return "the \(field) of Map state \"\(map)\""
        }
    }

    func statePath(_ name: String) -> String { path + "/States/" + jsonPointerEscape(name) }

    /// The machines nested in one of this machine's states, in document order.
    func children(of state: State, named name: String) -> [MachineScope] {
        let base = statePath(name)
        var result: [MachineScope] = []
        for (index, branch) in (state.branches ?? []).enumerated() {
            result.append(MachineScope(
                machine: branch, path: base + "/Branches/\(index)",
                kind: .branch(parallel: name, index: index), depth: depth + 1))
        }
        if let processor = state.itemProcessor {
            result.append(MachineScope(
                machine: processor, path: base + "/ItemProcessor",
                kind: .processor(map: name, field: "ItemProcessor"), depth: depth + 1))
        }
        if let iterator = state.iterator {
            result.append(MachineScope(
                machine: iterator, path: base + "/Iterator",
                kind: .processor(map: name, field: "Iterator"), depth: depth + 1))
        }
        return result
    }
}

/// One state being validated, with the query language it runs under and where that came from.
struct StateScope {
    let name: String
    let state: State
    let path: String
    let language: QueryLanguage
    /// "its own QueryLanguage", "the state machine's QueryLanguage" or "the default".
    let languageOrigin: String

    init(name: String, state: State, path: String, machineLanguage: QueryLanguage?) {
        self.name = name
        self.state = state
        self.path = path
        // Nested machines inherit the top-level language, not the enclosing state's (measured
        // against AWS): a Map declaring JSONata leaves its processor's states on JSONPath.
        if let own = state.queryLanguage {
            language = own
            languageOrigin = "its own QueryLanguage"
        } else if let inherited = machineLanguage {
            language = inherited
            languageOrigin = "the state machine's QueryLanguage"
        } else {
            language = .jsonPath
            languageOrigin = "the default query language"
        }
    }

    var isJSONata: Bool { language == .jsonata }

    /// `Task state "Add"`.
    var title: String { "\(state.type.rawValue) state \"\(name)\"" }

    func at(_ key: String) -> String { path + "/" + jsonPointerEscape(key) }
}

/// How deep the validator follows nested structures before reporting `NESTING_TOO_DEEP`,
/// so that a hand-built model of any depth cannot exhaust the stack.
enum ValidationLimits {
    static let maxNesting = 100
    static let maxPayloadDepth = JSONParser.maxDepth
}

/// The JSON pointer of a value inside a payload, grown one step at a time as a walk descends and
/// spelled out only when a diagnostic needs it: a long key is then not copied into the path of
/// every value below it.
indirect enum PointerTrail {
    case start(String)
    case member(PointerTrail, String)
    case element(PointerTrail, Int)

    var pointer: String {
        var tokens: [String] = []
        var trail = self
        while true {
            switch trail {
            case .start(let base):
                return tokens.reversed().reduce(into: base) { $0 += "/" + $1 }
            case .member(let parent, let key):
                tokens.append(jsonPointerEscape(key))
                trail = parent
            case .element(let parent, let index):
                tokens.append(String(index))
                trail = parent
            }
        }
    }
}
