import StepwiseJSON
import Yams

/// A YAML definition that cannot be read: what is wrong and, when known, where.
public struct YAMLDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?

    public init(message: String, location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

/// ASL definitions written in YAML, as SAM and CDK users do: one document whose scalars
/// follow the YAML 1.2 core schema (quoted scalars are strings; `yes` and `2024-01-01` are
/// strings too), whose keys are strings, and whose key order is kept.
public enum YAMLDefinition {
    /// Aliases can make a small text expand enormously; beyond this many values it is refused.
    /// AWS refuses definitions over 1 MiB, and 1 MiB of JSON holds at most 2^19 values (each
    /// takes a character and a separator), so nothing AWS accepts is refused.
    public static let maxValues = 1 << 19

    public static func parse(_ text: String) throws(YAMLDefinitionError) -> (value: JSONValue, sourceMap: SourceMap) {
        try parse(text, cloudFormationTags: false)
    }

    /// `cloudFormationTags` reads SAM and CloudFormation templates, whose short-form functions
    /// (`!Ref Name`) become their long forms (`{"Ref": "Name"}`).
    static func parse(_ text: String, cloudFormationTags: Bool) throws(YAMLDefinitionError) -> (value: JSONValue, sourceMap: SourceMap) {
        let root: Node?
        do {
            // No implicit resolution: the core schema is applied below, knowing each
            // scalar's style (Yams' default resolver follows YAML 1.1).
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw YAMLDefinition.error(from: error)
        } catch {
            throw YAMLDefinitionError(message: "\(error)", location: nil)
        }
        guard let root else {
            throw YAMLDefinitionError(message: "the YAML text holds no document", location: SourceLocation(line: 1, column: 1))
        }
        var converter = YAMLNodeConverter(cloudFormationTags: cloudFormationTags)
        let value = try converter.convert(root)
        return (value, converter.sourceMap)
    }

    /// The document as block-style YAML that `parse` reads back to an equal value.
    public static func render(_ value: JSONValue) -> String {
        var renderer = YAMLRenderer()
        renderer.document(value)
        return renderer.out
    }

    private static func error(from error: YamlError) -> YAMLDefinitionError {
        func location(_ mark: Mark) -> SourceLocation { SourceLocation(line: mark.line, column: mark.column) }
        func message(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at \(context.mark))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return YAMLDefinitionError(message: message(problem, context), location: location(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return YAMLDefinitionError(message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in a mapping", location: location(context.mark))
        default:
            return YAMLDefinitionError(message: error.description, location: nil)
        }
    }
}
