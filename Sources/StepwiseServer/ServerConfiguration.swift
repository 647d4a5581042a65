import AWSSigV4

/// How `stepwise serve` listens and whom it answers.
public struct ServerConfiguration: Sendable {
    /// Loopback unless told otherwise: a local engine has no business on the network.
    public var host: String
    /// 8083 like Step Functions Local; 0 picks a free port (see `ListeningAddress`).
    public var port: Int
    /// Larger request bodies are refused with HTTP 413. AWS caps payloads at 256 KiB, so 1 MiB
    /// leaves room for the JSON around them.
    public var maximumBodyBytes: Int
    public var credentials: CredentialPolicy
    /// `Host` names accepted besides loopback's and `host`'s (`HostAllowList`; `*`: any).
    public var allowedHosts: [String]

    public init(
        host: String = "127.0.0.1", port: Int = 8083, maximumBodyBytes: Int = 1 << 20, credentials: CredentialPolicy = .acceptAny,
        allowedHosts: [String] = []
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.credentials = credentials
        self.allowedHosts = allowedHosts
    }
}

/// Whether requests must carry a valid SigV4 signature.
public enum CredentialPolicy: Sendable {
    /// Any credentials, signed or not, as local emulators do.
    case acceptAny
    /// Only requests signed (for service `states`, any region) with one of these key pairs.
    case require([SigningCredentials])
}

/// Where the server ended up listening (the real port when 0 was asked for).
public struct ListeningAddress: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var description: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}

extension CredentialPolicy {
    /// The `KEY:SECRET` pairs in `text`, separated by whitespace or newlines; lines starting
    /// with `#` are comments. The format of `--require-credentials-file` and
    /// `STEPWISE_REQUIRE_CREDENTIALS`. Errors name `source` and the line, never the secret.
    public static func keyPairs(in text: String, source: String) throws(CredentialFormatError) -> [SigningCredentials] {
        var pairs: [SigningCredentials] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop(while: \.isWhitespace)
            guard !trimmed.hasPrefix("#") else { continue }
            for word in trimmed.split(whereSeparator: \.isWhitespace) {
                guard let pair = keyPair(word) else {
                    throw CredentialFormatError(description: "\(source), line \(number + 1): expected KEY:SECRET (the secret is not shown)")
                }
                pairs.append(pair)
            }
        }
        return pairs
    }

    /// `KEY:SECRET`, both parts non-empty; the secret may contain further colons.
    public static func keyPair(_ text: Substring) -> SigningCredentials? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else { return nil }
        return SigningCredentials(accessKeyId: String(text[..<colon]), secretAccessKey: String(text[text.index(after: colon)...]))
    }

    /// `.require` with these pairs (`.acceptAny` when there are none). An access key given twice
    /// with different secrets is refused rather than one of them silently ignored.
    public static func requiring(_ pairs: [SigningCredentials]) throws(CredentialFormatError) -> CredentialPolicy {
        guard !pairs.isEmpty else { return .acceptAny }
        var secrets: [String: String] = [:]
        for pair in pairs {
            if let known = secrets.updateValue(pair.secretAccessKey, forKey: pair.accessKeyId), known != pair.secretAccessKey {
                throw CredentialFormatError(description: "the access key \(pair.accessKeyId) is given twice, with different secrets")
            }
        }
        return .require(pairs)
    }
}

/// Credentials given in a form the server cannot read.
public struct CredentialFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
