/// `:help`: every command with its arguments, what it does and an example.
enum HelpText {
    static func overview(style: Style) -> [String] {
        var lines = ["Commands (Tab completes commands, machines, states, task tokens and paths; Ctrl-C cancels; Ctrl-D leaves):"]
        for info in CommandCatalog.all {
            let usage = (info.name + " " + info.arguments).trimmingTrailingWhitespace
            lines.append("  " + style.bold(usage.padded(to: 38)) + info.summary)
            lines.append("  " + String(repeating: " ", count: 38) + style.dim("e.g. " + info.example))
        }
        lines.append("INPUT is \(InputValue.forms).")
        lines.append(
            "Callbacks: a :run that reaches a .waitForTaskToken task shows RUNNING with the task's token and returns; the run goes on "
                + "in the background. :tasks lists what waits, :succeed or :fail answers (and shows how the run goes on), "
                + "HeartbeatSeconds and TimeoutSeconds apply as on AWS, and a run that ends unwatched is announced.")
        lines.append(
            "Handlers: a handler package serves activities, Lambda functions and integrations "
                + "(HandlerRegistry().register(\"activity/add\", …).lambda(\"my-function\", …).integration(\"dynamodb:putItem\", …)); "
                + "the latter two on the local engine, for every machine and nested execution.")
        lines.append(
            "Testing: :mocks FILE loads a mock file in AWS's format (Step Functions Local's MockConfigFile.json), :run NAME#CASE runs one "
                + "of its test cases and :history marks the mocked tasks; :time virtual lets waits, retries and timeouts pass at once.")
        return lines
    }

    static func detail(_ info: CommandInfo, style: Style) -> [String] {
        [style.bold((info.name + " " + info.arguments).trimmingTrailingWhitespace), "  " + info.summary, "  e.g. " + info.example]
    }
}
