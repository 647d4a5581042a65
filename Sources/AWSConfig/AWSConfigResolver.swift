/// Resolves region, credentials and endpoints the way the AWS CLI and SDKs do, from environment
/// variables and the shared `~/.aws/config` and `~/.aws/credentials` files. Both files are read
/// and parsed once, when the resolver is made.
public struct AWSConfigResolver: Sendable {
    /// The profile in use: the `profile` argument, else `AWS_PROFILE`, else `default`.
    public let profileName: String
    /// What selected the profile; nil when it is the implicit `default`, which may be absent.
    let profileSelectedBy: String?
    let environment: AWSConfigEnvironment
    let credentialsFile: ProfileFile
    let configFile: ProfileFile

    public init(environment: AWSConfigEnvironment = .process, profile: String? = nil) throws(AWSConfigError) {
        self.environment = environment
        if let profile, !profile.isEmpty {
            (profileName, profileSelectedBy) = (profile, "the profile argument")
        } else if let profile = environment.value("AWS_PROFILE") {
            (profileName, profileSelectedBy) = (profile, "AWS_PROFILE")
        } else {
            (profileName, profileSelectedBy) = ("default", nil)
        }
        credentialsFile = try AWSConfigResolver.load(.credentials, pathVariable: "AWS_SHARED_CREDENTIALS_FILE", defaultPath: "~/.aws/credentials", environment: environment)
        configFile = try AWSConfigResolver.load(.config, pathVariable: "AWS_CONFIG_FILE", defaultPath: "~/.aws/config", environment: environment)
    }

    private static func load(_ kind: ProfileFile.Kind, pathVariable: String, defaultPath: String, environment: AWSConfigEnvironment) throws(AWSConfigError) -> ProfileFile {
        let configured = environment.value(pathVariable) ?? defaultPath
        // Without a home directory `~` cannot be found: there is no file to read.
        guard let path = environment.expandingHome(configured) else { return ProfileFile(path: configured) }
        let text: String?
        do {
            text = try environment.readFile(path)
        } catch {
            throw .unreadableFile(path: path, reason: String(describing: error))
        }
        guard let text else { return ProfileFile(path: path) }
        return ProfileFile(try INIFile.parse(text, path: path), kind: kind)
    }

    /// The selected profile's settings in the config file. An explicitly selected profile must
    /// exist in one of the two files; the implicit `default` may be missing.
    func configProfile() throws(AWSConfigError) -> [String: INIFile.Property] {
        try requireSelectedProfile()
        return configFile.profiles[profileName] ?? [:]
    }

    func requireSelectedProfile() throws(AWSConfigError) {
        guard let selectedBy = profileSelectedBy,
              credentialsFile.profiles[profileName] == nil, configFile.profiles[profileName] == nil else { return }
        throw .profileNotFound(profile: profileName, selectedBy: selectedBy, credentialsFile: credentialsFile.path, configFile: configFile.path)
    }

    func describe(_ file: ProfileFile) -> String { "profile '\(profileName)' in \(file.path)" }
}
