import Foundation
import StepwiseJSON

/// Writes an ASL JSON document as idiomatic sugar, the inverse of `Desugarer`: hyphenated
/// keyword keys, names as keywords where they read back unchanged, enum keywords, condition
/// vectors and activity keywords for placeholder ARNs. What the sugar cannot express keeps
/// string keys, so that desugaring it reports the problem instead of hiding it.
struct Resugarer {
    func stateMachine(_ document: JSONValue) -> EDNValue {
        fields(document, context: .stateMachine)
    }

    /// A JSON object whose members are ASL fields.
    func fields(_ value: JSONValue, context: SugarContext) -> EDNValue {
        guard case .object(let object) = value else { return data(value) }
        var map = EDNMap(minimumCapacity: object.count)
        for (field, item) in object {
            map[key(field)] = fieldValue(field, item, context: context)
        }
        return .map(map)
    }

    /// `:start-at` for a known field, the field's own string otherwise.
    func key(_ field: String) -> EDNValue {
        guard SugarFields.allFieldNames.contains(field) else { return .string(field) }
        return keyword(SugarFields.keyword(forField: field))
    }

    func keyword(_ name: String) -> EDNValue { .keyword(EDNName(name: name)) }

    func fieldValue(_ field: String, _ value: JSONValue, context: SugarContext) -> EDNValue {
        switch SugarFields.kind(of: field) {
        case .stateName, .errorName:
            return name(value)
        case .errorNames:
            guard case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) else { return data(value) }
            let names = items.map(name)
            return names.count == 1 ? names[0] : .vector(names)
        case .enumeration(let table):
            guard case .string(let s) = value, let name = table.first(where: { $0.value == s })?.key else { return data(value) }
            return keyword(name)
        case .stateType:
            guard case .string(let s) = value, StateType(rawValue: s) != nil else { return data(value) }
            return keyword(s.lowercased())
        case .resource:
            guard case .state = context, case .string(let arn) = value, let activity = activityKeyword(arn) else { return data(value) }
            return activity
        case .states:
            guard case .object(let states) = value else { return data(value) }
            var map = EDNMap(minimumCapacity: states.count)
            for (stateName, state) in states {
                let type = state["Type"]?.stringValue.flatMap(StateType.init(rawValue:))
                map[name(.string(stateName))] = fields(state, context: .state(type))
            }
            return .map(map)
        case .branches: return list(value) { fields($0, context: .branch) }
        case .itemProcessor: return fields(value, context: .itemProcessor)
        case .choices: return list(value, rule)
        case .retriers: return list(value) { fields($0, context: .retrier) }
        case .catchers: return list(value) { fields($0, context: .catcher) }
        case .object(let nested): return fields(value, context: nested)
        case .end, .data: return data(value)
        }
    }

    func list(_ value: JSONValue, _ transform: (JSONValue) -> EDNValue) -> EDNValue {
        guard case .array(let items) = value else { return data(value) }
        return .vector(items.map(transform))
    }

    /// A state or error name: a keyword when it reads back as the same name.
    func name(_ value: JSONValue) -> EDNValue {
        guard case .string(let s) = value else { return data(value) }
        return EDNName.isPortableKeyword(s) ? keyword(named: s) : .string(s)
    }

    private func keyword(named text: String) -> EDNValue {
        EDNValue.keyword(text) ?? .string(text)
    }

    /// `:activity/add` for the placeholder ARN of activity `activity__add`.
    func activityKeyword(_ arn: String) -> EDNValue? {
        guard let activity = SugaredEDN.activityName(fromPlaceholderARN: arn),
            SugaredEDN.resourceNameProblem(activity) == nil
        else { return nil }
        if let split = activity.range(of: "__") {
            let namespaced = String(activity[..<split.lowerBound]) + "/" + String(activity[split.upperBound...])
            if EDNName.isPortableKeyword(namespaced) { return keyword(named: namespaced) }
        }
        return EDNName.isPortableKeyword(activity) ? keyword(named: activity) : nil
    }

    /// JSON data as EDN: object keys become keywords when they read back unchanged.
    func data(_ value: JSONValue) -> EDNValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let n): return number(n)
        case .array(let items): return .vector(items.map(data))
        case .object(let object):
            var map = EDNMap(minimumCapacity: object.count)
            for (key, item) in object {
                map[EDNName.isPortableKeyword(key) ? keyword(named: key) : .string(key)] = data(item)
            }
            return .map(map)
        }
    }

    /// The JSON literal as an EDN integer or float (JSON's number syntax is a subset of EDN's).
    func number(_ n: JSONNumber) -> EDNValue {
        let text = n.description
        if let integer = EDNInteger(literal: text) { return .integer(integer) }
        if let float = EDNFloat(literal: text) { return .float(float) }
        // Only a non-finite double built in code gets here; neither JSON nor EDN can write it.
        return .string(text)
    }

    /// An object kept member for member with string keys (for what the sugar cannot express).
    func raw(_ object: JSONObject) -> EDNValue {
        var map = EDNMap(minimumCapacity: object.count)
        for (key, item) in object { map[.string(key)] = data(item) }
        return .map(map)
    }
}
