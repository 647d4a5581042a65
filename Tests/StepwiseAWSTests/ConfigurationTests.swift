import AWSConfig
import AWSSigV4
import Foundation
import Testing

@testable import Stepwise
@testable import StepwiseAWS

/// `Stepwise.Backend.aws(…)` and the clients' construction from configuration.
@Suite("AWS backend configuration")
struct ConfigurationTests {
    /// An environment with exactly these variables and no `~/.aws` files.
    static func environment(_ variables: [String: String], files: [String: String] = [:]) -> AWSConfigEnvironment {
        AWSConfigEnvironment(variables: variables, homeDirectory: "/home/test") { files[$0] }
    }

    static let keys = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret"]

    static func client(_ backend: Stepwise.Backend) throws -> AWSStepFunctionsClient {
        try #require(backend.api as? AWSStepFunctionsClient)
    }

    @Test("With nothing configured the error says to set a region")
    func nothingConfigured() {
        #expect {
            _ = try Stepwise.Backend.aws(environment: Self.environment([:]))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("Step Functions") && text.contains("AWS_REGION")
        }
    }

    @Test("A region without credentials says where credentials were looked for")
    func noCredentials() {
        #expect {
            _ = try Stepwise.Backend.aws(region: "eu-west-1", environment: Self.environment([:]))
        } throws: { error in
            String(describing: error).contains("AWS_ACCESS_KEY_ID")
        }
    }

    @Test("A profile that does not exist is named in the error")
    func missingProfile() {
        #expect {
            _ = try Stepwise.Backend.aws(profile: "nope", region: "eu-west-1", environment: Self.environment(Self.keys))
        } throws: { error in
            String(describing: error).contains("'nope'")
        }
    }

    @Test("AWS's own endpoint needs a role for new state machines")
    func awsNeedsARole() throws {
        #expect {
            _ = try Stepwise.Backend.aws(region: "eu-west-1", environment: Self.environment(Self.keys))
        } throws: { error in
            guard case AWSBackendError.noRoleArn(let endpoint) = error else { return false }
            return endpoint == "https://states.eu-west-1.amazonaws.com" && String(describing: error).contains("STEPWISE_ROLE_ARN")
        }
        let role = "arn:aws:iam::111122223333:role/sfn"
        let explicit = try Stepwise.Backend.aws(region: "eu-west-1", roleArn: role, environment: Self.environment(Self.keys))
        #expect(explicit.roleArn == role)
        let fromEnvironment = try Stepwise.Backend.aws(
            region: "eu-west-1", environment: Self.environment(Self.keys.merging(["STEPWISE_ROLE_ARN": role]) { $1 }))
        #expect(fromEnvironment.roleArn == role)
    }

    @Test("Region, credentials and endpoint come from the environment; emulators get a placeholder role")
    func resolvedFromEnvironment() throws {
        let variables = Self.keys.merging(["AWS_DEFAULT_REGION": "ap-southeast-2", "AWS_ENDPOINT_URL_SFN": "http://127.0.0.1:4566"]) { $1 }
        let backend = try Stepwise.Backend.aws(environment: Self.environment(variables))
        let client = try Self.client(backend)
        #expect(client.region == "ap-southeast-2")
        #expect(client.endpoint.absoluteString == "http://127.0.0.1:4566")
        #expect(backend.roleArn == AWSBackendDefaults.emulatorRole)
        #expect(backend.endWaiting == nil && backend.taskHandlers == nil)
    }

    @Test("Explicit arguments win over the environment, and a profile supplies what is missing")
    func explicitAndProfile() throws {
        let files = [
            "/home/test/.aws/credentials": "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = devsecret\n",
            "/home/test/.aws/config": "[profile dev]\nregion = eu-central-1\nendpoint_url = http://localhost:9999\n",
        ]
        let fromProfile = try Self.client(Stepwise.Backend.aws(profile: "dev", environment: Self.environment([:], files: files)))
        #expect(fromProfile.region == "eu-central-1")
        #expect(fromProfile.endpoint.absoluteString == "http://localhost:9999")
        #expect(fromProfile.transport.signer.credentials.accessKeyId == "DEVKEY")

        let explicit = try Self.client(Stepwise.Backend.aws(
            profile: "dev", region: "us-west-2", endpoint: "http://127.0.0.1:1234", environment: Self.environment([:], files: files)))
        #expect(explicit.region == "us-west-2")
        #expect(explicit.endpoint.absoluteString == "http://127.0.0.1:1234")
    }

    @Test("S3 blob stores resolve AWS_ENDPOINT_URL_S3 separately from Step Functions")
    func s3Configuration() throws {
        let variables = Self.keys.merging([
            "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
        ]) { $1 }
        let store = try S3BlobStore(bucket: "payloads", environment: Self.environment(variables))
        #expect(store.client.endpoint.absoluteString == "http://127.0.0.1:9000")
        #expect(store.bucket == "payloads")
        #expect(throws: AWSBackendError.self) { _ = try S3BlobStore(bucket: "payloads", environment: Self.environment([:])) }
    }

    @Test("Default endpoints follow the region's partition; StartSyncExecution goes to sync-states on AWS only")
    func defaultEndpoints() async throws {
        let credentials = SigningCredentials(accessKeyId: "AKID", secretAccessKey: "secret")
        let china = AWSStepFunctionsClient(region: "cn-north-1", credentials: credentials, httpClient: AWSHTTPClients.shared)
        #expect(china.endpoint.absoluteString == "https://states.cn-north-1.amazonaws.com.cn")
        #expect(china.syncEndpoint.absoluteString == "https://sync-states.cn-north-1.amazonaws.com.cn")
        let local = AWSStepFunctionsClient(
            region: "us-east-1", credentials: credentials, endpoint: URL(string: "http://127.0.0.1:8083")!, httpClient: AWSHTTPClients.shared)
        #expect(local.syncEndpoint == local.endpoint)
        let s3 = S3Client(region: "eu-west-1", credentials: credentials, httpClient: AWSHTTPClients.shared)
        #expect(s3.endpoint.absoluteString == "https://s3.eu-west-1.amazonaws.com")
    }
}
