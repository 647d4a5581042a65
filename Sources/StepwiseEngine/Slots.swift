/// A table of values addressed by small sequential ids: an array instead of a dictionary, so
/// the interpreter's hottest lookups are an index and not a hash.
struct Slots<Element> {
    private var storage: [Element?] = []

    /// Stores a value under the next id and returns the id.
    mutating func insert(_ value: Element) -> Int {
        storage.append(value)
        return storage.count - 1
    }

    /// The id the next `insert` will return.
    var nextId: Int { storage.count }

    subscript(id: Int) -> Element? {
        _read {
            if id >= 0 && id < storage.count { yield storage[id] } else { yield nil }
        }
        _modify {
            precondition(id >= 0 && id < storage.count, "no slot \(id)")
            yield &storage[id]
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: Int) -> Element? {
        guard id >= 0 && id < storage.count, let value = storage[id] else { return nil }
        storage[id] = nil
        return value
    }

    /// The ids that hold a value, ascending.
    var keys: [Int] { storage.indices.filter { storage[$0] != nil } }

    /// Puts a value back under the id it had (a redrive reviving a stopped thread).
    mutating func restore(_ value: Element, at id: Int) {
        precondition(id >= 0 && id < storage.count, "no slot \(id)")
        storage[id] = value
    }
}
