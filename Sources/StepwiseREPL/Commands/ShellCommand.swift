import Foundation
import StepwiseJSON

/// A parsed command line. Arguments are kept as text where their meaning depends on the
/// session (input values are parsed by `InputValue` when the command runs).
public enum ShellCommand: Sendable, Hashable {
    case load(path: String)
    case run(machine: String, input: String)
    case history(execution: String?)
    /// `:redrive [RUN]`: RedriveExecution of a run that did not succeed, with the current handlers.
    case redrive(run: String?)
    case executions
    case show(machine: String, format: DefinitionView)
    case testState(machine: String, state: String, input: String, mock: String?)
    case machines
    case workers
    /// `:tasks`: the tasks waiting for a callback.
    case tasks
    /// `:succeed TOKEN [OUTPUT]`, `:fail TOKEN [ERROR [CAUSE]]`, `:heartbeat TOKEN`.
    case answer(token: String, CallbackAnswer)
    case backend(name: String?)
    case validate(machine: String?)
    /// `:jsonata EXPR [INPUT]`: EXPR is one word, or a quoted string when it has spaces.
    case jsonata(expression: String, input: String)
    case help(command: String?)
    case quit
    /// A blank line or a `;` comment.
    case nothing

    public enum DefinitionView: String, Sendable, Hashable, CaseIterable {
        case edn, json
    }

    /// Parses one line; the error says what is wrong and shows the command's usage.
    public static func parse(_ line: String) throws(InputError) -> ShellCommand {
        let trimmed = line.drop { $0.isWhitespace }
        guard !trimmed.isEmpty, !trimmed.hasPrefix(";") else { return .nothing }
        guard trimmed.hasPrefix(":") else {
            throw InputError("commands start with ':' (:run adder x 41 y 1); :help lists them")
        }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(name.count).drop { $0.isWhitespace }
        let words = TopLevelWords.split(rest)
        let restText = String(rest).trimmingTrailingWhitespace
        guard let info = CommandCatalog.info(name) else {
            throw InputError("unknown command \(name); :help lists the commands")
        }
        func usage(_ problem: String) -> InputError {
            InputError("\(problem) — usage: \(info.name) \(info.arguments)   e.g. \(info.example.components(separatedBy: "   ")[0])")
        }
        func atMost(_ count: Int) throws(InputError) {
            if words.count > count { throw usage("too many arguments") }
        }
        switch info.name {
        case ":load":
            guard !restText.isEmpty else { throw usage("which path?") }
            let quoted = restText.count >= 2 && restText.hasPrefix("\"") && restText.hasSuffix("\"")
            return .load(path: quoted ? String(restText.dropFirst().dropLast()) : restText)
        case ":run":
            guard let machine = words.first else { throw usage("which machine?") }
            return .run(machine: String(machine), input: String(rest.dropFirst(machine.count)).trimmingLeadingWhitespace)
        case ":history":
            try atMost(1)
            return .history(execution: words.first.map(String.init))
        case ":redrive":
            try atMost(1)
            return .redrive(run: words.first.map(String.init))
        case ":executions":
            try atMost(0)
            return .executions
        case ":show":
            try atMost(2)
            guard let machine = words.first else { throw usage("which machine?") }
            var format = DefinitionView.edn
            if words.count == 2 {
                guard let chosen = DefinitionView(rawValue: String(words[1]).lowercased()) else {
                    throw usage("show as edn or json, not \(words[1])")
                }
                format = chosen
            }
            return .show(machine: String(machine), format: format)
        case ":test-state":
            guard words.count >= 2 else { throw usage("which machine and state?") }
            var inputWords = Array(words.dropFirst(2))
            var mock: String?
            if let at = inputWords.lastIndex(where: { $0 == "mock" }) {
                guard at == inputWords.count - 2 else { throw usage("mock takes one value, at the end") }
                mock = String(inputWords[at + 1])
                inputWords.removeLast(2)
            }
            var input = ""
            if let first = inputWords.first, let last = inputWords.last { input = String(rest[first.startIndex..<last.endIndex]) }
            return .testState(machine: String(words[0]), state: String(words[1]), input: input, mock: mock)
        case ":machines":
            try atMost(0)
            return .machines
        case ":workers":
            try atMost(0)
            return .workers
        case ":tasks":
            try atMost(0)
            return .tasks
        case ":succeed":
            guard let token = words.first else { throw usage("which task token? (:tasks lists them)") }
            return .answer(token: String(token), .success(output: String(rest.dropFirst(token.count)).trimmingLeadingWhitespace))
        case ":fail":
            guard let token = words.first else { throw usage("which task token? (:tasks lists them)") }
            // The error is one word; the cause is the rest of the line. Either may be quoted.
            func text(_ word: Substring) throws(InputError) -> String {
                guard word.count >= 2, word.hasPrefix("\""), word.hasSuffix("\"") else { return String(word) }
                guard case .string(let text)? = try? JSONParser.parse(String(word)) else { throw usage("\(word) is not a valid quoted string") }
                return text
            }
            var error: String?
            var cause: String?
            if words.count > 1 { error = try text(words[1]) }
            if words.count > 2 { cause = try text(rest[words[2].startIndex...].trimmingTrailingWhitespace[...]) }
            return .answer(token: String(token), .failure(error: error, cause: cause))
        case ":heartbeat":
            try atMost(1)
            guard let token = words.first else { throw usage("which task token? (:tasks lists them)") }
            return .answer(token: String(token), .heartbeat)
        case ":backend":
            try atMost(1)
            return .backend(name: words.first.map(String.init))
        case ":validate":
            try atMost(1)
            return .validate(machine: words.first.map(String.init))
        case ":jsonata":
            guard let first = words.first else { throw usage("which expression?") }
            var expression = String(first)
            if expression.count >= 2, expression.hasPrefix("\""), expression.hasSuffix("\"") {
                guard case .string(let text)? = try? JSONParser.parse(expression) else { throw usage("the expression's quotes are not a valid string") }
                expression = text
            }
            return .jsonata(expression: expression, input: String(rest.dropFirst(first.count)).trimmingLeadingWhitespace)
        case ":help":
            try atMost(1)
            return .help(command: words.first.map(String.init))
        case ":quit":
            try atMost(0)
            return .quit
        default:
            // A command added to the catalogue but not here must not quietly become another one.
            throw InputError("\(info.name) is listed in :help but this shell cannot read it yet (a bug worth reporting)")
        }
    }
}

extension StringProtocol {
    var trimmingLeadingWhitespace: String { String(drop { $0.isWhitespace }) }
    var trimmingTrailingWhitespace: String {
        var text = String(self)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
