import Foundation

/// The `Host` headers the server answers, against DNS rebinding: a web page on a name the
/// attacker then points at 127.0.0.1 can drive a loopback server through the visitor's browser,
/// but the browser still sends the attacker's name as `Host`. Refusing names the server was not
/// given stops that, whatever the credential policy.
///
/// Allowed: `localhost`, `127.0.0.1` and `[::1]`; the address the server binds, unless it is a
/// wildcard (`0.0.0.0`, `::`), which has no name clients would send; and the extra names given
/// (`*` allows any). Ports are ignored, so a proxy or a port mapping in front changes nothing.
public struct HostAllowList: Sendable {
    /// Normalized names (`normalized(_:)`).
    let names: Set<String>
    let allowsAny: Bool

    public init(boundTo host: String, extra: [String] = []) {
        allowsAny = extra.contains("*")
        var names = Set((["localhost", "127.0.0.1", "[::1]"] + extra).compactMap(Self.normalized))
        if let bound = Self.normalized(host), bound != "0.0.0.0", bound != "[::]" { names.insert(bound) }
        self.names = names
    }

    /// Whether a request with this `Host` header (nil: none) may be answered.
    public func allows(_ hostHeader: String?) -> Bool {
        if allowsAny { return true }
        guard let hostHeader, let name = Self.name(inHostHeader: hostHeader) else { return false }
        return names.contains(name)
    }

    /// The name part of a `Host` header (`name[:port]`, `[v6][:port]`), lowercased; nil when
    /// it is malformed.
    static func name(inHostHeader header: String) -> String? {
        let text = header.trimmingCharacters(in: .whitespaces).lowercased()
        let name: Substring, rest: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            name = text[...close]
            rest = text[text.index(after: close)...]
        } else {
            let colon = text.firstIndex(of: ":") ?? text.endIndex
            name = text[..<colon]
            rest = text[colon...]
        }
        guard rest.isEmpty || (rest.count > 1 && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else { return nil }
        return isValidName(name) ? String(name) : nil
    }

    /// A name as `--host` or `--allow-host` gives it, in the form a `Host` header carries it:
    /// lowercased, IPv6 addresses in brackets. Nil when it cannot be a host name or address.
    public static func normalized(_ name: String) -> String? {
        let lowered = name.trimmingCharacters(in: .whitespaces).lowercased()
        // A bare IPv6 address has several colons; a Host header brackets it.
        let bracketed = !lowered.hasPrefix("[") && lowered.filter({ $0 == ":" }).count > 1 ? "[\(lowered)]" : lowered
        return isValidName(Substring(bracketed)) ? bracketed : nil
    }

    /// Letters, digits, `-`, `.`, `_`, or an IPv6 address in brackets: anything else in a
    /// `Host` header is not a name a client resolved.
    static func isValidName(_ name: Substring) -> Bool {
        if name.hasPrefix("[") {
            return name.count > 2 && name.hasSuffix("]")
                && name.dropFirst().dropLast().allSatisfy { ($0.isASCII && $0.isHexDigit) || $0 == ":" || $0 == "." }
        }
        return !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }
    }

    /// Says why a request was refused and how to accept its name.
    func refusal(of hostHeader: String?) -> String {
        guard let hostHeader else {
            return "The request has no Host header; this server answers only requests that name it (see stepwise serve --help, --allow-host)"
        }
        let widen = Self.name(inHostHeader: hostHeader).map { "restart stepwise serve with --allow-host \($0)" } ?? "send a Host header of the form name[:port]"
        return "The Host header '\(hostHeader)' is not a name this server answers to (it accepts \(names.sorted().joined(separator: ", "))). "
            + "This check stops web pages from reaching a local server through DNS rebinding; to accept this name, \(widen)."
    }
}
