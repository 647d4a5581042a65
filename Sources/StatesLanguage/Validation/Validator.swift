import StepwiseJSON

/// Checks a state machine definition for everything AWS would reject at CreateStateMachine or
/// ValidateStateMachineDefinition, and reports it with a stable code, the JSON pointer of the
/// offending value and a message naming the state, the field, the bad value and what is allowed.
/// Warnings point out what AWS accepts but probably does not do what was meant.
public enum Validator {
    /// The errors of a model (the model cannot express structural problems), in document
    /// order, without repeats; an empty array means AWS accepts it.
    public static func validate(_ machine: StateMachine) -> [Diagnostic] {
        var run = ValidationRun(machine)
        run.validate(machine)
        let errors = run.diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return [] }
        return DocumentOrder(ASLEncoder.encode(machine.prunedForOrdering())).sorted(errors)
    }

    /// The errors of a document: what makes AWS refuse it. See `check` for warnings too.
    public static func validate(document: JSONValue) -> (StateMachine?, [Diagnostic]) {
        let (machine, diagnostics) = check(document: document)
        return (machine, diagnostics.filter { $0.severity == .error })
    }

    /// Decodes a document (reporting wrong types, unknown and missing fields, bad enum values)
    /// and then runs the semantic checks; gives every diagnostic, errors and warnings, in
    /// document order. The semantic checks need a faithful model, so they run only when the
    /// decoder found nothing worse than unknown fields, which it merely skips: once a value had
    /// to be dropped, names and indices in the model no longer match the document.
    ///
    /// A `template` may hold `${Name}` placeholders wherever a deploy tool fills in a value,
    /// also where a number or an ARN belongs: what would be reported at a placeholder is not,
    /// and the rest of the definition is checked around it.
    public static func check(document: JSONValue, template: Bool = false) -> (machine: StateMachine?, diagnostics: [Diagnostic]) {
        let (machine, decoded) = ASLDecoder.decode(document, readsTemplates: template)
        let order = DocumentOrder(document)
        func kept(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
            let kept = template ? diagnostics.filter { !TemplatePlaceholders.isPlaceholder(at: $0.path, in: document) } : diagnostics
            return kept.isEmpty ? [] : order.sorted(kept)
        }
        let structural = kept(decoded)
        guard let machine, structural.allSatisfy({ $0.code == DiagnosticCode.unknownField.rawValue }) else {
            return (machine, structural)
        }
        var run = ValidationRun(machine)
        run.validate(machine)
        return (machine, kept(structural + run.diagnostics))
    }
}
