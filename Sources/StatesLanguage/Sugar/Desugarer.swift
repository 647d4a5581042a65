import StepwiseJSON

/// Walks a sugared definition and builds the ASL JSON document, recording where each value
/// came from and reporting every problem it finds (it keeps going after one).
struct Desugarer {
    let file: String?
    var diagnostics: [Diagnostic] = []
    /// Doubles as the desugarer's notion of where it is: values are addressed by their entries,
    /// and a JSON pointer is spelled out only for a diagnostic.
    var sourceMap = SourceMap()
    var activities: [SugaredActivity] = []

    init(file: String?) { self.file = file }

    mutating func report(_ code: String, _ entry: SourceMap.Entry, _ message: String, _ positions: EDNPositions?) {
        diagnostics.append(Diagnostic(code: code, path: sourceMap.pointer(of: entry), message: message, file: file, location: positions?.location))
    }

    mutating func record(_ entry: SourceMap.Entry, _ positions: EDNPositions?) {
        if let positions { sourceMap.record(positions.location, at: entry) }
    }

    mutating func child(_ key: String, of entry: SourceMap.Entry) -> SourceMap.Entry {
        sourceMap.entry(key, in: entry)
    }

    mutating func child(_ index: Int, of entry: SourceMap.Entry) -> SourceMap.Entry {
        sourceMap.entry(index, in: entry)
    }

    mutating func stateMachine(_ value: EDNValue, _ positions: EDNPositions?) -> JSONValue {
        machine(value, positions, at: SourceMap.root, context: .stateMachine, owner: "the state machine") ?? .null
    }

    mutating func machine(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, context: SugarContext, owner: String) -> JSONValue? {
        record(pointer, positions)
        guard case .map(let map) = value else {
            report("INVALID_SUGAR", pointer, "\(owner) must be a map such as {:start-at :first :states {…}}, found \(value.typeName) \(value)", positions)
            return nil
        }
        return .object(fields(map, positions, at: pointer, context: context, owner: owner))
    }

    /// The ASL members of a sugared map whose keys are field keywords.
    mutating func fields(_ map: EDNMap, _ positions: EDNPositions?, at pointer: SourceMap.Entry, context: SugarContext, owner: String) -> JSONObject {
        var object = JSONObject()
        for (index, (key, value)) in map.enumerated() {
            let (keyPositions, valuePositions) = positions?.entry(index) ?? (nil, nil)
            guard let field = fieldName(key, keyPositions, at: pointer, context: context, owner: owner) else { continue }
            let fieldPointer = child(field, of: pointer)
            record(fieldPointer, valuePositions)
            if let converted = fieldValue(field, value, valuePositions, at: fieldPointer, context: context, owner: owner) {
                object[field] = converted
            }
        }
        return object
    }

    /// The ASL name of a field key, or nil (reported) when the key is not a field of this map.
    mutating func fieldName(_ key: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, context: SugarContext, owner: String) -> String? {
        guard case .keyword(let name) = key else {
            report("UNKNOWN_KEY", pointer, "\(owner) has the key \(key); field keys are keywords such as :start-at", positions)
            return nil
        }
        guard name.namespace == nil, let field = SugarFields.field(forKeyword: name.name) else {
            report("UNKNOWN_KEY", child(name.description, of: pointer),
                   "\(owner) has the unknown key :\(name), which is not a States Language field", positions)
            return nil
        }
        guard SugarFields.isAllowed(field, in: context) else {
            let allowed = SugarFields.keywords(allowedIn: context).joined(separator: " ")
            report("UNKNOWN_KEY", child(field, of: pointer), "\(owner) cannot have :\(name.name) (\(field)); \(context.label) allows \(allowed)", positions)
            return nil
        }
        return field
    }

    mutating func fieldValue(_ field: String, _ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, context: SugarContext, owner: String) -> JSONValue? {
        let key = ":" + SugarFields.keyword(forField: field)
        switch SugarFields.kind(of: field) {
        case .stateName: return stateName(value, positions, at: pointer, what: "\(key) of \(owner)")
        case .errorNames: return errorNames(value, positions, at: pointer, owner: owner)
        case .errorName: return errorName(value, positions, at: pointer, what: "\(key) of \(owner)")
        case .enumeration(let table): return enumeration(value, positions, table, at: pointer, what: "\(key) of \(owner)")
        case .stateType: return stateType(value, positions, at: pointer, owner: owner)
        case .resource: return resource(value, positions, at: pointer, context: context, owner: owner)
        case .end: return end(value, positions, at: pointer, owner: owner)
        case .states: return states(value, positions, at: pointer, owner: owner)
        case .choices: return choices(value, positions, at: pointer, owner: owner)
        case .itemProcessor:
            return machine(value, positions, at: pointer, context: .itemProcessor, owner: "\(key) of \(owner)")
        case .branches:
            return list(value, positions, at: pointer, what: "\(key) of \(owner)") { d, item, itemPositions, itemPointer, i in
                d.machine(item, itemPositions, at: itemPointer, context: .branch, owner: "branch \(i) of \(owner)")
            }
        case .retriers:
            return list(value, positions, at: pointer, what: "\(key) of \(owner)") { d, item, itemPositions, itemPointer, i in
                d.object(item, itemPositions, at: itemPointer, context: .retrier, owner: "retrier \(i) of \(owner)")
            }
        case .catchers:
            return list(value, positions, at: pointer, what: "\(key) of \(owner)") { d, item, itemPositions, itemPointer, i in
                d.object(item, itemPositions, at: itemPointer, context: .catcher, owner: "catcher \(i) of \(owner)")
            }
        case .object(let nested):
            return object(value, positions, at: pointer, context: nested, owner: "\(key) of \(owner)")
        case .data:
            return data(value, positions, at: pointer)
        }
    }

    mutating func object(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, context: SugarContext, owner: String) -> JSONValue? {
        guard case .map(let map) = value else {
            report("INVALID_SUGAR", pointer, "\(owner) must be a map, found \(value.typeName) \(value)", positions)
            return nil
        }
        return .object(fields(map, positions, at: pointer, context: context, owner: owner))
    }

    /// A vector (or list) converted element by element.
    mutating func list(
        _ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, what: String,
        each: (inout Desugarer, EDNValue, EDNPositions?, SourceMap.Entry, Int) -> JSONValue?
    ) -> JSONValue? {
        guard let items = value.sequenceValue else {
            report("INVALID_SUGAR", pointer, "\(what) must be a vector, found \(value.typeName) \(value)", positions)
            return nil
        }
        var array: [JSONValue] = []
        for (i, item) in items.enumerated() {
            let itemPointer = child(i, of: pointer)
            let itemPositions = positions?.child(i)
            record(itemPointer, itemPositions)
            if let converted = each(&self, item, itemPositions, itemPointer, i) { array.append(converted) }
        }
        return .array(array)
    }

    mutating func stateName(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, what: String) -> JSONValue? {
        switch value {
        case .keyword(let name): return .string(name.description)
        case .string(let s): return .string(s)
        default:
            report("INVALID_SUGAR", pointer, "\(what) must be a state name (a keyword or a string), found \(value.typeName) \(value)", positions)
            return nil
        }
    }

    mutating func errorName(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, what: String) -> JSONValue? {
        if let name = SugaredEDN.errorName(from: value) { return .string(name) }
        report("INVALID_SUGAR", pointer, "\(what) must be an error name (a keyword or a string), found \(value.typeName) \(value)", positions)
        return nil
    }

    /// `:error-equals` takes one error name or a vector of them, order kept.
    mutating func errorNames(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONValue? {
        guard value.sequenceValue != nil else {
            record(child(0, of: pointer), positions)
            return errorName(value, positions, at: child(0, of: pointer), what: ":error-equals of \(owner)").map { .array([$0]) }
        }
        return list(value, positions, at: pointer, what: ":error-equals of \(owner)") { d, item, itemPositions, itemPointer, _ in
            d.errorName(item, itemPositions, at: itemPointer, what: "an error name in :error-equals of \(owner)")
        }
    }

    mutating func enumeration(_ value: EDNValue, _ positions: EDNPositions?, _ table: [String: String], at pointer: SourceMap.Entry, what: String) -> JSONValue? {
        let allowed = table.keys.sorted().map { ":" + $0 }.joined(separator: " ")
        switch value {
        case .keyword(let name):
            if name.namespace == nil, let asl = table[name.name] { return .string(asl) }
            report("INVALID_SUGAR", pointer, "\(what) is :\(name); expected one of \(allowed)", positions)
            return nil
        case .string(let s):
            return .string(s)
        default:
            report("INVALID_SUGAR", pointer, "\(what) must be one of \(allowed), found \(value.typeName) \(value)", positions)
            return nil
        }
    }

    mutating func stateType(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONValue? {
        let allowed = StateType.allCases.map { ":" + $0.rawValue.lowercased() }.joined(separator: " ")
        switch value {
        case .keyword(let name):
            if name.namespace == nil, let type = SugarFields.stateTypes[name.name] { return .string(type.rawValue) }
            report("INVALID_SUGAR", pointer, "\(owner) has the unknown :type :\(name); expected one of \(allowed)", positions)
            return nil
        case .string(let s):
            return .string(s)
        default:
            report("INVALID_SUGAR", pointer, ":type of \(owner) must be one of \(allowed), found \(value.typeName) \(value)", positions)
            return nil
        }
    }

    /// A keyword is an activity, written with its placeholder ARN and listed; a string passes through.
    mutating func resource(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, context: SugarContext, owner: String) -> JSONValue? {
        guard case .keyword(let name) = value else { return data(value, positions, at: pointer) }
        guard case .state = context else {
            report("INVALID_SUGAR", pointer, "the :resource of \(owner) is :\(name), but only a Task's resource may be an activity keyword; write the ARN as a string", positions)
            return nil
        }
        let activity = SugaredActivity(keyword: name)
        if let problem = SugaredEDN.resourceNameProblem(activity.activityName) {
            report("INVALID_SUGAR", pointer, "the activity :\(name) of \(owner) would be named \"\(activity.activityName)\", which AWS refuses: \(problem)", positions)
            return nil
        }
        if !activities.contains(activity) { activities.append(activity) }
        return .string(activity.placeholderARN)
    }

    mutating func end(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONValue? {
        if case .bool(false) = value {
            report("INVALID_SUGAR", pointer, "\(owner) has :end false; a state that does not end names its successor with :next (leave :end out)", positions)
            return nil
        }
        return data(value, positions, at: pointer)
    }

    mutating func states(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, owner: String) -> JSONValue? {
        guard case .map(let map) = value else {
            report("INVALID_SUGAR", pointer, ":states of \(owner) must be a map from state names to states, found \(value.typeName) \(value)", positions)
            return nil
        }
        var object = JSONObject()
        for (index, (key, state)) in map.enumerated() {
            let (keyPositions, valuePositions) = positions?.entry(index) ?? (nil, nil)
            guard case .string(let name)? = stateName(key, keyPositions, at: pointer, what: "a state name in \(owner)") else { continue }
            let statePointer = child(name, of: pointer)
            guard object[name] == nil else {
                report("INVALID_SUGAR", statePointer, "the state \"\(name)\" is defined twice in \(owner) (as a keyword and as a string)", keyPositions)
                continue
            }
            record(statePointer, valuePositions)
            object[name] = self.state(state, valuePositions, at: statePointer, name: name)
        }
        return .object(object)
    }

    mutating func state(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry, name: String) -> JSONValue {
        let owner = "state \"\(name)\""
        guard case .map(let map) = value else {
            report("INVALID_SUGAR", pointer, "\(owner) must be a map such as {:type :pass :end true}, found \(value.typeName) \(value)", positions)
            return .null
        }
        // The type decides which keys are allowed; an unknown type is reported by its own field.
        var type: StateType?
        switch map[.keyword(EDNName(name: "type"))] {
        case .keyword(let t)? where t.namespace == nil: type = SugarFields.stateTypes[t.name]
        case .string(let s)?: type = StateType(rawValue: s)
        default: type = nil
        }
        return .object(fields(map, positions, at: pointer, context: .state(type), owner: owner))
    }
}
