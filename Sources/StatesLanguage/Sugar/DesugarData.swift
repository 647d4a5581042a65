import StepwiseJSON

extension Desugarer {
    /// EDN data as JSON: payload templates (`:parameters`, `:result`, `:assign` …) and plain
    /// values. Map keys are data too — a keyword key keeps its spelling (`:first-name` →
    /// `"first-name"`, `:sum.$` → `"sum.$"`). Values without a JSON form are reported.
    mutating func data(_ value: EDNValue, _ positions: EDNPositions?, at pointer: SourceMap.Entry) -> JSONValue? {
        record(pointer, positions)
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .integer(let i): return .number(JSONNumber(literal: i.jsonLiteral))
        case .float(let f): return .number(JSONNumber(literal: f.jsonLiteral))
        case .keyword(let name): return .string(name.description)
        case .instant(let instant): return .string(instant.text)
        case .uuid(let uuid): return .string(uuid.uuidString.lowercased())
        case .vector(let items), .list(let items):
            var array: [JSONValue] = []
            for (i, item) in items.enumerated() {
                array.append(data(item, positions?.child(i), at: child(i, of: pointer)) ?? .null)
            }
            return .array(array)
        case .map(let map):
            return .object(dataObject(map, positions, at: pointer))
        case .set:
            report("INVALID_SUGAR", pointer, "a set has no JSON form; write a vector [ … ] instead", positions)
        case .symbol(let name):
            report("INVALID_SUGAR", pointer, "the symbol \(name) has no JSON form; write a string \"\(name)\" or a keyword :\(name)", positions)
        case .character(let c):
            report("INVALID_SUGAR", pointer, "the character \(EDNPrinter.characterLiteral(c)) has no JSON form; write a string instead", positions)
        case .tagged(let tag, _):
            report("INVALID_SUGAR", pointer, "the tagged value #\(tag) has no JSON form (only #inst and #uuid convert, to strings)", positions)
        }
        return nil
    }

    private mutating func dataObject(_ map: EDNMap, _ positions: EDNPositions?, at pointer: SourceMap.Entry) -> JSONObject {
        var object = JSONObject()
        for (index, (key, item)) in map.enumerated() {
            let (keyPositions, valuePositions) = positions?.entry(index) ?? (nil, nil)
            let name: String
            switch key {
            case .keyword(let keyword): name = keyword.description
            case .string(let s): name = s
            default:
                report("INVALID_SUGAR", pointer, "JSON object keys are keywords or strings, found \(key.typeName) \(key)", keyPositions)
                continue
            }
            let itemPointer = child(name, of: pointer)
            guard object[name] == nil else {
                report("INVALID_SUGAR", itemPointer, "the key \"\(name)\" is written twice (as a keyword and as a string)", keyPositions)
                continue
            }
            object[name] = data(item, valuePositions, at: itemPointer) ?? .null
        }
        return object
    }
}
