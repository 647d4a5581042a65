import Foundation
import StepwiseJSON

/// The written forms of a definition.
public enum DefinitionFormat: String, Sendable, CaseIterable {
    case json, yaml, edn

    /// The format a file name implies (`.json`, `.yaml`/`.yml`, `.edn`).
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "json", "asl": self = .json
        case "yaml", "yml": self = .yaml
        case "edn": self = .edn
        default: return nil
        }
    }
}

/// How `${Name}` placeholders (SAM/CloudFormation, Terraform, CDK templates) are read.
public enum PlaceholderPolicy: Sendable, Hashable {
    /// As plain text, the way AWS reads a template nobody filled in.
    case text
    /// As a template's: values a deploy fills in, which may stand where a number or an ARN
    /// belongs; a warning lists those left unfilled.
    case warn
    /// As a template's, every one of which must be filled in: those left unfilled are an error
    /// (to run a definition, say).
    case require
}

/// How a definition is read besides its text.
public struct LoadOptions: Sendable, Hashable {
    /// Values filled in for `${Name}` placeholders before anything is checked.
    public var substitutions: DefinitionSubstitutions
    public var placeholders: PlaceholderPolicy
    /// Every warning counts as an error (`stepwise validate --strict`).
    public var warningsAreErrors: Bool

    public init(substitutions: DefinitionSubstitutions = DefinitionSubstitutions(), placeholders: PlaceholderPolicy = .text, warningsAreErrors: Bool = false) {
        self.substitutions = substitutions
        self.placeholders = placeholders
        self.warningsAreErrors = warningsAreErrors
    }
}

/// A definition read, desugared and validated: ready to be given to a backend.
public struct LoadedDefinition: Sendable {
    public var machine: StateMachine
    /// The ASL JSON document (keyword activities still as placeholder ARNs), with the
    /// substitutions filled in.
    public var document: JSONValue
    /// Activities named by keyword resources, to be created and substituted by a backend.
    public var activities: [SugaredActivity]
    public var file: String?
    /// What AWS accepts but deserves a look (and unfilled placeholders), in document order.
    public var warnings: [Diagnostic] = []

    /// The ASL JSON text, with each keyword activity's placeholder ARN replaced.
    public func json(activityARNs: [String: String] = [:], pretty: Bool = false) -> String {
        JSONSerializer.string(substituting(activityARNs), pretty: pretty)
    }

    /// The document with placeholder activity ARNs replaced (keyed by activity name).
    public func substituting(_ activityARNs: [String: String]) -> JSONValue {
        guard !activityARNs.isEmpty else { return document }
        var placeholders: [String: String] = [:]
        for activity in activities {
            if let arn = activityARNs[activity.activityName] { placeholders[activity.placeholderARN] = arn }
        }
        return Self.replacingResources(in: document, placeholders)
    }

    private static func replacingResources(in value: JSONValue, _ placeholders: [String: String]) -> JSONValue {
        switch value {
        case .object(var object):
            for (key, member) in object {
                if key == "Resource", case .string(let text) = member, let arn = placeholders[text] {
                    object[key] = .string(arn)
                } else if case .object = member {
                    object[key] = replacingResources(in: member, placeholders)
                } else if case .array = member {
                    object[key] = replacingResources(in: member, placeholders)
                }
            }
            return .object(object)
        case .array(let items):
            return .array(items.map { replacingResources(in: $0, placeholders) })
        default:
            return value
        }
    }
}

/// Reads definitions in any of their forms and reports every problem with its location.
public enum DefinitionLoader {
    /// Reads a definition file; its format comes from the extension.
    public static func load(contentsOf path: String, options: LoadOptions = LoadOptions()) throws(DefinitionError) -> LoadedDefinition {
        guard let format = DefinitionFormat(path: path) else {
            throw DefinitionError([Diagnostic(
                code: "UNKNOWN_FORMAT", path: "", message: "cannot tell the format of \(path): use .edn, .json, .yaml or .yml", file: path)])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DefinitionError([Diagnostic(code: "UNREADABLE_FILE", path: "", message: "cannot read \(path): \(error.localizedDescription)", file: path)])
        }
        return try load(text, format: format, file: path, options: options)
    }

    /// Parses, desugars (EDN), fills in substitutions and validates a definition. Throws when
    /// there is an error, with the warnings among the diagnostics.
    public static func load(
        _ text: String, format: DefinitionFormat, file: String? = nil, options: LoadOptions = LoadOptions()
    ) throws(DefinitionError) -> LoadedDefinition {
        var document: JSONValue
        let sourceMap: SourceMap
        var activities: [SugaredActivity] = []
        switch format {
        case .json:
            do {
                (document, sourceMap) = try JSONParser.parse(text, recordingLocations: true)
            } catch {
                throw DefinitionError([Diagnostic(code: "INVALID_JSON", path: "", message: error.message, file: file, location: error.location)])
            }
        case .yaml:
            do {
                (document, sourceMap) = try YAMLDefinition.parse(text)
            } catch {
                throw DefinitionError([Diagnostic(code: "INVALID_YAML", path: "", message: error.message, file: file, location: error.location)])
            }
        case .edn:
            let desugared = SugaredEDN.desugar(text: text, file: file)
            guard desugared.diagnostics.isEmpty else { throw DefinitionError(desugared.diagnostics) }
            document = desugared.document
            sourceMap = desugared.sourceMap
            activities = desugared.activities
        }
        document = options.substitutions.apply(to: document)
        var diagnostics = unfilledPlaceholders(in: document, options)
        let (machine, found) = Validator.check(document: document, template: options.placeholders != .text)
        diagnostics += found
        if options.warningsAreErrors {
            for i in diagnostics.indices { diagnostics[i].severity = .error }
        }
        let located = diagnostics.map { locate($0, in: sourceMap, file: file) }
        guard let machine, !located.contains(where: { $0.severity == .error }) else { throw DefinitionError(located) }
        if activities.isEmpty { activities = placeholderActivities(in: machine) }
        return LoadedDefinition(machine: machine, document: document, activities: activities, file: file, warnings: located)
    }

    /// One diagnostic naming every placeholder left unfilled in a template, placed at the first.
    static func unfilledPlaceholders(in document: JSONValue, _ options: LoadOptions) -> [Diagnostic] {
        guard options.placeholders != .text else { return [] }
        let (names, first) = TemplatePlaceholders.names(in: document)
        guard let first else { return [] }
        let listed = names.map { name in
            options.substitutions.deferred[name].map { "${\(name)} (\($0), which a deploy resolves)" } ?? "${\(name)}"
        }
        let them = names.count == 1 ? "it" : "them"
        let message = options.placeholders == .require
            ? "\(listing(listed)) \(names.count == 1 ? "is" : "are") not filled in; give \(names.count == 1 ? "a value" : "values") to run the definition"
            : "\(listing(listed)) \(names.count == 1 ? "is a template placeholder" : "are template placeholders") with no value here; a deploy tool fills \(them) in"
        return [Diagnostic(code: "UNFILLED_PLACEHOLDER", path: first, message: message, severity: options.placeholders == .require ? .error : .warning)]
    }

    /// Places a diagnostic at the source of its JSON pointer (or of its nearest ancestor).
    static func locate(_ diagnostic: Diagnostic, in sourceMap: SourceMap, file: String?) -> Diagnostic {
        var located = diagnostic
        located.file = located.file ?? file
        if located.location == nil { located.location = sourceMap.nearestLocation(to: diagnostic.path) }
        return located
    }

    /// Keyword activities written directly as placeholder ARNs (in JSON or YAML).
    static func placeholderActivities(in machine: StateMachine) -> [SugaredActivity] {
        var seen: [String] = []
        func visit(_ machine: StateMachine) {
            for state in machine.states.values {
                if let resource = state.resource, let name = SugaredEDN.activityName(fromPlaceholderARN: resource), !seen.contains(name) {
                    seen.append(name)
                }
                state.branches?.forEach(visit)
                if let processor = state.mapProcessor { visit(processor) }
            }
        }
        visit(machine)
        return seen.map { name in
            SugaredActivity(keyword: EDNName.keyword(name.replacingOccurrences(of: "__", with: "/")) ?? EDNName(name: name))
        }
    }
}
