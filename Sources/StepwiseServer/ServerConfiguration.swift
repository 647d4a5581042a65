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

    public init(host: String = "127.0.0.1", port: Int = 8083, maximumBodyBytes: Int = 1 << 20, credentials: CredentialPolicy = .acceptAny) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.credentials = credentials
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
