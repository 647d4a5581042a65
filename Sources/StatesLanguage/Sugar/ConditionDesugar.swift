import StepwiseJSON

extension Desugarer {
    /// `:choices`: a vector of `{:condition C :next :state …}` rules.
    mutating func choices(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONValue? {
        list(value, positions, at: pointer, what: ":choices of \(owner)") { d, item, itemPositions, itemPointer, i in
            d.choiceRule(item, itemPositions, at: itemPointer, owner: "choice rule \(i) of \(owner)")
        }
    }

    mutating func choiceRule(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONValue? {
        guard case .map(let map) = value else {
            report("INVALID_SUGAR", pointer, "\(owner) must be a map such as {:condition [:= \"$.x\" 1] :next :done}, found \(value.typeName) \(value)", positions)
            return nil
        }
        var rule = JSONObject()
        var hasCondition = false
        for (index, (key, item)) in map.enumerated() {
            let (keyPositions, valuePositions) = positions?.entry(index) ?? (nil, nil)
            if key.simpleKeyword == "condition" {
                hasCondition = true
                rule.merge(condition(item, valuePositions, at: pointer, owner: owner) ?? [:]) { first, _ in first }
                continue
            }
            guard let field = fieldName(key, keyPositions, at: pointer, context: .choiceRule, owner: owner) else { continue }
            let fieldPointer = child(field, of: pointer)
            record(fieldPointer, valuePositions)
            if let converted = fieldValue(field, item, valuePositions, at: fieldPointer, context: .choiceRule, owner: owner) {
                rule[field] = converted
            }
        }
        if !hasCondition {
            report("INVALID_SUGAR", pointer, "\(owner) has no :condition", positions)
        }
        return .object(rule)
    }

    /// The members a condition contributes to its rule: `Variable` and an operator, `And`,
    /// `Or`, `Not`, or a JSONata `Condition`.
    mutating func condition(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONObject? {
        switch value {
        case .string(let s) where s.isJSONataExpression:
            record(child("Condition", of: pointer), positions)
            return ["Condition": .string(s)]
        case .string(let s):
            // A bare path tests a boolean flag.
            record(child("Variable", of: pointer), positions)
            return ["Variable": .string(s), ComparisonOperator.booleanEquals.rawValue: .bool(true)]
        case .bool(let b):
            record(child("Condition", of: pointer), positions)
            return ["Condition": .bool(b)]
        case .vector(let items), .list(let items):
            return operatorCondition(items, positions, at: pointer, owner: owner)
        default:
            report("INVALID_SUGAR", pointer, "\(owner) has the condition \(value); a condition is a vector such as [:= \"$.x\" 1], a \"$.flag\" path or a JSONata \"{% … %}\" string", positions)
            return nil
        }
    }

    /// A rule nested in `:and`, `:or` or `:not`: a condition, or `{:condition C :comment "…"}`.
    mutating func nestedRule(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONValue? {
        record(pointer, positions)
        guard case .map(let map) = value else {
            return condition(value, positions, at: pointer, owner: owner).map(JSONValue.object)
        }
        var rule = JSONObject()
        var hasCondition = false
        for (index, (key, item)) in map.enumerated() {
            let (keyPositions, valuePositions) = positions?.entry(index) ?? (nil, nil)
            switch key.simpleKeyword {
            case "condition":
                hasCondition = true
                rule.merge(condition(item, valuePositions, at: pointer, owner: owner) ?? [:]) { first, _ in first }
            case "comment":
                rule["Comment"] = data(item, valuePositions, at: child("Comment", of: pointer))
            default:
                report("UNKNOWN_KEY", pointer, "\(owner): a nested condition map has only :condition and :comment, found \(key)", keyPositions)
            }
        }
        if !hasCondition {
            report("INVALID_SUGAR", pointer, "\(owner): a nested condition map needs a :condition", positions)
        }
        return .object(rule)
    }

    private mutating func operatorCondition(_ items: [EDNValue], _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONObject? {
        guard case .keyword(let name)? = items.first, name.namespace == nil else {
            let found = items.first.map { "\($0)" } ?? "an empty vector"
            report("INVALID_SUGAR", pointer, "\(owner): a condition vector starts with an operator such as := :and :present?, found \(found)", positions)
            return nil
        }
        let op = name.name
        let operands = Array(items.dropFirst())
        switch op {
        case "and", "or":
            guard !operands.isEmpty else {
                report("INVALID_SUGAR", pointer, "\(owner): [:\(op)] needs at least one condition", positions)
                return nil
            }
            let field = op == "and" ? "And" : "Or"
            let list = child(field, of: pointer)
            let rules = operands.enumerated().compactMap { i, operand in
                let item = child(i, of: list)
                return nestedRule(operand, positions?.child(i + 1), at: item, owner: owner)
            }
            return [field: .array(rules)]
        case "not":
            guard operands.count == 1 else {
                report("INVALID_SUGAR", pointer, "\(owner): [:not C] takes exactly one condition, found \(operands.count)", positions)
                return nil
            }
            return nestedRule(operands[0], positions?.child(1), at: child("Not", of: pointer), owner: owner).map { ["Not": $0] }
        default:
            return comparison(op, operands, positions, at: pointer, owner: owner)
        }
    }

    private mutating func comparison(_ op: String, _ operands: [EDNValue], _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONObject? {
        if let test = ComparisonSugar.test(named: op) {
            guard operands.count == 1 || operands.count == 2 else {
                report("INVALID_SUGAR", pointer, "\(owner): [:\(op) \"$.path\"] takes a path and an optional true or false, found \(operands.count) arguments", positions)
                return nil
            }
            guard let variable = variablePath(operands[0], positions?.child(1), at: pointer, op: op, owner: owner) else { return nil }
            var expected = true
            if operands.count == 2 {
                guard case .bool(let b) = operands[1] else {
                    report("INVALID_SUGAR", pointer, "\(owner): the third element of [:\(op) …] is true or false, found \(operands[1].typeName) \(operands[1])", positions?.child(2))
                    return nil
                }
                expected = b
                record(child(test.rawValue, of: pointer), positions?.child(2))
            }
            return ["Variable": .string(variable), test.rawValue: .bool(expected)]
        }
        let parsed = ComparisonSugar.parse(op)
        guard op == ComparisonSugar.matches || parsed != nil else {
            report("INVALID_SUGAR", pointer, "\(owner): unknown condition operator :\(op); expected one of \(ComparisonSugar.operatorList)", positions?.child(0))
            return nil
        }
        guard operands.count == 2 else {
            report("INVALID_SUGAR", pointer, "\(owner): [:\(op) \"$.path\" value] takes a path and a value, found \(operands.count) argument\(operands.count == 1 ? "" : "s")", positions)
            return nil
        }
        guard let variable = variablePath(operands[0], positions?.child(1), at: pointer, op: op, owner: owner) else { return nil }
        let operandPositions = positions?.child(2)
        let result: (op: ComparisonOperator, operand: JSONValue)?
        if let (kind, relation) = parsed {
            result = typedComparison(op, kind, relation, operands[1], operandPositions, at: pointer, owner: owner)
        } else if case .string(let pattern) = operands[1] {
            result = (.stringMatches, .string(pattern))
        } else {
            report("INVALID_SUGAR", pointer, "\(owner): :matches takes a pattern string such as \"log-*.txt\", found \(operands[1].typeName) \(operands[1])", operandPositions)
            result = nil
        }
        guard let result else { return nil }
        record(child(result.op.rawValue, of: pointer), operandPositions)
        return ["Variable": .string(variable), result.op.rawValue: result.operand]
    }

    private mutating func variablePath(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, op: String, owner: String) -> String? {
        guard case .string(let path) = value else {
            report("INVALID_SUGAR", pointer, "\(owner): the variable of [:\(op) …] must be a path string such as \"$.total\", found \(value.typeName) \(value)", positions)
            return nil
        }
        record(child("Variable", of: pointer), positions)
        return path
    }

    /// The ASL operator for `[:op "$.var" operand]`: the type is named by the operator or
    /// inferred from a literal operand; `{:path "$.other"}` selects the `…Path` variant.
    private mutating func typedComparison(
        _ op: String, _ kind: ComparisonOperator.Kind?, _ relation: ComparisonOperator.Relation, _ operand: EDNValue,
        _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String
    ) -> (op: ComparisonOperator, operand: JSONValue)? {
        let symbol = ComparisonSugar.symbol(of: relation)
        if case .map(let map) = operand {
            guard map.count == 1, case .string(let path)? = map[.keyword(EDNName(name: "path"))] else {
                report("INVALID_SUGAR", pointer, "\(owner): a path operand is written {:path \"$.other\"}, found \(operand)", positions)
                return nil
            }
            guard let kind else {
                report("INVALID_SUGAR", pointer, "\(owner): [:\(op) … {:path …}] cannot tell which type to compare; use a typed operator such as :numeric\(symbol) or :string\(symbol)", positions)
                return nil
            }
            guard let asl = ComparisonOperator.make(kind: kind, relation: relation, path: true) else {
                report("INVALID_SUGAR", pointer, "\(owner): ASL has no \(kind.rawValue) \(symbol) comparison; booleans compare only with :boolean=", positions)
                return nil
            }
            return (asl, .string(path))
        }
        let literalKind: ComparisonOperator.Kind
        let json: JSONValue
        switch operand {
        case .string(let s): (literalKind, json) = (.string, .string(s))
        case .integer(let i): (literalKind, json) = (.numeric, .number(JSONNumber(literal: i.jsonLiteral)))
        case .float(let f): (literalKind, json) = (.numeric, .number(JSONNumber(literal: f.jsonLiteral)))
        case .bool(let b): (literalKind, json) = (.boolean, .bool(b))
        case .instant(let instant): (literalKind, json) = (.timestamp, .string(instant.text))
        default:
            report("INVALID_SUGAR", pointer, "\(owner): [:\(op) …] cannot compare with \(operand.typeName) \(operand); use a string, number, boolean, #inst or {:path …}", positions)
            return nil
        }
        // Timestamps are strings in JSON, so an explicit timestamp operator takes either.
        if let kind, kind != literalKind, !(kind == .timestamp && literalKind == .string) {
            report("INVALID_SUGAR", pointer, "\(owner): :\(op) compares with a \(kind.rawValue) value, found \(operand.typeName) \(operand)", positions)
            return nil
        }
        let effectiveKind = kind ?? literalKind
        guard let asl = ComparisonOperator.make(kind: effectiveKind, relation: relation, path: false) else {
            report("INVALID_SUGAR", pointer, "\(owner): ASL has no \(effectiveKind.rawValue) \(symbol) comparison; booleans compare only with :=", positions)
            return nil
        }
        return (asl, json)
    }
}
