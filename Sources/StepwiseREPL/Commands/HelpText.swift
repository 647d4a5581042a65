/// `:help`: every command with its arguments, what it does and an example.
enum HelpText {
    static func overview(style: Style) -> [String] {
        var lines = ["Commands (Tab completes commands, machines, states and paths; Ctrl-C cancels; Ctrl-D leaves):"]
        for info in CommandCatalog.all {
            let usage = (info.name + " " + info.arguments).trimmingTrailingWhitespace
            lines.append("  " + style.bold(usage.padded(to: 38)) + info.summary)
            lines.append("  " + String(repeating: " ", count: 38) + style.dim("e.g. " + info.example))
        }
        lines.append("INPUT is \(InputValue.forms).")
        return lines
    }

    static func detail(_ info: CommandInfo, style: Style) -> [String] {
        [style.bold((info.name + " " + info.arguments).trimmingTrailingWhitespace), "  " + info.summary, "  e.g. " + info.example]
    }
}
