import Testing
@testable import AWSConfig

@Suite("Region resolution")
struct RegionResolutionTests {
    let files = [
        configPath: "[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-south-1\n",
        credentialsPath: "[nokeys]\nregion = us-west-2\n",
    ]

    func region(_ variables: [String: String] = [:], files: [String: String]? = nil, profile: String? = nil, explicit: String? = nil) throws -> Resolved<String> {
        try AWSConfigResolver(environment: fakeEnvironment(variables, files: files ?? self.files), profile: profile).region(explicit: explicit)
    }

    @Test("explicit › AWS_REGION › AWS_DEFAULT_REGION › profile region")
    func precedence() throws {
        let both = ["AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-1"]
        #expect(try region(both, explicit: "ca-central-1") == Resolved("ca-central-1", source: "the region argument"))
        #expect(try region(both) == Resolved("us-east-2", source: "AWS_REGION"))
        #expect(try region(["AWS_DEFAULT_REGION": "us-west-1"]) == Resolved("us-west-1", source: "AWS_DEFAULT_REGION"))
        #expect(try region() == Resolved("eu-west-1", source: "profile 'default' in \(configPath)"))
    }

    @Test("the profile comes from the argument, then AWS_PROFILE")
    func profileSelection() throws {
        #expect(try region(["AWS_PROFILE": "dev"]).value == "ap-south-1")
        #expect(try region(["AWS_PROFILE": "missing"], profile: "dev").value == "ap-south-1")
    }

    @Test("empty variables count as unset")
    func emptyVariables() throws {
        #expect(try region(["AWS_REGION": "", "AWS_DEFAULT_REGION": "  "]).value == "eu-west-1")
    }

    @Test("region is read from the config file only, not the credentials file")
    func notFromCredentialsFile() throws {
        #expect(throws: AWSConfigError.noRegion(profile: "nokeys", configFile: configPath)) { try region(["AWS_PROFILE": "nokeys"]) }
    }

    @Test("no region anywhere names what to set")
    func noRegion() throws {
        let error = AWSConfigError.noRegion(profile: "default", configFile: configPath)
        #expect(throws: error) { try region(files: [:]) }
        #expect(error.description == "no AWS region configured: set AWS_REGION (or AWS_DEFAULT_REGION), or `region` in profile 'default' of \(configPath)")
    }

    @Test("a region that cannot be part of a host name is rejected with its source")
    func invalidRegion() throws {
        #expect(throws: AWSConfigError.invalidRegion(value: "us east/1", source: "AWS_REGION")) { try region(["AWS_REGION": "us east/1"]) }
    }

    @Test("an explicitly selected profile that does not exist is an error naming how it was selected")
    func missingProfile() throws {
        let error = AWSConfigError.profileNotFound(profile: "prod", selectedBy: "AWS_PROFILE", credentialsFile: credentialsPath, configFile: configPath)
        #expect(throws: error) { try region(["AWS_PROFILE": "prod"]) }
        #expect(error.description.contains("add [prod] to \(credentialsPath) or [profile prod] to \(configPath)"))
        // Not consulted when the environment already answers.
        #expect(try region(["AWS_PROFILE": "prod", "AWS_REGION": "us-east-1"]).value == "us-east-1")
    }
}
