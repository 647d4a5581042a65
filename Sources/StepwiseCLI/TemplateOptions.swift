import ArgumentParser
import StatesLanguage

/// Values for a definition template's `${Name}` placeholders, as `validate`, `render` and `run`
/// take them.
struct TemplateOptions: ParsableArguments {
    @Option(
        name: .customLong("substitute"), parsing: .singleValue,
        help: ArgumentHelp("A value for the placeholder ${NAME} (repeatable; over --substitutions).", valueName: "NAME=VALUE"))
    var assignments: [String] = []

    @Option(
        name: .customLong("substitutions"),
        help: ArgumentHelp(
            "Placeholder values: a JSON or YAML map, or a SAM/CloudFormation template whose state machine's DefinitionSubstitutions are taken.",
            valueName: "FILE"))
    var file: String?

    @Option(help: ArgumentHelp("The state machine of the --substitutions template, when it has several.", valueName: "NAME"))
    var resource: String?

    func validate() throws {
        if resource != nil, file == nil { throw ValidationError("--resource names a state machine of the --substitutions template; give the template too") }
    }

    /// The file's values, then the assignments over them.
    func substitutions() throws -> DefinitionSubstitutions {
        var substitutions = DefinitionSubstitutions()
        do {
            if let file { substitutions = try DefinitionSubstitutions.load(contentsOf: file, resource: resource) }
            for assignment in assignments { try substitutions.add(assignment: assignment) }
        } catch {
            throw ValidationError(error.message)
        }
        return substitutions
    }

    func loadOptions(placeholders: PlaceholderPolicy, warningsAreErrors: Bool = false) throws -> LoadOptions {
        LoadOptions(substitutions: try substitutions(), placeholders: placeholders, warningsAreErrors: warningsAreErrors)
    }
}
