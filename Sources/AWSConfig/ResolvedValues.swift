import Foundation

/// Credentials and where they were found.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// `environment variables`, or `profile 'dev' in /home/me/.aws/credentials`.
    public var source: String

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, source: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    /// Never prints the secret or the token.
    public var description: String {
        "AWSCredentials(\(accessKeyId), secret redacted\(sessionToken == nil ? "" : ", with session token"), from \(source))"
    }
}

/// A value together with the setting it came from, for messages like "using endpoint X (from
/// AWS_ENDPOINT_URL_SFN)".
public struct Resolved<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var source: String

    public init(_ value: Value, source: String) {
        self.value = value
        self.source = source
    }
}
