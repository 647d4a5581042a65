import Testing
@testable import AWSConfig

@Suite("Credential resolution")
struct CredentialResolutionTests {
    let files = [
        credentialsPath: """
            [default]
            aws_access_key_id = AKID_CREDS_DEFAULT
            aws_secret_access_key = secret-creds-default

            [dev]
            aws_access_key_id = AKID_CREDS_DEV
            aws_secret_access_key = secret-creds-dev
            aws_session_token = token-dev
            """,
        configPath: """
            [default]
            aws_access_key_id = AKID_CONFIG_DEFAULT
            aws_secret_access_key = secret-config-default

            [profile configonly]
            aws_access_key_id = AKID_CONFIG_ONLY
            aws_secret_access_key = secret-config-only
            """,
    ]

    func credentials(_ variables: [String: String] = [:], files: [String: String]? = nil, profile: String? = nil) throws -> AWSCredentials {
        try AWSConfigResolver(environment: fakeEnvironment(variables, files: files ?? self.files), profile: profile).credentials()
    }

    @Test("environment variables come first, with the optional session token")
    func environmentFirst() throws {
        let found = try credentials(["AWS_ACCESS_KEY_ID": "AKID_ENV", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SESSION_TOKEN": "token-env", "AWS_PROFILE": "dev"])
        #expect(found == AWSCredentials(accessKeyId: "AKID_ENV", secretAccessKey: "secret-env", sessionToken: "token-env", source: "environment variables"))
    }

    @Test("half a key pair in the environment is an error naming the missing variable")
    func partialEnvironment() throws {
        #expect(throws: AWSConfigError.partialCredentials(source: "the environment", present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY")) {
            try credentials(["AWS_ACCESS_KEY_ID": "AKID_ENV"])
        }
        #expect(throws: AWSConfigError.partialCredentials(source: "the environment", present: "AWS_SECRET_ACCESS_KEY", missing: "AWS_ACCESS_KEY_ID")) {
            try credentials(["AWS_SECRET_ACCESS_KEY": "secret-env"])
        }
    }

    @Test("the credentials file comes before the config file")
    func credentialsFileFirst() throws {
        let found = try credentials()
        #expect(found.accessKeyId == "AKID_CREDS_DEFAULT")
        #expect(found.source == "profile 'default' in \(credentialsPath)")
    }

    @Test("the config file is used when the credentials file has no keys for the profile")
    func configFileFallback() throws {
        let found = try credentials(["AWS_PROFILE": "configonly"])
        #expect(found == AWSCredentials(accessKeyId: "AKID_CONFIG_ONLY", secretAccessKey: "secret-config-only", source: "profile 'configonly' in \(configPath)"))
        let withoutCredentialsFile = try credentials(files: [configPath: files[configPath, default: ""]])
        #expect(withoutCredentialsFile.accessKeyId == "AKID_CONFIG_DEFAULT")
    }

    @Test("the profile argument beats AWS_PROFILE, which beats default")
    func profileSelection() throws {
        #expect(try credentials(["AWS_PROFILE": "dev"]).accessKeyId == "AKID_CREDS_DEV")
        #expect(try credentials(["AWS_PROFILE": "dev"]).sessionToken == "token-dev")
        #expect(try credentials(["AWS_PROFILE": "dev"], profile: "configonly").accessKeyId == "AKID_CONFIG_ONLY")
    }

    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files; ~ is the home directory")
    func fileOverrides() throws {
        let files = [
            "/etc/aws/creds": "[default]\naws_access_key_id = AKID_MOVED\naws_secret_access_key = s",
            "/home/me/alt/config": "[profile x]\naws_access_key_id = AKID_ALT_CONFIG\naws_secret_access_key = s",
        ]
        #expect(try credentials(["AWS_SHARED_CREDENTIALS_FILE": "/etc/aws/creds"], files: files).accessKeyId == "AKID_MOVED")
        #expect(try credentials(["AWS_CONFIG_FILE": "~/alt/config", "AWS_PROFILE": "x"], files: files).source == "profile 'x' in /home/me/alt/config")
    }

    @Test("without a home directory only explicitly placed files are read")
    func noHome() throws {
        let environment = fakeEnvironment(["AWS_CONFIG_FILE": "/etc/aws/config"], files: ["/etc/aws/config": "[default]\naws_access_key_id = A\naws_secret_access_key = s"], home: nil)
        #expect(try AWSConfigResolver(environment: environment).credentials().source == "profile 'default' in /etc/aws/config")
        let bare = fakeEnvironment([:], files: files, home: nil)
        #expect(throws: AWSConfigError.noCredentials(profile: "default", credentialsFile: "~/.aws/credentials", configFile: "~/.aws/config")) {
            try AWSConfigResolver(environment: bare).credentials()
        }
    }

    @Test("nothing configured: the error says what to set")
    func noCredentials() throws {
        let error = AWSConfigError.noCredentials(profile: "default", credentialsFile: credentialsPath, configFile: configPath)
        #expect(throws: error) { try credentials(files: [:]) }
        #expect(error.description.hasPrefix("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in ~/.aws/credentials"))
    }

    @Test("a selected profile that exists in neither file is reported as such")
    func missingProfile() throws {
        #expect(throws: AWSConfigError.profileNotFound(profile: "prod", selectedBy: "AWS_PROFILE", credentialsFile: credentialsPath, configFile: configPath)) {
            try credentials(["AWS_PROFILE": "prod"])
        }
        #expect(throws: AWSConfigError.profileNotFound(profile: "prod", selectedBy: "the profile argument", credentialsFile: credentialsPath, configFile: configPath)) {
            try credentials(profile: "prod")
        }
    }

    @Test("half a key pair in a profile is an error naming the file")
    func partialProfile() throws {
        let files = [credentialsPath: "[default]\naws_access_key_id = AKID"]
        #expect(throws: AWSConfigError.partialCredentials(source: "profile 'default' in \(credentialsPath)", present: "aws_access_key_id", missing: "aws_secret_access_key")) {
            try credentials(files: files)
        }
    }

    @Test("role, SSO and credential-process profiles are rejected where the SDK chain would use them")
    func unsupportedSources() throws {
        let role = [configPath: "[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default", credentialsPath: "[r]\naws_access_key_id = A\naws_secret_access_key = s"]
        #expect(throws: AWSConfigError.unsupportedCredentialSource(profile: "r", setting: "role_arn", file: configPath)) {
            try credentials(["AWS_PROFILE": "r"], files: role)
        }
        let sso = [configPath: "[default]\nsso_session = corp"]
        #expect(throws: AWSConfigError.unsupportedCredentialSource(profile: "default", setting: "sso_session", file: configPath)) {
            try credentials(files: sso)
        }
        // A credential process comes after the credentials file but before the config file's keys.
        let process = [
            configPath: "[default]\ncredential_process = /bin/creds\naws_access_key_id = AKID_CONFIG\naws_secret_access_key = s",
            credentialsPath: "[default]\naws_access_key_id = AKID_CREDS\naws_secret_access_key = s",
        ]
        #expect(try credentials(files: process).accessKeyId == "AKID_CREDS")
        #expect(throws: AWSConfigError.unsupportedCredentialSource(profile: "default", setting: "credential_process", file: configPath)) {
            try credentials(files: [configPath: process[configPath, default: ""]])
        }
    }

    @Test("the description never shows the secret or the token")
    func redacted() throws {
        let found = try credentials(["AWS_PROFILE": "dev"])
        #expect(!found.description.contains("secret-creds-dev"))
        #expect(!found.description.contains("token-dev"))
        #expect(found.description.contains("AKID_CREDS_DEV"))
    }

    @Test("unreadable and malformed files are errors naming the file")
    func badFiles() throws {
        let unreadable = AWSConfigEnvironment(variables: [:], homeDirectory: "/home/me") { path in
            if path == configPath { throw UnreadableFile() }
            return nil
        }
        #expect(throws: AWSConfigError.unreadableFile(path: configPath, reason: "permission denied")) { try AWSConfigResolver(environment: unreadable) }
        #expect(throws: AWSConfigError.malformedFile(path: credentialsPath, line: 2, message: "section header must end with ']'")) {
            try credentials(files: [credentialsPath: "# creds\n[default"])
        }
    }
}
