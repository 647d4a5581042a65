/// One pass of the semantic checks over a model: walks every (sub)machine and state, and
/// collects diagnostics. The individual checks live in extensions, one concern per file.
struct ValidationRun {
    private(set) var diagnostics: [Diagnostic] = []
    /// The top-level `QueryLanguage`, which every state of every nested machine inherits.
    let machineLanguage: QueryLanguage?
    /// Every state name of the document, for duplicate and cross-machine transition checks.
    let stateNames: StateNameIndex
    /// How many more missing transition targets get a "did you mean" suggestion. Each one scans
    /// the machine's names; the budget keeps a definition with thousands of broken names linear.
    var suggestionBudget = 100
    /// What is wrong with each JSONata expression parsed so far (nil: it parses), so that an
    /// expression repeated across states is parsed once.
    var jsonataProblems: [String: String?] = [:]

    init(_ machine: StateMachine) {
        machineLanguage = machine.queryLanguage
        stateNames = StateNameIndex(machine)
    }

    mutating func report(_ code: DiagnosticCode, _ path: String, _ message: String, severity: Severity = .error) {
        diagnostics.append(Diagnostic(code: code.rawValue, path: path, message: message, severity: severity))
    }

    mutating func validate(_ machine: StateMachine) {
        checkStateNames()
        validate(MachineScope(machine: machine, path: "", kind: .topLevel, depth: 0))
    }

    mutating func validate(_ scope: MachineScope) {
        guard scope.depth <= ValidationLimits.maxNesting else {
            report(.nestingTooDeep, scope.path, "state machines are nested more than \(ValidationLimits.maxNesting) levels deep here; the rest is not validated")
            return
        }
        checkMachineFields(scope)
        checkTransitions(scope)
        for (name, state) in scope.machine.states {
            let stateScope = StateScope(name: name, state: state, path: scope.statePath(name), machineLanguage: machineLanguage)
            validate(stateScope)
            for child in scope.children(of: state, named: name) { validate(child) }
        }
    }

    mutating func validate(_ s: StateScope) {
        checkQueryLanguage(s)
        checkFields(s)
        checkTransitionFields(s)
        checkAssign(s.state.assign, at: s.at("Assign"), in: s)
        checkPayloadTemplates(s)
        checkJSONataExpressions(s)
        checkStatePaths(s)
        switch s.state.type {
        case .task: checkTask(s)
        case .choice: checkChoice(s)
        case .wait: checkWait(s)
        case .parallel: checkParallel(s)
        case .map: checkMap(s)
        case .pass, .succeed, .fail: break
        }
        checkErrorHandling(s)
    }
}
