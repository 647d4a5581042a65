import StatesLanguage
import StepwiseJSON

/// A (sub)machine prepared for execution: states addressed by index, transitions resolved,
/// nested graphs compiled once. Immutable and shared by every execution of a definition.
final class CompiledGraph: Sendable {
    let states: [CompiledState]
    let startIndex: Int

    /// Every state of the graph and of its branches and item processors: name → type.
    var allStateTypes: [String: String] {
        var types: [String: String] = [:]
        for state in states {
            types[state.name] = state.type.rawValue
            for graph in state.branches + (state.processor.map { [$0] } ?? []) { types.merge(graph.allStateTypes) { first, _ in first } }
        }
        return types
    }

    init(_ machine: StateMachine, inherited: QueryLanguage) throws(StatesError) {
        let language = machine.queryLanguage ?? inherited
        let names = Array(machine.states.keys)
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name] = i }
        var compiled: [CompiledState] = []
        for (name, state) in machine.states {
            compiled.append(try CompiledState(name: name, state: state, language: state.queryLanguage ?? language, index: index))
        }
        states = compiled
        guard let start = index[machine.startAt] else {
            throw StatesError(ErrorName.runtime, "MISSING_TRANSITION_TARGET: StartAt '\(machine.startAt)' is not a state of its machine")
        }
        startIndex = start
    }
}

final class CompiledState: Sendable {
    let name: String
    let state: State
    let language: QueryLanguage
    let next: Int?
    let defaultIndex: Int?
    let choiceTargets: [Int?]
    let catchTargets: [Int?]
    let branches: [CompiledGraph]
    let processor: CompiledGraph?
    /// Whether anything in the state reads the context object (`$$` / `$states.context`), so
    /// the engine builds it only when needed.
    let readsContext: Bool
    /// Parsed paths and templates (JSONPath states only).
    let jsonPath: JSONPathState?
    /// Compiled `{% … %}` expressions (JSONata states only).
    let jsonata: JSONataExpressions?
    /// The state's output is its input, untouched (a JSONPath Pass or Succeed with no data-flow
    /// field), so the input's size checks need not be repeated on the way out.
    let passesInputThrough: Bool

    init(name: String, state: State, language: QueryLanguage, index: [String: Int]) throws(StatesError) {
        self.name = name
        self.state = state
        self.language = language
        // A transition to a state that does not exist would strand the execution: refuse it here.
        func target(_ field: String, _ target: String?) throws(StatesError) -> Int? {
            guard let target else { return nil }
            guard let found = index[target] else {
                throw StatesError(ErrorName.runtime, "MISSING_TRANSITION_TARGET: the \(field) of state '\(name)' is '\(target)', which is not a state of its machine")
            }
            return found
        }
        next = try target("Next", state.next)
        defaultIndex = try target("Default", state.default)
        var choiceTargets: [Int?] = []
        for rule in state.choices ?? [] { choiceTargets.append(try target("Next of a choice rule", rule.next)) }
        self.choiceTargets = choiceTargets
        var catchTargets: [Int?] = []
        for catcher in state.catch ?? [] { catchTargets.append(try target("Next of a catcher", catcher.next)) }
        self.catchTargets = catchTargets
        var branches: [CompiledGraph] = []
        for branch in state.branches ?? [] { branches.append(try CompiledGraph(branch, inherited: language)) }
        self.branches = branches
        processor = try state.mapProcessor.map { processor throws(StatesError) in try CompiledGraph(processor, inherited: language) }
        jsonPath = language == .jsonPath ? try JSONPathState(state, name: name) : nil
        jsonata = language == .jsonata ? try JSONataExpressions(state, name: name) : nil
        passesInputThrough = language == .jsonPath && (state.type == .pass || state.type == .succeed)
            && state.inputPath == nil && state.outputPath == nil && state.resultPath == nil && state.parameters == nil
            && state.result == nil && state.resultSelector == nil && state.assign == nil
        var own = state
        own.branches = nil
        own.itemProcessor = nil
        own.iterator = nil
        let text = JSONSerializer.string(ASLEncoder.encode(own))
        readsContext = text.contains("$$") || text.contains("$states.context") || text.contains("$states")
    }

    var type: StateType { state.type }
}
