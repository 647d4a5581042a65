import StepwiseJSON

/// Orders diagnostics the way their locations appear in a document (a pre-order walk of its
/// JSON), so that a report reads top to bottom, and drops exact repeats.
///
/// A value's place in a pre-order walk is the list of member and element indices leading to
/// it, compared lexicographically (an ancestor before its descendants). Each diagnostic's
/// pointer is resolved along the document, so nothing is built per value of the document.
struct DocumentOrder {
    private let document: JSONValue

    init(_ document: JSONValue) { self.document = document }

    /// Sorts by document position; a pointer to an absent member (a missing `Next`) sorts right
    /// after its nearest present ancestor. Equal positions keep their order of discovery.
    func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        let keyed = unique.enumerated().map { (index, diagnostic) in (key: position(of: diagnostic.path), index: index, diagnostic: diagnostic) }
        return keyed.sorted { a, b in
            if a.key.indices != b.key.indices { return a.key.indices.lexicographicallyPrecedes(b.key.indices) }
            if a.key.rest != b.key.rest { return a.key.rest.lexicographicallyPrecedes(b.key.rest) }
            return a.index < b.index
        }.map(\.diagnostic)
    }

    /// The indices leading to the longest present prefix of `pointer`, and the tokens after it.
    private func position(of pointer: String) -> (indices: [Int], rest: [String]) {
        var node = document
        var indices: [Int] = []
        let tokens = jsonPointerTokens(pointer)
        for (n, token) in tokens.enumerated() {
            switch node {
            case .object(let object):
                if let i = object.index(forKey: token) {
                    indices.append(i)
                    node = object.values[i]
                    continue
                }
            case .array(let items):
                if let i = Int(token), items.indices.contains(i) {
                    indices.append(i)
                    node = items[i]
                    continue
                }
            case .null, .bool, .number, .string:
                break
            }
            return (indices, Array(tokens[n...]))
        }
        return (indices, [])
    }
}
