import StepwiseJSON

/// Checks a state machine definition for everything AWS would reject at CreateStateMachine or
/// ValidateStateMachineDefinition, and reports it with a stable code, the JSON pointer of the
/// offending value and a message naming the state, the field, the bad value and what is allowed.
public enum Validator {
    /// The semantic checks on a model (the model cannot express structural problems).
    /// Diagnostics come in document order, without repeats; an empty array means valid.
    public static func validate(_ machine: StateMachine) -> [Diagnostic] {
        var run = ValidationRun(machine)
        run.validate(machine)
        guard !run.diagnostics.isEmpty else { return [] }
        return DocumentOrder(ASLEncoder.encode(machine.prunedForOrdering())).sorted(run.diagnostics)
    }

    /// Decodes a document (reporting wrong types, unknown and missing fields, bad enum values)
    /// and then runs the semantic checks. Those need a faithful model, so they run only when the
    /// decoder found nothing worse than unknown fields, which it merely skips: once a value had
    /// to be dropped, names and indices in the model no longer match the document.
    public static func validate(document: JSONValue) -> (StateMachine?, [Diagnostic]) {
        let (machine, structural) = ASLDecoder.decode(document)
        // Ordering costs a walk of the whole document: only pay it when there is something to order.
        let sorted = { (diagnostics: [Diagnostic]) in diagnostics.isEmpty ? [] : DocumentOrder(document).sorted(diagnostics) }
        guard let machine, structural.allSatisfy({ $0.code == DiagnosticCode.unknownField.rawValue }) else {
            return (machine, sorted(structural))
        }
        var run = ValidationRun(machine)
        run.validate(machine)
        return (machine, sorted(structural + run.diagnostics))
    }
}
