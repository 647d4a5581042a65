import StepFunctions

/// The answer of `:test-state`: status, output or error, the next state, and how the input
/// changed on the way through the state.
public enum TestStateView {
    public static func render(_ output: TestStateOutput, style: Style) -> [String] {
        let ok = output.status == "SUCCEEDED"
        var lines = ["status     " + (ok ? style.green(output.status) : style.red(output.status))]
        if let text = output.output { lines.append("output     " + DataText.payload(text)) }
        if let error = output.error { lines.append("error      " + style.red(error)) }
        if let cause = output.cause, !cause.isEmpty { lines.append("cause      " + cause) }
        if let next = output.nextState { lines.append("next state " + next) }
        guard let data = output.inspectionData else { return lines }
        let steps: [(String, String?)] = [
            ("input", data.input), ("after input path", data.afterInputPath), ("after parameters", data.afterParameters),
            ("result", data.result), ("after result selector", data.afterResultSelector),
            ("after result path", data.afterResultPath), ("variables", data.variables),
        ]
        let present = steps.compactMap { label, value in value.map { (label, $0) } }
        if !present.isEmpty { lines.append(style.dim("inspection")) }
        for (label, value) in present {
            lines.append("  " + label.padded(to: 22) + DataText.payload(value))
        }
        return lines
    }
}
