/// The model API has no document to order diagnostics by, so it prints the model. A hand-built
/// model can nest without bound; printing a copy cut at the validator's own nesting limit keeps
/// that within the stack (diagnostics below the cut sort by their nearest printed ancestor).
extension StateMachine {
    func prunedForOrdering(depth: Int = 0) -> StateMachine {
        var copy = self
        for (name, state) in states {
            copy.states[name] = state.prunedForOrdering(depth: depth)
        }
        return copy
    }
}

extension State {
    fileprivate func prunedForOrdering(depth: Int) -> State {
        var copy = self
        let deeper = depth < ValidationLimits.maxNesting
        copy.branches = branches.map { deeper ? $0.map { $0.prunedForOrdering(depth: depth + 1) } : [] }
        copy.itemProcessor = deeper ? itemProcessor?.prunedForOrdering(depth: depth + 1) : nil
        copy.iterator = deeper ? iterator?.prunedForOrdering(depth: depth + 1) : nil
        copy.choices = choices?.map { $0.prunedForOrdering(depth: 0) }
        return copy
    }
}

extension ChoiceRule {
    fileprivate func prunedForOrdering(depth: Int) -> ChoiceRule {
        var copy = self
        guard depth < ValidationLimits.maxNesting else {
            // A stand-in leaf: only its position in the printed document matters.
            copy.condition = .jsonata(.bool(true))
            return copy
        }
        switch condition {
        case .and(let rules): copy.condition = .and(rules.map { $0.prunedForOrdering(depth: depth + 1) })
        case .or(let rules): copy.condition = .or(rules.map { $0.prunedForOrdering(depth: depth + 1) })
        case .not(let rule): copy.condition = .not(rule.prunedForOrdering(depth: depth + 1))
        case .comparison, .jsonata: break
        }
        return copy
    }
}
