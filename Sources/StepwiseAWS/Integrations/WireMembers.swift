import StepwiseJSON

/// Step Functions' parameters as a service's wire takes them, and its answers back.
enum WireMembers {
    /// `parameters` without null members: the SDKs have no null for a member, so Step Functions
    /// sends none (a `"MessageBody": null` reaches SQS as a missing MessageBody); with
    /// `dialect.camelCaseMembers`, member names in camelCase.
    static func request(_ parameters: JSONValue, dialect: AWSJSONDialect? = nil) -> JSONValue {
        rename(withoutNulls(parameters), dialect: dialect, firstLetter: { $0.lowercased() })
    }

    /// A service's answer with PascalCase member names, as Step Functions returns it.
    static func response(_ answer: JSONValue, dialect: AWSJSONDialect) -> JSONValue {
        rename(answer, dialect: dialect, firstLetter: { $0.uppercased() })
    }

    static func withoutNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): .object(object.filter { !$0.value.isNull }.mapValues(withoutNulls))
        case .array(let items): .array(items.map(withoutNulls))
        default: value
        }
    }

    private static func rename(_ value: JSONValue, dialect: AWSJSONDialect?, firstLetter: (String) -> String) -> JSONValue {
        guard let dialect, dialect.camelCaseMembers else { return value }
        switch value {
        case .object(let object):
            var renamed = JSONObject()
            for (key, member) in object {
                let name = firstLetter(String(key.prefix(1))) + key.dropFirst()
                let wireName = String(key.prefix(1)).lowercased() + key.dropFirst()
                renamed[name] = dialect.opaqueMembers.contains(wireName) ? member : rename(member, dialect: dialect, firstLetter: firstLetter)
            }
            return .object(renamed)
        case .array(let items):
            return .array(items.map { rename($0, dialect: dialect, firstLetter: firstLetter) })
        default:
            return value
        }
    }

    /// A member a service takes as a string, given as other JSON: Step Functions sends its JSON
    /// text (SQS's `MessageBody`, SNS's `Message`, EventBridge's `Detail`).
    static func text(_ value: JSONValue) -> JSONValue {
        if case .string = value { return value }
        return .string(JSONSerializer.string(value))
    }
}
