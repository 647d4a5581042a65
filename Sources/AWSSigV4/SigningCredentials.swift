/// The secret material a request is signed with.
public struct SigningCredentials: Sendable, Hashable {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Present for temporary credentials (STS); sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}
