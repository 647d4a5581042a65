import StepwiseJSON

/// A JSONPath Choice state's rules, compiled once, and the rule that a given input selects.
public struct CompiledChoiceState: Sendable, Hashable {
    /// Which way the state goes: the first rule that matched (nil for `Default`) and its `Next`.
    public struct Selection: Sendable, Hashable {
        public var ruleIndex: Int?
        public var next: String
    }

    let rules: [(condition: CompiledCondition, next: String)]
    let defaultState: String?

    public init(choices: [ChoiceRule], default defaultState: String?) throws(StatesError) {
        var rules: [(condition: CompiledCondition, next: String)] = []
        for rule in choices {
            rules.append((try CompiledCondition(rule.condition), rule.next ?? ""))
        }
        self.rules = rules
        self.defaultState = defaultState
    }

    /// The `Next` of the first matching rule, else `Default`. With neither, AWS fails the
    /// state with `States.Runtime` (it reserves `States.NoChoiceMatched` and does not raise it):
    /// "Failed to transition out of the state. The state does not point to a next state."
    public func select(
        input: JSONValue, context: JSONValue, variables: [String: JSONValue], budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> Selection {
        for (index, rule) in rules.enumerated()
        where try ChoiceEvaluator.evaluate(rule.condition, input: input, context: context, variables: variables, budget: budget) {
            return Selection(ruleIndex: index, next: rule.next)
        }
        guard let defaultState else { throw Self.noChoiceMatched }
        return Selection(ruleIndex: nil, next: defaultState)
    }

    public static let noChoiceMatched = StatesError.runtime(
        "Failed to transition out of the state. The state does not point to a next state.")

    public static func == (lhs: CompiledChoiceState, rhs: CompiledChoiceState) -> Bool {
        lhs.defaultState == rhs.defaultState && lhs.rules.count == rhs.rules.count
            && zip(lhs.rules, rhs.rules).allSatisfy { $0.condition == $1.condition && $0.next == $1.next }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(defaultState)
        for rule in rules { hasher.combine(rule.condition); hasher.combine(rule.next) }
    }
}

extension ChoiceEvaluator {
    /// One-shot selection for a Choice state (compile with `CompiledChoiceState` to reuse).
    public static func select(
        _ choices: [ChoiceRule], default defaultState: String?, input: JSONValue, context: JSONValue,
        variables: [String: JSONValue], budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> CompiledChoiceState.Selection {
        try CompiledChoiceState(choices: choices, default: defaultState).select(input: input, context: context, variables: variables, budget: budget)
    }
}
