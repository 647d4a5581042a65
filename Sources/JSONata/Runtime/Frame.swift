/// A scope of variable bindings; lookups fall through to the enclosing frame.
/// A name bound to undefined still shadows outer bindings, as in JSONata.
final class Frame {
    private var bindings: [String: Value?] = [:]
    let parent: Frame?

    init(parent: Frame?) { self.parent = parent }

    func bind(_ name: String, _ value: Value?) {
        bindings.updateValue(value, forKey: name)
    }

    func lookup(_ name: String) -> Value? {
        var frame: Frame? = self
        while let current = frame {
            if let value = current.bindings[name] { return value }
            frame = current.parent
        }
        return nil
    }

    /// A frame binding every member of a tuple (`@`, focus, index and ancestor variables).
    static func fromTuple(_ tuple: JObject, parent: Frame) -> Frame {
        let frame = Frame(parent: parent)
        for (name, value) in tuple.fields { frame.bind(name, value) }
        return frame
    }
}
