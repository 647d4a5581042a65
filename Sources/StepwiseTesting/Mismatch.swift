import StepwiseJSON

/// An expectation an execution did not meet: where (a JSON pointer into the observation's
/// summary, the object `stepwise run --json` prints — `/status`, `/output/pizza/baked`,
/// `/path`), what was expected and what was there.
public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
    public var pointer: String
    public var expected: String
    public var actual: String

    public init(pointer: String, expected: String, actual: String) {
        self.pointer = pointer
        self.expected = expected
        self.actual = actual
    }

    public var description: String { "\(pointer): expected \(expected), got \(actual)" }

    /// A value as a mismatch shows it: compact JSON, cut short when long.
    static func show(_ value: JSONValue) -> String {
        let text = JSONSerializer.string(value)
        return text.count > 160 ? String(text.prefix(159)) + "…" : text
    }
}

extension Expectations {
    /// Every expectation the observed execution does not meet (none: the case passes).
    public func mismatches(_ observed: Observation) -> [Mismatch] {
        var found: [Mismatch] = []
        if let status, status != observed.status {
            let failure = [observed.error, observed.cause].compactMap { $0 }.joined(separator: ": ")
            found.append(
                Mismatch(
                    pointer: "/status", expected: Mismatch.show(.string(status.rawValue)),
                    actual: Mismatch.show(.string(observed.status.rawValue)) + (failure.isEmpty ? "" : " (\(failure))")))
        }
        if let output {
            Self.compare(output, observed.output, at: "/output", whole: true, into: &found)
        }
        if let outputIncludes {
            Self.compare(.object(outputIncludes), observed.output, at: "/output", whole: false, into: &found)
        }
        for (expected, actual, pointer) in [(error, observed.error, "/error"), (cause, observed.cause, "/cause")] {
            guard let expected else { continue }
            if let actual, expected.matches(actual) { continue }
            found.append(Mismatch(pointer: pointer, expected: expected.description, actual: actual.map { Mismatch.show(.string($0)) } ?? "none"))
        }
        let route = observed.path.isEmpty ? "no state" : observed.path.joined(separator: " → ")
        for state in visited where !observed.path.contains(state) {
            found.append(Mismatch(pointer: "/path", expected: "to enter '\(state)'", actual: "a path without it: \(route)"))
        }
        for state in notVisited {
            guard let index = observed.path.firstIndex(of: state) else { continue }
            found.append(Mismatch(pointer: "/path/\(index)", expected: "never to enter '\(state)'", actual: "it entered: \(route)"))
        }
        return found
    }

    /// Compares member by member, down to the values that differ. `whole` wants exactly the
    /// expected value; otherwise objects need only the members expected (at every depth).
    static func compare(_ expected: JSONValue, _ actual: JSONValue?, at pointer: String, whole: Bool, into found: inout [Mismatch]) {
        guard let actual else {
            found.append(Mismatch(pointer: pointer, expected: Mismatch.show(expected), actual: "nothing"))
            return
        }
        switch (expected, actual) {
        case (.object(let wanted), .object(let got)):
            for (key, value) in wanted {
                compare(value, got[key], at: "\(pointer)/\(jsonPointerEscape(key))", whole: whole, into: &found)
            }
            guard whole else { return }
            for (key, value) in got where wanted[key] == nil {
                found.append(Mismatch(pointer: "\(pointer)/\(jsonPointerEscape(key))", expected: "nothing", actual: Mismatch.show(value)))
            }
        case (.array(let wanted), .array(let got)) where wanted.count == got.count:
            for (index, (value, other)) in zip(wanted, got).enumerated() {
                compare(value, other, at: "\(pointer)/\(index)", whole: whole, into: &found)
            }
        case (.array(let wanted), .array(let got)):
            found.append(
                Mismatch(
                    pointer: pointer, expected: "\(wanted.count) items \(Mismatch.show(expected))", actual: "\(got.count) items \(Mismatch.show(actual))"))
        default:
            if expected != actual { found.append(Mismatch(pointer: pointer, expected: Mismatch.show(expected), actual: Mismatch.show(actual))) }
        }
    }
}
