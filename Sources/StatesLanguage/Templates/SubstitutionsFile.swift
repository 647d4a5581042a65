import Foundation
import OrderedCollections
import StepwiseJSON

extension DefinitionSubstitutions {
    static let stateMachineTypes: Set<String> = ["AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"]

    /// Reads substitutions from a file: a JSON or YAML map of names to values, or a SAM or
    /// CloudFormation template, whose state machine's `DefinitionSubstitutions` are taken — the
    /// resource named `resource`, or else the template's only state machine.
    public static func load(contentsOf path: String, resource: String? = nil) throws(SubstitutionError) -> DefinitionSubstitutions {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SubstitutionError("cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try read(text, resource: resource)
        } catch {
            throw SubstitutionError("\(path): \(error.message)")
        }
    }

    /// `load`, on the text of such a file (JSON when it starts with `{`, YAML otherwise).
    public static func read(_ text: String, resource: String? = nil) throws(SubstitutionError) -> DefinitionSubstitutions {
        let document: JSONValue
        if text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{" {
            do { document = try JSONParser.parse(text) } catch { throw SubstitutionError("not valid JSON: \(error)") }
        } else {
            do { document = try YAMLDefinition.parse(text, cloudFormationTags: true).value } catch { throw SubstitutionError("not valid YAML: \(error)") }
        }
        guard case .object(let root) = document else {
            throw SubstitutionError("expected a map of placeholder names to values, or a SAM or CloudFormation template, found \(document.typeName)")
        }
        guard case .object(let resources)? = root["Resources"] else {
            if let resource { throw SubstitutionError("there is no resource \(resource): this is a map of values, not a template with Resources") }
            return DefinitionSubstitutions(entries: root, parameters: [:])
        }
        let machines = resources.filter { Self.stateMachineTypes.contains($0.value["Type"]?.stringValue ?? "") }
        let listed = machines.keys.joined(separator: ", ")
        let chosen: JSONValue
        if let resource {
            guard let named = machines[resource] else {
                throw SubstitutionError("the template has no state machine \(resource); its state machines: \(listed.isEmpty ? "none" : listed)")
            }
            chosen = named
        } else {
            guard machines.count == 1, let only = machines.values.first else {
                throw SubstitutionError(machines.isEmpty
                    ? "the template has no state machine (AWS::Serverless::StateMachine or AWS::StepFunctions::StateMachine)"
                    : "the template has several state machines (\(listed)); pick one by name")
            }
            chosen = only
        }
        var parameters: [String: JSONValue] = [:]
        for (name, declaration) in root["Parameters"]?.objectValue ?? [:] {
            if let value = declaration["Default"] { parameters[name] = value }
        }
        return DefinitionSubstitutions(entries: chosen["Properties"]?["DefinitionSubstitutions"]?.objectValue ?? [:], parameters: parameters)
    }

    /// Values from a map whose values may be CloudFormation functions: a `Ref` to a parameter
    /// with a default, or to the region, account or partition (the ones the placeholder ARNs
    /// use), is resolved; what only a deploy can resolve (`Fn::GetAtt` and the like) stays
    /// unfilled and is listed in `deferred`.
    init(entries: JSONObject, parameters: [String: JSONValue]) {
        for (name, value) in entries {
            switch Self.resolve(value, parameters) {
            case .value(let text): set(name, to: text)
            case .deferred(let function): deferred[name] = function
            }
        }
    }

    private enum Resolution {
        case value(String)
        /// The CloudFormation function a deploy would evaluate.
        case deferred(String)
    }

    private static func resolve(_ value: JSONValue, _ parameters: [String: JSONValue]) -> Resolution {
        switch value {
        case .string(let text):
            return .value(text)
        case .number, .bool, .null, .array:
            return .value(JSONSerializer.string(value))
        case .object(let object):
            guard object.count == 1, let function = object.keys.first, let argument = object.values.first else {
                return .value(JSONSerializer.string(value))
            }
            guard function == "Ref", let name = argument.stringValue else { return .deferred(function) }
            if let fallback = parameters[name], case .value(let text) = resolve(fallback, [:]) { return .value(text) }
            switch name {
            case "AWS::Region": return .value(SugaredEDN.placeholderRegion)
            case "AWS::AccountId": return .value(SugaredEDN.placeholderAccount)
            case "AWS::Partition": return .value("aws")
            default: return .deferred("Ref \(name)")
            }
        }
    }
}
