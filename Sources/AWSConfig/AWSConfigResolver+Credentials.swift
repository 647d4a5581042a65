extension AWSConfigResolver {
    /// Settings that make the SDKs fetch credentials in ways this toolkit does not implement.
    /// Role and SSO settings take precedence over static keys in the SDK chain; a credential
    /// process comes after the credentials file but before the config file's keys.
    private static let rolesAndSSO = ["role_arn", "web_identity_token_file", "sso_session", "sso_start_url"]
    private static let credentialProcess = ["credential_process"]

    /// Environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), then the
    /// profile in the credentials file, then the profile in the config file.
    public func credentials() throws(AWSConfigError) -> AWSCredentials {
        if let fromEnvironment = try environmentCredentials() { return fromEnvironment }
        try requireSelectedProfile()
        try rejectUnsupported(AWSConfigResolver.rolesAndSSO)
        if let fromFile = try profileCredentials(in: credentialsFile) { return fromFile }
        try rejectUnsupported(AWSConfigResolver.credentialProcess)
        if let fromFile = try profileCredentials(in: configFile) { return fromFile }
        throw .noCredentials(profile: profileName, credentialsFile: credentialsFile.path, configFile: configFile.path)
    }

    private func environmentCredentials() throws(AWSConfigError) -> AWSCredentials? {
        let keyId = environment.value("AWS_ACCESS_KEY_ID"), secret = environment.value("AWS_SECRET_ACCESS_KEY")
        switch (keyId, secret) {
        case (let keyId?, let secret?):
            return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: environment.value("AWS_SESSION_TOKEN"), source: "environment variables")
        case (.some, nil):
            throw .partialCredentials(source: "the environment", present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY")
        case (nil, .some):
            throw .partialCredentials(source: "the environment", present: "AWS_SECRET_ACCESS_KEY", missing: "AWS_ACCESS_KEY_ID")
        case (nil, nil):
            return nil
        }
    }

    private func profileCredentials(in file: ProfileFile) throws(AWSConfigError) -> AWSCredentials? {
        let keyId = file.value("aws_access_key_id", profile: profileName)
        let secret = file.value("aws_secret_access_key", profile: profileName)
        switch (keyId, secret) {
        case (let keyId?, let secret?):
            return AWSCredentials(
                accessKeyId: keyId, secretAccessKey: secret,
                sessionToken: file.value("aws_session_token", profile: profileName), source: describe(file)
            )
        case (.some, nil):
            throw .partialCredentials(source: describe(file), present: "aws_access_key_id", missing: "aws_secret_access_key")
        case (nil, .some):
            throw .partialCredentials(source: describe(file), present: "aws_secret_access_key", missing: "aws_access_key_id")
        case (nil, nil):
            return nil
        }
    }

    private func rejectUnsupported(_ settings: [String]) throws(AWSConfigError) {
        for file in [credentialsFile, configFile] {
            if let setting = settings.first(where: { file.value($0, profile: profileName) != nil }) {
                throw .unsupportedCredentialSource(profile: profileName, setting: setting, file: file.path)
            }
        }
    }
}
