import StepwiseJSON
import Yams

/// Turns a composed YAML node tree into JSON, applying the core schema to plain scalars,
/// honouring the standard tags, and recording each value's position by JSON pointer.
struct YAMLNodeConverter {
    var sourceMap = SourceMap()
    private var count = 0
    /// Reads CloudFormation's short-form functions (`!Ref Name`, `!GetAtt Fn.Arn`) as their long
    /// forms (`{"Ref": "Name"}`), for SAM and CloudFormation templates.
    let cloudFormationTags: Bool

    init(cloudFormationTags: Bool = false) { self.cloudFormationTags = cloudFormationTags }

    /// Aliases can nest values deeper than the text does; this bounds the recursion.
    static let maxDepth = JSONParser.maxDepth

    mutating func convert(_ node: Node, at entry: SourceMap.Entry = SourceMap.root, depth: Int = 0) throws(YAMLDefinitionError) -> JSONValue {
        let location = node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
        count += 1
        guard count <= YAMLDefinition.maxValues else {
            throw YAMLDefinitionError(message: "the document expands to more than \(YAMLDefinition.maxValues) values (through aliases)", location: location)
        }
        guard depth <= YAMLNodeConverter.maxDepth else {
            throw YAMLDefinitionError(message: "nesting deeper than \(YAMLNodeConverter.maxDepth) levels", location: location)
        }
        if let location { sourceMap.record(location, at: entry) }
        if let function = cloudFormationFunction(node) {
            // The function's argument, read as if it had no tag.
            let argument: JSONValue
            let argumentEntry = sourceMap.entry(function, in: entry)
            switch node {
            case .scalar(let scalar):
                argument = .string(scalar.string)
            case .sequence(var sequence):
                sequence.tag = Tag(.implicit)
                argument = try convert(.sequence(sequence), at: argumentEntry, depth: depth + 1)
            case .mapping(var mapping):
                mapping.tag = Tag(.implicit)
                argument = try convert(.mapping(mapping), at: argumentEntry, depth: depth + 1)
            case .alias:
                argument = .null
            }
            return [function: argument]
        }
        switch node {
        case .scalar(let scalar):
            return try value(of: scalar, location)
        case .sequence(let sequence):
            try checkCollectionTag(sequence.tag, .seq, what: "a sequence", location)
            var array: [JSONValue] = []
            for (i, item) in sequence.enumerated() {
                array.append(try convert(item, at: sourceMap.entry(i, in: entry), depth: depth + 1))
            }
            return .array(array)
        case .mapping(let mapping):
            try checkCollectionTag(mapping.tag, .map, what: "a mapping", location)
            var object = JSONObject()
            for (key, item) in mapping {
                let name = try keyName(key)
                let value = try convert(item, at: sourceMap.entry(name, in: entry), depth: depth + 1)
                guard object.updateValue(value, forKey: name) == nil else {
                    throw YAMLDefinitionError(message: "duplicate key \"\(name)\" in a mapping", location: key.mark.map { SourceLocation(line: $0.line, column: $0.column) })
                }
            }
            return .object(object)
        case .alias:
            throw YAMLDefinitionError(message: "unresolved alias", location: location)
        }
    }

    /// The long-form name of a CloudFormation short-form tag (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`).
    private func cloudFormationFunction(_ node: Node) -> String? {
        guard cloudFormationTags else { return nil }
        let tag = node.tag.rawValue
        guard tag.hasPrefix("!"), !tag.hasPrefix("!!"), tag.count > 1 else { return nil }
        let name = String(tag.dropFirst())
        return name == "Ref" || name == "Condition" ? name : "Fn::" + name
    }

    private func checkCollectionTag(_ tag: Tag, _ expected: Tag.Name, what: String, _ location: SourceLocation?) throws(YAMLDefinitionError) {
        let name = tag.rawValue
        guard name.isEmpty || name == Tag.Name.nonSpecific.rawValue || name == expected.rawValue else {
            throw YAMLDefinitionError(message: "unsupported tag \(name) on \(what)", location: location)
        }
    }

    private func value(of scalar: Node.Scalar, _ location: SourceLocation?) throws(YAMLDefinitionError) -> JSONValue {
        let tag = scalar.tag.rawValue
        let text = scalar.string
        switch tag {
        case Tag.Name.implicit.rawValue:
            // Quoted and block scalars are strings; only plain ones are resolved.
            guard scalar.style == .plain else { return .string(text) }
            return try json(YAMLCoreSchema.resolve(text), text, location)
        case Tag.Name.nonSpecific.rawValue, Tag.Name.str.rawValue:
            return .string(text)
        case Tag.Name.null.rawValue, Tag.Name.bool.rawValue, Tag.Name.int.rawValue, Tag.Name.float.rawValue:
            let resolved = YAMLCoreSchema.resolve(text)
            let matches: Bool
            switch resolved {
            case .null: matches = tag == Tag.Name.null.rawValue
            case .bool: matches = tag == Tag.Name.bool.rawValue
            case .number(let literal):
                matches = tag == Tag.Name.float.rawValue || (tag == Tag.Name.int.rawValue && !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }))
            case .unrepresentable: matches = tag == Tag.Name.float.rawValue
            case .string: matches = false
            }
            guard matches else {
                throw YAMLDefinitionError(message: "\"\(text)\" is not a valid \(shortTag(tag)) value", location: location)
            }
            return try json(resolved, text, location)
        default:
            throw YAMLDefinitionError(message: "unsupported tag \(shortTag(tag)); a definition holds plain JSON values", location: location)
        }
    }

    private func json(_ resolved: YAMLCoreSchema.Resolved, _ text: String, _ location: SourceLocation?) throws(YAMLDefinitionError) -> JSONValue {
        switch resolved {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let literal): return .number(JSONNumber(literal: literal))
        case .string: return .string(text)
        case .unrepresentable(let reason): throw YAMLDefinitionError(message: reason, location: location)
        }
    }

    /// A mapping key: a string scalar. `1:` or `true:` read as a number or boolean and are
    /// refused (quote them), as are collection keys.
    private func keyName(_ key: Node) throws(YAMLDefinitionError) -> String {
        let location = key.mark.map { SourceLocation(line: $0.line, column: $0.column) }
        guard case .scalar(let scalar) = key else {
            throw YAMLDefinitionError(message: "mapping keys must be strings, found a sequence or mapping", location: location)
        }
        let tag = scalar.tag.rawValue
        let text = scalar.string
        guard tag.isEmpty || tag == Tag.Name.nonSpecific.rawValue || tag == Tag.Name.str.rawValue else {
            throw YAMLDefinitionError(message: "mapping keys must be strings, found a key tagged \(shortTag(tag))", location: location)
        }
        // Yams' duplicate check has already resolved plain keys' tags (to str, as nothing
        // else is configured), so the core schema decides what a plain key is.
        guard scalar.style == .plain, tag != Tag.Name.nonSpecific.rawValue else { return text }
        if text == "<<" {
            throw YAMLDefinitionError(message: "merge keys (<<) are not part of YAML 1.2; write the keys out", location: location)
        }
        switch YAMLCoreSchema.resolve(text) {
        case .string: return text
        case .null: throw YAMLDefinitionError(message: "mapping keys must be strings, found null; quote the key", location: location)
        case .bool: throw YAMLDefinitionError(message: "mapping keys must be strings, found the boolean \(text); quote it: \"\(text)\"", location: location)
        case .number, .unrepresentable:
            throw YAMLDefinitionError(message: "mapping keys must be strings, found the number \(text); quote it: \"\(text)\"", location: location)
        }
    }

    private func shortTag(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}
