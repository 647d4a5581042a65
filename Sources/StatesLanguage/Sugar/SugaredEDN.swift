import Foundation
import StepwiseJSON

/// The sugared States Language: a state machine written as EDN with lowered-hyphen keyword
/// keys, keyword names, condition vectors and keyword activities (DESIGN.md §3). It converts
/// to and from the ASL JSON document that `ASLDecoder` reads.
public enum SugaredEDN {
    /// Converts a sugared definition to ASL JSON. Pass the reader's positions to get source
    /// locations in the diagnostics and the source map.
    public static func desugar(_ value: EDNValue, positions: EDNPositions? = nil, file: String? = nil) -> DesugaredDefinition {
        var desugarer = Desugarer(file: file)
        let document = desugarer.stateMachine(value, positions)
        return DesugaredDefinition(
            document: document, sourceMap: desugarer.sourceMap, activities: desugarer.activities,
            diagnostics: desugarer.diagnostics)
    }

    /// Reads EDN text and desugars it; a syntax error becomes an `EDN_SYNTAX` diagnostic.
    public static func desugar(text: String, file: String? = nil) -> DesugaredDefinition {
        do {
            let (value, positions) = try EDNReader.readWithPositions(text)
            return desugar(value, positions: positions, file: file)
        } catch {
            let diagnostic = Diagnostic(code: "EDN_SYNTAX", path: "", message: error.message, file: file, location: error.location)
            return DesugaredDefinition(document: .null, sourceMap: SourceMap(), activities: [], diagnostics: [diagnostic])
        }
    }

    /// Writes an ASL JSON document as idiomatic sugar. `desugar(resugar(d))` gives back `d`
    /// for every document the sugar can express (every valid one); parts it cannot express,
    /// such as unknown fields, are kept with string keys so that desugaring reports them.
    public static func resugar(_ document: JSONValue) -> EDNValue {
        Resugarer().stateMachine(document)
    }

    /// The sugar of an ASL JSON document as pretty EDN text.
    public static func render(_ document: JSONValue, width: Int = 80) -> String {
        EDNPrinter.pretty(resugar(document), width: width)
    }

    /// The one way error names are written, for Retry, Catch, Fail and worker failures alike:
    /// a keyword is its full name without the colon (`:my.app/oops` → `my.app/oops`), a
    /// string is itself. Nil for other values.
    public static func errorName(from value: EDNValue) -> String? {
        switch value {
        case .keyword(let name): return name.description
        case .string(let s): return s
        default: return nil
        }
    }

    /// The AWS resource name (activity, state machine) a keyword stands for. AWS names forbid
    /// `/`, so it becomes `__`: `:activity/add` → `activity__add`.
    public static func resourceName(from keyword: EDNName) -> String {
        keyword.description.replacingOccurrences(of: "/", with: "__")
    }

    public static let placeholderRegion = "us-east-1"
    public static let placeholderAccount = "123456789012"
    private static let placeholderActivityPrefix = "arn:aws:states:\(placeholderRegion):\(placeholderAccount):activity:"

    /// The ARN written for a keyword activity before a backend supplies the real one.
    public static func placeholderActivityARN(activityName: String) -> String {
        placeholderActivityPrefix + activityName
    }

    /// The activity name of a placeholder ARN written by `placeholderActivityARN`, else nil.
    public static func activityName(fromPlaceholderARN arn: String) -> String? {
        guard arn.hasPrefix(placeholderActivityPrefix) else { return nil }
        let name = String(arn.dropFirst(placeholderActivityPrefix.count))
        return name.isEmpty ? nil : name
    }

    /// Why AWS would refuse `name` for an activity or state machine, or nil when it is fine.
    public static func resourceNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.count > 80 { return "it is longer than 80 characters" }
        let forbidden: Set<Character> = ["<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|", "~", "`", "$", "&", ",", ";", ":", "/"]
        for c in name {
            if forbidden.contains(c) { return "AWS names cannot contain '\(c)'" }
            if c.isWhitespace || c.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                return "AWS names cannot contain whitespace or control characters"
            }
        }
        return nil
    }
}

/// The result of desugaring: the ASL document (best effort when there are diagnostics),
/// where each of its values came from, the keyword activities it uses, and what is wrong.
public struct DesugaredDefinition: Sendable {
    public var document: JSONValue
    /// Where each value of the document came from in the EDN text.
    public var sourceMap: SourceMap
    /// Keyword activity resources, in order of first use, without repeats.
    public var activities: [SugaredActivity]
    public var diagnostics: [Diagnostic]

    public init(document: JSONValue, sourceMap: SourceMap, activities: [SugaredActivity], diagnostics: [Diagnostic]) {
        self.document = document
        self.sourceMap = sourceMap
        self.activities = activities
        self.diagnostics = diagnostics
    }

    /// The document, or every diagnostic as an error.
    public func validDocument() throws(DefinitionError) -> JSONValue {
        guard diagnostics.isEmpty else { throw DefinitionError(diagnostics) }
        return document
    }
}

/// An activity named by a keyword `:resource`.
public struct SugaredActivity: Sendable, Hashable {
    /// The keyword as written, without the colon (`activity/add`).
    public var keyword: EDNName
    /// The AWS activity name (`activity__add`).
    public var activityName: String
    /// The ARN written into the document until a backend substitutes the real one.
    public var placeholderARN: String

    public init(keyword: EDNName) {
        self.keyword = keyword
        activityName = SugaredEDN.resourceName(from: keyword)
        placeholderARN = SugaredEDN.placeholderActivityARN(activityName: activityName)
    }
}
