/// Choice states: non-empty Choices, a Next on every top-level rule, conditions of the state's
/// query language, and operands of the right type for their comparison operator.
extension ValidationRun {
    mutating func checkChoice(_ s: StateScope) {
        guard let rules = s.state.choices else {
            report(.missingField, s.path, "\(s.title) has no \"Choices\"; add an array of choice rules")
            return
        }
        if rules.isEmpty {
            report(.emptyArray, s.at("Choices"), "Choices of \(s.title) is empty; a Choice state needs at least one rule")
        }
        for (index, rule) in rules.enumerated() {
            let path = s.at("Choices") + "/\(index)"
            let what = "choice rule \(index) of \(s.title)"
            if rule.next == nil {
                report(.missingField, path, "\(what) has no \"Next\"; name the state to run when the rule matches")
            }
            if rule.output != nil, !s.isJSONata {
                report(.queryLanguageMismatch, path + "/Output", "\(what) has \"Output\", a JSONata field, but the state uses JSONPath (from \(s.languageOrigin))")
            }
            checkAssign(rule.assign, at: path + "/Assign", in: s)
            checkCondition(rule.condition, at: path, what: what, in: s, depth: 0)
        }
    }

    private mutating func checkCondition(_ condition: Condition, at path: String, what: String, in s: StateScope, depth: Int) {
        guard depth <= ValidationLimits.maxNesting else {
            report(.nestingTooDeep, path, "\(what) nests And/Or/Not more than \(ValidationLimits.maxNesting) levels deep; the rest is not validated")
            return
        }
        switch condition {
        case .jsonata(let value):
            guard s.isJSONata else {
                report(.queryLanguageMismatch, path + "/Condition",
                       "\(what) uses \"Condition\", a JSONata field, but the state uses JSONPath (from \(s.languageOrigin)); use Variable with a comparison operator, or set \"QueryLanguage\": \"JSONata\"")
                return
            }
            let isExpression = value.stringValue?.isJSONataExpression ?? false
            if value.boolValue == nil, !isExpression {
                report(.wrongType, path + "/Condition", "Condition of \(what) must be true, false or a JSONata expression \"{% … %}\", found \(value)")
            }
        case .and(let rules), .or(let rules):
            let key = if case .and = condition { "And" } else { "Or" }
            if s.isJSONata {
                reportJSONPathCondition(key, at: path, what: what, in: s)
                return
            }
            if rules.isEmpty {
                report(.emptyArray, path + "/" + key, "\(key) of \(what) is empty; combine at least one rule")
            }
            for (index, rule) in rules.enumerated() {
                checkCondition(rule.condition, at: path + "/\(key)/\(index)", what: what, in: s, depth: depth + 1)
            }
        case .not(let rule):
            if s.isJSONata {
                reportJSONPathCondition("Not", at: path, what: what, in: s)
                return
            }
            checkCondition(rule.condition, at: path + "/Not", what: what, in: s, depth: depth + 1)
        case .comparison(let comparison):
            if s.isJSONata {
                reportJSONPathCondition("Variable", at: path, what: what, in: s)
                return
            }
            checkPath(comparison.variable, .referencePath, at: path + "/Variable", what: "Variable of \(what)")
            checkOperand(comparison, at: path + "/" + comparison.op.rawValue, what: what, in: s)
        }
    }

    private mutating func reportJSONPathCondition(_ key: String, at path: String, what: String, in s: StateScope) {
        report(.queryLanguageMismatch, path + "/" + key,
               "\(what) uses \"\(key)\", a JSONPath condition, but the state uses JSONata (from \(s.languageOrigin)); write the test as \"Condition\": \"{% … %}\"")
    }

    private mutating func checkOperand(_ comparison: Comparison, at path: String, what: String, in s: StateScope) {
        let op = comparison.op
        let operand = comparison.operand
        if op.isPath {
            if let text = operand.stringValue {
                checkPath(text, .referencePath, at: path, what: "\(op.rawValue) of \(what)")
            } else {
                report(.invalidOperand, path, "\(op.rawValue) in \(what) must be a path string naming the value to compare with, found \(operand.typeName)")
            }
            return
        }
        let expected: String?
        switch op.kind {
        case .string: expected = operand.stringValue == nil ? "a string" : nil
        case .numeric: expected = operand.numberValue == nil ? "a number" : nil
        case .boolean, .test: expected = operand.boolValue == nil ? "true or false" : nil
        case .timestamp:
            guard let text = operand.stringValue else {
                expected = "a timestamp string"
                break
            }
            expected = nil
            if Timestamp(rfc3339: text) == nil {
                report(.invalidTimestamp, path, "\(op.rawValue) in \(what) is \"\(text)\"; it must be an RFC 3339 date-time such as 2016-03-14T01:59:00Z")
            }
        }
        if let expected {
            report(.invalidOperand, path, "\(op.rawValue) in \(what) must be \(expected), found \(operand.typeName) \(operand)")
        }
    }
}
