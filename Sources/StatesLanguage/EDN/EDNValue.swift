import Foundation
import OrderedCollections

/// An EDN map: entries keep the order they were written in (for display and for faithful
/// conversion to JSON); keys may be any value. Equality ignores order, as EDN specifies.
public typealias EDNMap = OrderedDictionary<EDNValue, EDNValue>

/// An EDN set: elements keep the order they were written in; equality ignores order.
public typealias EDNSet = OrderedSet<EDNValue>

/// One EDN value (https://github.com/edn-format/edn).
public indirect enum EDNValue: Sendable {
    /// `nil`.
    case null
    case bool(Bool)
    case string(String)
    /// `\a`, `\newline`, `\u00e9` …
    case character(Character)
    case integer(EDNInteger)
    case float(EDNFloat)
    /// `:name` or `:prefix/name`.
    case keyword(EDNName)
    case symbol(EDNName)
    /// `( … )`
    case list([EDNValue])
    /// `[ … ]`
    case vector([EDNValue])
    /// `{ … }`
    case map(EDNMap)
    /// `#{ … }`
    case set(EDNSet)
    /// `#inst "…"`
    case instant(EDNInstant)
    /// `#uuid "…"`
    case uuid(UUID)
    /// Any other `#tag value`, kept as written.
    case tagged(EDNName, EDNValue)
}

extension EDNValue: Hashable {
    public static func == (lhs: EDNValue, rhs: EDNValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.character(let a), .character(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.keyword(let a), .keyword(let b)): return a == b
        case (.symbol(let a), .symbol(let b)): return a == b
        // Lists and vectors are both sequences; EDN compares sequences element by element.
        case (.list(let a), .list(let b)), (.vector(let a), .vector(let b)),
            (.list(let a), .vector(let b)), (.vector(let a), .list(let b)):
            return a == b
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], other == value else { return false }
            }
            return true
        case (.set(let a), .set(let b)):
            return a.count == b.count && a.allSatisfy(b.contains)
        case (.instant(let a), .instant(let b)): return a == b
        case (.uuid(let a), .uuid(let b)): return a == b
        case (.tagged(let t1, let v1), .tagged(let t2, let v2)): return t1 == t2 && v1 == v2
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .string(let s): hasher.combine(2); hasher.combine(s)
        case .character(let c): hasher.combine(3); hasher.combine(c)
        case .integer(let i): hasher.combine(4); hasher.combine(i)
        case .float(let f): hasher.combine(5); hasher.combine(f)
        case .keyword(let k): hasher.combine(6); hasher.combine(k)
        case .symbol(let s): hasher.combine(7); hasher.combine(s)
        case .list(let items), .vector(let items): hasher.combine(8); hasher.combine(items)
        case .map(let map):
            // Order-independent, matching ==.
            hasher.combine(9)
            var acc = 0
            for (key, value) in map {
                var h = Hasher()
                h.combine(key)
                h.combine(value)
                acc = acc &+ h.finalize()
            }
            hasher.combine(acc)
        case .set(let set):
            hasher.combine(10)
            hasher.combine(set.reduce(0) { $0 &+ $1.hashValue })
        case .instant(let i): hasher.combine(11); hasher.combine(i)
        case .uuid(let u): hasher.combine(12); hasher.combine(u)
        case .tagged(let tag, let value): hasher.combine(13); hasher.combine(tag); hasher.combine(value)
        }
    }
}

extension EDNValue {
    /// A keyword from its text without the colon (`"my.app/oops"`); nil when not a valid keyword.
    public static func keyword(_ text: String) -> EDNValue? { EDNName.keyword(text).map(EDNValue.keyword) }

    public static func integer(_ value: Int) -> EDNValue { .integer(EDNInteger(value)) }

    /// The keyword's name when this is a keyword without a prefix (`:start-at` → "start-at").
    public var simpleKeyword: String? {
        if case .keyword(let name) = self, name.namespace == nil { return name.name }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    /// The entries of a map (nil otherwise).
    public var mapValue: EDNMap? { if case .map(let m) = self { return m } else { return nil } }

    /// The elements of a vector or list (nil otherwise).
    public var sequenceValue: [EDNValue]? {
        switch self {
        case .vector(let items), .list(let items): return items
        default: return nil
        }
    }

    /// What kind of value this is, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "boolean"
        case .string: return "string"
        case .character: return "character"
        case .integer: return "integer"
        case .float: return "float"
        case .keyword: return "keyword"
        case .symbol: return "symbol"
        case .list: return "list"
        case .vector: return "vector"
        case .map: return "map"
        case .set: return "set"
        case .instant: return "#inst"
        case .uuid: return "#uuid"
        case .tagged(let tag, _): return "#\(tag) value"
        }
    }
}

extension EDNValue: CustomStringConvertible {
    /// Compact EDN text.
    public var description: String { EDNPrinter.compact(self) }
}
