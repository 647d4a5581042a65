/// Every command the shell knows: its name, what it takes, what it does and an example.
/// `:help` prints this table and completion offers its names.
public struct CommandInfo: Sendable, Hashable {
    public var name: String
    public var arguments: String
    public var summary: String
    public var example: String
}

public enum CommandCatalog {
    public static let all: [CommandInfo] = [
        CommandInfo(
            name: ":load", arguments: "PATH",
            summary: "load a folder (definitions + handler package) or a definition file, and watch it",
            example: ":load examples/adder"),
        CommandInfo(
            name: ":run", arguments: "NAME [INPUT]",
            summary: "run a machine once on fresh resources with the current handlers (INPUT: EDN, JSON or pairs); "
                + "returns when it ends, or RUNNING when it waits for a callback (it goes on in the background)",
            example: ":run adder {:x 41 :y 1}   :run adder {\"x\":41,\"y\":1}   :run adder x 41 y 1   :run adder <x 41 y 1>"),
        CommandInfo(
            name: ":history", arguments: "[EXEC]",
            summary: "the events of the last run (or of run EXEC: its number, machine or execution name) as a timeline, "
                + "nested executions under the Task that started them",
            example: ":history   :history 2   :history adder"),
        CommandInfo(
            name: ":redrive", arguments: "[RUN]",
            summary: "redrive the last run (or run RUN) that failed, timed out or was stopped: it goes on from the states that did not "
                + "succeed, with the handlers as they are now; then follows the run as :run does",
            example: ":redrive   :redrive 2   :redrive adder"),
        CommandInfo(
            name: ":executions", arguments: "",
            summary: "the runs of this session, newest first",
            example: ":executions"),
        CommandInfo(
            name: ":show", arguments: "NAME [edn|json]",
            summary: "a machine's definition and a drawing of its graph, the last run's path marked",
            example: ":show adder json"),
        CommandInfo(
            name: ":test-state", arguments: "NAME STATE [INPUT] [mock RESULT]",
            summary: "run one state on an input; a Task calls its handler (activity, Lambda function, integration) unless a mock result is given",
            example: ":test-state adder add {:x 1 :y 2} mock 3"),
        CommandInfo(
            name: ":jsonata", arguments: "EXPR [INPUT]",
            summary: "evaluate a JSONata expression on an input, as a JSONata state would ($states.input is the input too)",
            example: ":jsonata \"$sum(items.price)\" {:items [{:price 2} {:price 3}]}"),
        CommandInfo(
            name: ":machines", arguments: "",
            summary: "the loaded machines, their files, activities and last runs",
            example: ":machines"),
        CommandInfo(
            name: ":workers", arguments: "",
            summary: "the handler packages: build, host process and what they serve (activities, Lambda functions, integrations)",
            example: ":workers"),
        CommandInfo(
            name: ":tasks", arguments: "",
            summary: "the tasks waiting for a callback (.waitForTaskToken): token, run, state, resource, input, since when",
            example: ":tasks"),
        CommandInfo(
            name: ":succeed", arguments: "TOKEN [OUTPUT]",
            summary: "SendTaskSuccess: the task's result is OUTPUT (default {}); then follows the run as :run does",
            example: ":succeed 3f9c…-4 {:approved true}"),
        CommandInfo(
            name: ":fail", arguments: "TOKEN [ERROR [CAUSE]]",
            summary: "SendTaskFailure: the task fails with ERROR (one word) and CAUSE (the rest of the line); then follows the run",
            example: ":fail 3f9c…-4 card/declined the card was declined"),
        CommandInfo(
            name: ":heartbeat", arguments: "TOKEN",
            summary: "SendTaskHeartbeat: a task with HeartbeatSeconds waits that long again",
            example: ":heartbeat 3f9c…-4"),
        CommandInfo(
            name: ":backend", arguments: "[local|aws|endpoint=URL]",
            summary: "show or switch where machines run",
            example: ":backend local"),
        CommandInfo(
            name: ":validate", arguments: "[NAME]",
            summary: "re-read and check the loaded definitions (or one) and their handler coverage",
            example: ":validate adder"),
        CommandInfo(
            name: ":help", arguments: "[COMMAND]",
            summary: "this list, or one command",
            example: ":help run"),
        CommandInfo(
            name: ":quit", arguments: "",
            summary: "leave the shell (Ctrl-D does too)",
            example: ":quit"),
    ]

    public static func info(_ name: String) -> CommandInfo? {
        let wanted = name.hasPrefix(":") ? name : ":" + name
        return all.first { $0.name == wanted }
    }
}
