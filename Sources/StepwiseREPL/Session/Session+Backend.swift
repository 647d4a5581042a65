import Stepwise

extension Session {
    /// `:backend [NAME]`.
    func switchBackend(_ name: String?) -> CommandResult {
        guard let name else {
            for option in options.backends {
                let mark = option.name == backendName ? "▶" : " "
                console.print("\(mark) \(option.name.padded(to: 6)) \(option.summary)")
            }
            return .succeeded
        }
        guard let option = options.backends.first(where: { $0.name == name }) else {
            return fail("unknown backend \(name); choose one of \(options.backends.map(\.name).joined(separator: ", "))")
        }
        if let reason = option.unavailableReason {
            return fail("the \(name) backend is not available: \(reason). Still on \(backendName).")
        }
        if let made = madeBackends[name] {
            stepwise = made
        } else {
            do {
                guard let make = option.make else { return fail("the \(name) backend cannot be made") }
                stepwise = Self.makeStepwise(try make(), console: console)
            } catch {
                return fail("the \(name) backend is not configured: \(error). Still on \(backendName).")
            }
            madeBackends[name] = stepwise
        }
        backendName = name
        setPrompt()
        console.print("now running on \(name): \(option.summary)")
        return .succeeded
    }
}
