/// Why configuration could not be resolved. Every message says what to set or fix.
public enum AWSConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No credentials anywhere in the chain.
    case noCredentials(profile: String, credentialsFile: String, configFile: String)
    /// One half of a key pair without the other.
    case partialCredentials(source: String, present: String, missing: String)
    /// The profile gets its credentials in a way this toolkit does not implement.
    case unsupportedCredentialSource(profile: String, setting: String, file: String)
    /// An explicitly selected profile that neither file defines.
    case profileNotFound(profile: String, selectedBy: String, credentialsFile: String, configFile: String)
    case noRegion(profile: String, configFile: String)
    case invalidRegion(value: String, source: String)
    case invalidEndpoint(value: String, source: String)
    /// A profile's `services = NAME` names no `[services NAME]` section.
    case servicesSectionNotFound(name: String, profile: String, configFile: String)
    case malformedFile(path: String, line: Int, message: String)
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .noCredentials(let profile, let credentialsFile, let configFile):
            return "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile "
                + "in ~/.aws/credentials (looked for aws_access_key_id in profile '\(profile)' of \(credentialsFile) and \(configFile))"
        case .partialCredentials(let source, let present, let missing):
            return "incomplete AWS credentials in \(source): \(present) is set but \(missing) is not; set both"
        case .unsupportedCredentialSource(let profile, let setting, let file):
            return "profile '\(profile)' in \(file) gets its credentials through '\(setting)', which is not supported: "
                + "use aws_access_key_id/aws_secret_access_key, or export temporary credentials as AWS_ACCESS_KEY_ID, "
                + "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (for example with `aws configure export-credentials --format env`)"
        case .profileNotFound(let profile, let selectedBy, let credentialsFile, let configFile):
            return "the AWS profile '\(profile)' (selected by \(selectedBy)) does not exist: add [\(profile)] to \(credentialsFile) "
                + "or [profile \(profile)] to \(configFile), or select another profile"
        case .noRegion(let profile, let configFile):
            return "no AWS region configured: set AWS_REGION (or AWS_DEFAULT_REGION), or `region` in profile '\(profile)' of \(configFile)"
        case .invalidRegion(let value, let source):
            return "invalid AWS region '\(value)' from \(source): a region is letters, digits and hyphens, like us-east-1"
        case .invalidEndpoint(let value, let source):
            return "invalid endpoint URL '\(value)' from \(source): expected http:// or https:// followed by a host"
        case .servicesSectionNotFound(let name, let profile, let configFile):
            return "profile '\(profile)' sets services = \(name), but \(configFile) has no [services \(name)] section"
        case .malformedFile(let path, let line, let message):
            return "\(path):\(line): \(message)"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        }
    }
}
