import StepwiseJSON

extension Resugarer {
    private static let ruleFields: Set<String> = ["Next", "Comment", "Assign", "Output"]

    /// A top-level choice rule as `{:condition C :next :state …}`; a rule the sugar cannot
    /// express is kept raw.
    func rule(_ value: JSONValue) -> EDNValue {
        guard case .object(let object) = value else { return data(value) }
        let conditionMembers = object.filter { !Resugarer.ruleFields.contains($0.key) }
        guard let condition = condition(conditionMembers) else { return raw(object) }
        var map: EDNMap = [keyword("condition"): condition]
        for (field, item) in object where Resugarer.ruleFields.contains(field) {
            map[key(field)] = fieldValue(field, item, context: .choiceRule)
        }
        return .map(map)
    }

    /// The sugar of a rule's condition members, or nil when it has no single condition the
    /// sugar can write.
    func condition(_ members: JSONObject) -> EDNValue? {
        if members.count == 1, let (field, value) = members.elements.first {
            switch (field, value) {
            case ("And", .array(let rules)), ("Or", .array(let rules)):
                guard !rules.isEmpty else { return nil }
                var items = [keyword(field.lowercased())]
                for rule in rules {
                    guard let nested = nestedRule(rule) else { return nil }
                    items.append(nested)
                }
                return .vector(items)
            case ("Not", _):
                return nestedRule(value).map { .vector([keyword("not"), $0]) }
            case ("Condition", .string(let s)) where s.isJSONataExpression:
                return .string(s)
            case ("Condition", .bool(let b)):
                return .bool(b)
            default:
                return nil
            }
        }
        guard members.count == 2, case .string(let variable)? = members["Variable"],
            let (field, operand) = members.first(where: { $0.key != "Variable" }),
            let op = ComparisonOperator(rawValue: field)
        else { return nil }
        return comparison(variable, op, operand)
    }

    /// A rule inside `And`/`Or`/`Not`: its condition, wrapped with its comment if it has one.
    private func nestedRule(_ value: JSONValue) -> EDNValue? {
        guard case .object(var members) = value else { return nil }
        let comment = members.removeValue(forKey: "Comment")
        guard let condition = condition(members) else { return nil }
        switch comment {
        case nil: return condition
        case .string(let text)?: return .map([keyword("condition"): condition, keyword("comment"): .string(text)])
        default: return nil
        }
    }

    private func comparison(_ variable: String, _ op: ComparisonOperator, _ operand: JSONValue) -> EDNValue? {
        let path = EDNValue.string(variable)
        if let test = ComparisonSugar.testKeyword(for: op) {
            guard case .bool(let expected) = operand else { return nil }
            return .vector(expected ? [keyword(test), path] : [keyword(test), path, .bool(false)])
        }
        if op == .stringMatches {
            guard case .string(let pattern) = operand else { return nil }
            return .vector([keyword(ComparisonSugar.matches), path, .string(pattern)])
        }
        if op.isPath {
            guard case .string(let other) = operand, let name = ComparisonSugar.keyword(kind: op.kind, relation: op.relation) else { return nil }
            return .vector([keyword(name), path, .map([keyword("path"): .string(other)])])
        }
        // The bare path is the sugar for a true flag (unless it would read as JSONata).
        if op == .booleanEquals, operand == .bool(true), !variable.isJSONataExpression { return path }
        let literal: (kind: ComparisonOperator.Kind, value: EDNValue)
        switch operand {
        case .string(let s):
            if op.kind == .timestamp, let instant = EDNInstant(s) {
                literal = (.timestamp, .instant(instant))
            } else {
                literal = (.string, .string(s))
            }
        case .number(let n): literal = (.numeric, number(n))
        case .bool(let b): literal = (.boolean, .bool(b))
        default: return nil
        }
        // The value's type picks the operator; a timestamp that is not an RFC 3339 instant
        // stays a string under an explicit timestamp operator.
        let explicitKind: ComparisonOperator.Kind?
        if literal.kind == op.kind {
            explicitKind = nil
        } else if op.kind == .timestamp, literal.kind == .string {
            explicitKind = .timestamp
        } else {
            return nil
        }
        guard let name = ComparisonSugar.keyword(kind: explicitKind, relation: op.relation) else { return nil }
        return .vector([keyword(name), path, literal.value])
    }
}
