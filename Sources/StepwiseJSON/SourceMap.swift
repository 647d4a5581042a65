import Foundation

/// A position in a source text (1-based line and column).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// Where the values of a document came from, addressed by JSON pointer (`/States/Add`).
///
/// The pointers are interned: an entry holds its parent entry and its own key (the member name,
/// sharing the document's string, or the array index), so the map grows with the number of
/// values and never with the length of their pointers — a long key is not copied into the
/// pointer of every value below it.
public struct SourceMap: Sendable {
    /// One value's place in the document: its interned JSON pointer.
    public struct Entry: Hashable, Sendable {
        fileprivate let index: Int32
    }

    /// A member of a parent. The key's hash is worked out once: YAML aliases can repeat a long
    /// key thousands of times, and a dictionary rehashes its keys as it grows.
    private struct Edge: Hashable {
        let parent: Int32
        let key: String
        let keyHash: Int

        init(parent: Int32, key: String) {
            self.parent = parent
            self.key = key
            keyHash = key.hashValue
        }

        static func == (a: Edge, b: Edge) -> Bool { a.parent == b.parent && a.keyHash == b.keyHash && a.key == b.key }

        func hash(into hasher: inout Hasher) {
            hasher.combine(parent)
            hasher.combine(keyHash)
        }
    }

    private var parents: [Int32] = [-1]
    private var keys: [String] = [""]
    /// Line and column, 0 where the value's position is unknown.
    private var lines: [Int32] = [0]
    private var columns: [Int32] = [0]
    private var children: [Edge: Int32] = [:]

    public init() {}

    /// The entry of the whole document (pointer `""`).
    public static let root = Entry(index: 0)

    /// How many values have an entry.
    public var count: Int { parents.count }

    /// The entry of `parent`'s member `key` (an object key, or an array index written in
    /// decimal), added if new.
    public mutating func entry(_ key: String, in parent: Entry) -> Entry {
        let edge = Edge(parent: parent.index, key: key)
        if let index = children[edge] { return Entry(index: index) }
        let index = Int32(parents.count)
        parents.append(parent.index)
        keys.append(key)
        lines.append(0)
        columns.append(0)
        children[edge] = index
        return Entry(index: index)
    }

    /// The entry of `parent`'s element at `index`.
    public mutating func entry(_ index: Int, in parent: Entry) -> Entry {
        entry(String(index), in: parent)
    }

    /// Records where the value of `entry` starts (a later record replaces an earlier one).
    public mutating func record(_ location: SourceLocation, at entry: Entry) {
        lines[Int(entry.index)] = Int32(clamping: location.line)
        columns[Int(entry.index)] = Int32(clamping: location.column)
    }

    /// Where the value of `entry` starts, if recorded.
    public func location(of entry: Entry) -> SourceLocation? {
        let i = Int(entry.index)
        guard lines[i] > 0 else { return nil }
        return SourceLocation(line: Int(lines[i]), column: Int(columns[i]))
    }

    /// The JSON pointer of `entry` (built on demand, for messages).
    public func pointer(of entry: Entry) -> String {
        var tokens: [String] = []
        var i = Int(entry.index)
        while i > 0 {
            tokens.append(keys[i])
            i = Int(parents[i])
        }
        return tokens.reversed().reduce(into: "") { $0 += "/" + jsonPointerEscape($1) }
    }

    /// Where the value at `pointer` starts, if it was recorded.
    public subscript(pointer: String) -> SourceLocation? {
        let (entry, exact) = deepestEntry(along: pointer)
        return exact ? location(of: entry) : nil
    }

    /// Where the value at `pointer` starts or, when it has no recorded position (a member that
    /// is missing, say), where its nearest recorded ancestor starts.
    public func nearestLocation(to pointer: String) -> SourceLocation? {
        var (entry, _) = deepestEntry(along: pointer)
        while true {
            if let location = location(of: entry) { return location }
            guard entry.index > 0 else { return nil }
            entry = Entry(index: parents[Int(entry.index)])
        }
    }

    /// The entry of the longest prefix of `pointer` that has one, and whether that is all of it.
    private func deepestEntry(along pointer: String) -> (Entry, exact: Bool) {
        var current: Int32 = 0
        for token in jsonPointerTokens(pointer) {
            guard let child = children[Edge(parent: current, key: token)] else { return (Entry(index: current), false) }
            current = child
        }
        return (Entry(index: current), true)
    }
}

/// Escapes a key as a JSON pointer reference token (RFC 6901).
public func jsonPointerEscape(_ token: String) -> String {
    guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
    return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
}

/// The unescaped reference tokens of a JSON pointer (`/a~1b/0` → `["a/b", "0"]`).
public func jsonPointerTokens(_ pointer: String) -> [String] {
    guard !pointer.isEmpty else { return [] }
    return pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { token in
        guard token.utf8.contains(UInt8(ascii: "~")) else { return String(token) }
        return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
