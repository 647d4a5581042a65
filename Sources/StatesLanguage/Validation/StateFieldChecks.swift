/// Which fields a state may carry: per state type, per query language, the pairs that exclude
/// each other, and the Next/End rules.
extension ValidationRun {
    /// A state cannot fall back to JSONPath when the whole machine uses JSONata.
    mutating func checkQueryLanguage(_ s: StateScope) {
        if s.state.queryLanguage == .jsonPath, machineLanguage == .jsonata {
            report(.invalidValue, s.at("QueryLanguage"),
                   "\(s.title) sets QueryLanguage \"JSONPath\", but the state machine uses JSONata; a state may only switch from JSONPath to JSONata, so set the machine to JSONPath and opt states in to JSONata instead")
        }
    }

    mutating func checkFields(_ s: StateScope) {
        for field in ASLField.allCases where field.isPresent(in: s.state) {
            if !field.stateTypes.contains(s.state.type) {
                report(.fieldNotAllowed, s.at(field.key), "\(s.title) cannot have \"\(field.key)\"; \(notAllowedReason(field, for: s.state.type))")
            } else if let language = field.language, language != s.language {
                var message = "\"\(field.key)\" is a \(language.rawValue) field, but \(s.title) uses \(s.language.rawValue) (from \(s.languageOrigin))"
                if let counterpart = field.counterpart(for: s.state.type) { message += "; \(counterpart)" }
                report(.queryLanguageMismatch, s.at(field.key), message)
            } else if !s.isJSONata, field.jsonataExpression(in: s.state) != nil {
                reportJSONataInJSONPath(s, at: s.at(field.key), field: field.key)
            }
        }
        checkExclusive(s, .timeoutSeconds, .timeoutSecondsPath)
        checkExclusive(s, .heartbeatSeconds, .heartbeatSecondsPath)
        checkExclusive(s, .error, .errorPath)
        checkExclusive(s, .cause, .causePath)
        checkExclusive(s, .maxConcurrency, .maxConcurrencyPath)
        checkExclusive(s, .toleratedFailurePercentage, .toleratedFailurePercentagePath)
        checkExclusive(s, .toleratedFailureCount, .toleratedFailureCountPath)
        checkExclusive(s, .itemProcessor, .iterator)
        checkExclusive(s, .parameters, .itemSelector)
    }

    mutating func reportJSONataInJSONPath(_ s: StateScope, at path: String, field: String) {
        report(.queryLanguageMismatch, path,
               "\(field) of \(s.title) holds a JSONata expression \"{% … %}\", but the state uses JSONPath (from \(s.languageOrigin)); set \"QueryLanguage\": \"JSONata\" on the state or use a literal value")
    }

    /// Reports the second of two fields that must not be used together (when both are otherwise
    /// allowed here, so that one mistake gives one diagnostic).
    private mutating func checkExclusive(_ s: StateScope, _ first: ASLField, _ second: ASLField) {
        guard first.isPresent(in: s.state), second.isPresent(in: s.state),
              [first, second].allSatisfy({ $0.stateTypes.contains(s.state.type) && ($0.language ?? s.language) == s.language })
        else { return }
        report(.conflictingFields, s.at(second.key), "\(s.title) has both \"\(first.key)\" and \"\(second.key)\"; use only one of them")
    }

    private func notAllowedReason(_ field: ASLField, for type: StateType) -> String {
        switch (field, type) {
        case (.next, .choice), (.end, .choice):
            return "a Choice state moves on through its Choices and Default"
        case (.next, _), (.end, _):
            return "a \(type.rawValue) state always ends its state machine or branch"
        case (.inputPath, .fail), (.outputPath, .fail), (.output, .fail):
            return "a Fail state has no input or output processing"
        default:
            let owners = StateType.allCases.filter { field.stateTypes.contains($0) }.map(\.rawValue)
            return "only \(listing(owners)) states have it"
        }
    }

    /// `Next`/`End`: a state that does not end by its type needs exactly one of `Next` or `"End": true`.
    mutating func checkTransitionFields(_ s: StateScope) {
        guard ASLField.next.stateTypes.contains(s.state.type) else { return }
        let state = s.state
        if state.end == false {
            report(.invalidValue, s.at("End"), "\(s.title) has \"End\": false; End can only be true (remove it and use \"Next\" to continue)")
        }
        if state.next != nil, state.end == true {
            report(.conflictingFields, s.at("End"), "\(s.title) has both \"Next\" and \"End\": true; a state either continues or ends")
        } else if state.next == nil, state.end != true {
            report(.missingTransition, s.path, "\(s.title) has neither \"Next\" nor \"End\": true; add \"Next\" naming the state to run after it, or \"End\": true")
        }
    }
}

/// "A, B and C".
func listing(_ items: [String]) -> String {
    guard let last = items.last else { return "" }
    return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
}
