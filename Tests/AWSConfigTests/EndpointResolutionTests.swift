import Foundation
import Testing
@testable import AWSConfig

@Suite("Endpoint resolution")
struct EndpointResolutionTests {
    let config = """
        [default]
        endpoint_url = http://profile-global:1111
        services = local

        [profile bare]
        region = us-east-1

        [profile ignoring]
        endpoint_url = http://profile-global:1111
        ignore_configured_endpoint_urls = true

        [profile dangling]
        services = nowhere

        [services local]
        sfn =
          endpoint_url = http://services-sfn:8083
        """

    func endpoint(_ variables: [String: String] = [:], config: String? = nil, service: AWSService = .stepFunctions, region: String = "us-east-1", explicit: String? = nil) throws -> Resolved<URL> {
        let environment = fakeEnvironment(variables, files: [configPath: config ?? self.config])
        return try AWSConfigResolver(environment: environment).endpoint(for: service, region: region, explicit: explicit)
    }

    @Test("explicit › AWS_ENDPOINT_URL_SFN › AWS_ENDPOINT_URL › [services] entry › profile endpoint_url › public endpoint")
    func precedence() throws {
        var variables = ["AWS_ENDPOINT_URL_SFN": "http://env-sfn:1", "AWS_ENDPOINT_URL": "http://env-global:2"]
        #expect(try endpoint(variables, explicit: "http://explicit:3") == Resolved(URL(string: "http://explicit:3")!, source: "the endpoint argument"))
        #expect(try endpoint(variables) == Resolved(URL(string: "http://env-sfn:1")!, source: "AWS_ENDPOINT_URL_SFN"))
        variables["AWS_ENDPOINT_URL_SFN"] = nil
        #expect(try endpoint(variables) == Resolved(URL(string: "http://env-global:2")!, source: "AWS_ENDPOINT_URL"))
        #expect(try endpoint() == Resolved(URL(string: "http://services-sfn:8083")!, source: "sfn.endpoint_url in [services local] of \(configPath)"))
        // The services section has no s3 entry, so S3 falls through to the profile's endpoint_url.
        #expect(try endpoint(service: .s3) == Resolved(URL(string: "http://profile-global:1111")!, source: "endpoint_url of profile 'default' in \(configPath)"))
        #expect(try endpoint(["AWS_PROFILE": "bare"]) == Resolved(URL(string: "https://states.us-east-1.amazonaws.com")!, source: "the public endpoint for us-east-1"))
    }

    @Test("AWS_ENDPOINT_URL_S3 applies to S3 only")
    func serviceSpecificVariable() throws {
        let variables = ["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000", "AWS_PROFILE": "bare"]
        #expect(try endpoint(variables, service: .s3).value.absoluteString == "http://127.0.0.1:9000")
        #expect(try endpoint(variables).value.absoluteString == "https://states.us-east-1.amazonaws.com")
    }

    @Test("ignoring configured endpoints keeps only the explicit and the public endpoint")
    func ignoreConfigured() throws {
        let variables = ["AWS_ENDPOINT_URL": "http://env-global:2", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]
        #expect(try endpoint(variables).value.absoluteString == "https://states.us-east-1.amazonaws.com")
        #expect(try endpoint(variables, explicit: "http://explicit:3").value.absoluteString == "http://explicit:3")
        #expect(try endpoint(["AWS_PROFILE": "ignoring"]).value.absoluteString == "https://states.us-east-1.amazonaws.com")
        // The variable, when set, overrides the profile's setting.
        #expect(try endpoint(["AWS_PROFILE": "ignoring", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"]).value.absoluteString == "http://profile-global:1111")
    }

    @Test("a profile naming a missing services section is an error")
    func danglingServices() throws {
        #expect(throws: AWSConfigError.servicesSectionNotFound(name: "nowhere", profile: "dangling", configFile: configPath)) {
            try endpoint(["AWS_PROFILE": "dangling"])
        }
    }

    @Test("an unusable endpoint is an error naming where it came from", arguments: [
        ("localhost:8083", "AWS_ENDPOINT_URL_SFN"),
        ("ftp://host", "AWS_ENDPOINT_URL_SFN"),
        ("http://", "AWS_ENDPOINT_URL_SFN"),
    ])
    func invalidEndpoint(value: String, source: String) throws {
        #expect(throws: AWSConfigError.invalidEndpoint(value: value, source: source)) { try endpoint([source: value]) }
    }

    @Test("public endpoints use the region's partition", arguments: [
        ("us-east-1", "https://states.us-east-1.amazonaws.com", "https://s3.us-east-1.amazonaws.com"),
        ("eu-central-1", "https://states.eu-central-1.amazonaws.com", "https://s3.eu-central-1.amazonaws.com"),
        ("cn-north-1", "https://states.cn-north-1.amazonaws.com.cn", "https://s3.cn-north-1.amazonaws.com.cn"),
        ("us-gov-west-1", "https://states.us-gov-west-1.amazonaws.com", "https://s3.us-gov-west-1.amazonaws.com"),
        ("us-iso-east-1", "https://states.us-iso-east-1.c2s.ic.gov", "https://s3.us-iso-east-1.c2s.ic.gov"),
        ("us-isob-east-1", "https://states.us-isob-east-1.sc2s.sgov.gov", "https://s3.us-isob-east-1.sc2s.sgov.gov"),
        ("us-isof-south-1", "https://states.us-isof-south-1.csp.hci.ic.gov", "https://s3.us-isof-south-1.csp.hci.ic.gov"),
        ("eu-isoe-west-1", "https://states.eu-isoe-west-1.cloud.adc-e.uk", "https://s3.eu-isoe-west-1.cloud.adc-e.uk"),
        ("eusc-de-east-1", "https://states.eusc-de-east-1.amazonaws.eu", "https://s3.eusc-de-east-1.amazonaws.eu"),
    ])
    func partitions(region: String, states: String, s3: String) throws {
        let variables = ["AWS_PROFILE": "bare"]
        #expect(try endpoint(variables, region: region).value.absoluteString == states)
        #expect(try endpoint(variables, service: .s3, region: region).value.absoluteString == s3)
    }

    @Test("service ids name the endpoint variable and the services key")
    func serviceIdentifiers() {
        #expect(AWSService.stepFunctions.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_SFN")
        #expect(AWSService.stepFunctions.configKey == "sfn")
        #expect(AWSService.s3.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_S3")
        let pca = AWSService(serviceId: "ACM PCA", endpointPrefix: "acm-pca", signingName: "acm-pca")
        #expect(pca.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_ACM_PCA")
        #expect(pca.configKey == "acm_pca")
    }

    @Test("configuration(for:) resolves region, credentials and endpoint together")
    func together() throws {
        let environment = fakeEnvironment(
            ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_DEFAULT_REGION": "cn-northwest-1", "AWS_PROFILE": "bare"],
            files: [configPath: config]
        )
        let resolved = try AWSConfigResolver(environment: environment).configuration(for: .stepFunctions)
        #expect(resolved.region.value == "cn-northwest-1")
        #expect(resolved.credentials.accessKeyId == "AKID")
        #expect(resolved.endpoint.value.absoluteString == "https://states.cn-northwest-1.amazonaws.com.cn")
        #expect(try AWSConfigResolver(environment: environment).configuration(for: .s3, region: "us-west-2", endpoint: "http://127.0.0.1:5000").endpoint.value.absoluteString == "http://127.0.0.1:5000")
    }
}
