import StepwiseJSON

/// Orders diagnostics the way their locations appear in a document (a pre-order walk of its
/// JSON), so that a report reads top to bottom, and drops exact repeats.
struct DocumentOrder {
    private var ordinals: [String: Int] = [:]

    init(_ document: JSONValue) {
        number(document, at: "", depth: 0)
    }

    private mutating func number(_ value: JSONValue, at pointer: String, depth: Int) {
        ordinals[pointer] = ordinals.count
        guard depth < ValidationLimits.maxPayloadDepth else { return }
        switch value {
        case .object(let members):
            for (key, member) in members { number(member, at: pointer + "/" + jsonPointerEscape(key), depth: depth + 1) }
        case .array(let items):
            for (index, item) in items.enumerated() { number(item, at: pointer + "/\(index)", depth: depth + 1) }
        case .null, .bool, .number, .string:
            break
        }
    }

    /// Sorts by document position; a pointer to an absent member (a missing `Next`) sorts right
    /// after its nearest present ancestor. Equal positions keep their order of discovery.
    func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        let keyed = unique.enumerated().map { (index, diagnostic) in (key: position(of: diagnostic.path), index: index, diagnostic: diagnostic) }
        return keyed.sorted { a, b in
            if a.key.ordinal != b.key.ordinal { return a.key.ordinal < b.key.ordinal }
            if a.key.rest != b.key.rest { return a.key.rest < b.key.rest }
            return a.index < b.index
        }.map(\.diagnostic)
    }

    /// The ordinal of the longest present prefix of `pointer`, and what remains of it.
    private func position(of pointer: String) -> (ordinal: Int, rest: String) {
        var prefix = Substring(pointer)
        while true {
            if let ordinal = ordinals[String(prefix)] { return (ordinal, String(pointer.dropFirst(prefix.count))) }
            guard let slash = prefix.lastIndex(of: "/") else { return (0, pointer) }
            prefix = prefix[..<slash]
        }
    }
}
