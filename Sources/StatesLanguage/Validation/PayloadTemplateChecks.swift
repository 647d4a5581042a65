import StepwiseJSON

/// Payload templates of JSONPath states (`Parameters`, `ResultSelector`, `ItemSelector`,
/// `Assign` …): a `.$` key needs a path or intrinsic function. Other strings are literals, even
/// `{% … %}` ones (AWS accepts those in JSONPath templates as plain text).
extension ValidationRun {
    mutating func checkPayloadTemplates(_ s: StateScope) {
        guard !s.isJSONata else { return }
        let state = s.state
        let templates: [(field: String, value: JSONValue?)] = [
            ("Parameters", state.parameters), ("ResultSelector", state.resultSelector),
            ("ItemSelector", state.itemSelector), ("Credentials", state.credentials),
        ]
        for (field, value) in templates {
            if let value { checkTemplate(value, at: .start(s.at(field)), field: field, in: s, depth: 0) }
        }
        if let parameters = state.itemReader?.parameters {
            checkTemplate(parameters, at: .start(s.at("ItemReader") + "/Parameters"), field: "ItemReader.Parameters", in: s, depth: 0)
        }
        if let parameters = state.resultWriter?.parameters {
            checkTemplate(parameters, at: .start(s.at("ResultWriter") + "/Parameters"), field: "ResultWriter.Parameters", in: s, depth: 0)
        }
        if let batchInput = state.itemBatcher?.batchInput {
            checkTemplate(batchInput, at: .start(s.at("ItemBatcher") + "/BatchInput"), field: "ItemBatcher.BatchInput", in: s, depth: 0)
        }
    }

    /// Checks one value of a JSONPath payload template; `field` names the template in messages.
    mutating func checkTemplate(_ value: JSONValue, at path: PointerTrail, field: String, in s: StateScope, depth: Int) {
        guard depth <= ValidationLimits.maxPayloadDepth else {
            report(.nestingTooDeep, path.pointer, "\(field) of \(s.title) is nested more than \(ValidationLimits.maxPayloadDepth) levels deep; the rest is not validated")
            return
        }
        switch value {
        case .object(let members):
            for (key, member) in members {
                checkTemplateMember(key, member, at: .member(path, key), field: field, in: s, depth: depth + 1)
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                checkTemplate(item, at: .element(path, index), field: field, in: s, depth: depth + 1)
            }
        case .string, .number, .bool, .null:
            break
        }
    }

    /// One member of a template object: a `"key.$"` member is evaluated, so its value must be a
    /// path or an intrinsic function; any other member is a template itself.
    mutating func checkTemplateMember(_ key: String, _ value: JSONValue, at path: PointerTrail, field: String, in s: StateScope, depth: Int) {
        guard key.hasSuffix(".$") else {
            checkTemplate(value, at: path, field: field, in: s, depth: depth)
            return
        }
        guard let text = value.stringValue else {
            report(.invalidPath, path.pointer,
                   "\"\(key)\" in \(field) of \(s.title) ends in \".$\", so its value must be a path (\"$.x\", \"$$.Execution.Id\", \"$var\") or an intrinsic function call, found \(value.typeName); drop the \".$\" for a literal value")
            return
        }
        checkPathOrIntrinsic(text, .path, at: path.pointer, what: "\"\(key)\" in \(field) of \(s.title)")
    }
}
