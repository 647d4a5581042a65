import Foundation
import StatesLanguage
import StepwiseJSON

/// A state machine definition as the library takes it: sugared EDN, ASL JSON or YAML text, a
/// file, or the typed model. Constructing one parses and validates it, so a bad definition
/// fails here with every problem listed (file:line where there is a file).
public struct Definition: Sendable {
    public let loaded: LoadedDefinition

    public init(_ loaded: LoadedDefinition) { self.loaded = loaded }

    public static func edn(_ text: String) throws(DefinitionError) -> Definition {
        Definition(try DefinitionLoader.load(text, format: .edn))
    }

    public static func json(_ text: String) throws(DefinitionError) -> Definition {
        Definition(try DefinitionLoader.load(text, format: .json))
    }

    public static func yaml(_ text: String) throws(DefinitionError) -> Definition {
        Definition(try DefinitionLoader.load(text, format: .yaml))
    }

    /// A definition file; `.edn`, `.json`, `.yaml` or `.yml`. `options` fill in a template's
    /// `${Name}` placeholders and say how those left unfilled count.
    public static func file(_ path: String, options: LoadOptions = LoadOptions()) throws(DefinitionError) -> Definition {
        Definition(try DefinitionLoader.load(contentsOf: path, options: options))
    }

    /// The typed model (validated like any other form).
    public static func model(_ machine: StateMachine) throws(DefinitionError) -> Definition {
        try json(JSONSerializer.string(ASLEncoder.encode(machine)))
    }

    /// Activities the definition names by keyword (`:activity/add`), created on demand.
    public var activities: [SugaredActivity] { loaded.activities }
}
