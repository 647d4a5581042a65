/// A scope of variable bindings; lookups fall through to the enclosing frame.
/// A name bound to undefined still shadows outer bindings, as in JSONata.
final class Frame {
    // Unchecked: one evaluation's thread binds and looks up, never within another access; the
    // built-ins' frame, shared by all threads, is only read.
    @exclusivity(unchecked) private var bindings: [String: Value?] = [:]
    @exclusivity(unchecked) private(set) var parent: Frame?

    init(parent: Frame?) { self.parent = parent }

    deinit {
        // Closures capture frames and frames bind closures: such chains grow as long as an
        // evaluation runs, so they are released iteratively (a parent shared with other frames,
        // the usual case, does not die with this one).
        if bindings.values.contains(where: { $0?.holdsObjects == true }) { Teardown.release(&bindings, leaving: [:]) }
        if isKnownUniquelyReferenced(&parent) { Teardown.release(&parent, leaving: nil) }
    }

    func bind(_ name: String, _ value: Value?) {
        bindings.updateValue(value, forKey: name)
    }

    /// Draws a step per frame passed: partial applications chain frames without bound, and a
    /// lookup walks the chain.
    func lookup(_ name: String, _ meter: BudgetMeter) throws(JSONataError) -> Value? {
        var frame: Frame? = self
        var hops = 0
        while let current = frame {
            if let value = current.bindings[name] {
                try meter.charge(hops)
                return value
            }
            frame = current.parent
            hops += 1
        }
        try meter.charge(hops)
        return nil
    }

    /// A frame binding every member of a tuple (`@`, focus, index and ancestor variables).
    static func fromTuple(_ tuple: JObject, parent: Frame) -> Frame {
        let frame = Frame(parent: parent)
        for (name, value) in tuple.fields { frame.bind(name, value) }
        return frame
    }
}
