import Stepwise

extension Session {
    /// `:backend [NAME]` — `local`, `aws`, or `endpoint=URL` (a `stepwise serve` or another
    /// Step Functions endpoint). Each backend is made once and kept.
    func switchBackend(_ name: String?) -> CommandResult {
        guard let name else {
            for option in options.backends {
                let mark = option.name == backendName || backendName.hasPrefix(option.name + "=") ? "▶" : " "
                console.print("\(mark) \(option.usage.padded(to: 12)) \(option.summary)")
            }
            return .succeeded
        }
        let parts = name.split(separator: "=", maxSplits: 1).map(String.init)
        let argument = parts.count == 2 ? parts[1] : nil
        guard let option = options.backends.first(where: { $0.name == parts[0] }), option.takesArgument == (argument != nil) else {
            return fail("unknown backend \(name); choose one of \(options.backends.map(\.usage).joined(separator: ", "))")
        }
        if name == "local" {
            stepwise = localEngines[timeMode] ?? localEngines.real
        } else if let made = madeBackends[name] {
            stepwise = made
        } else {
            do {
                stepwise = Self.makeStepwise(try option.make(argument), console: console)
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
