import AWSConfig
import AWSSigV4
import Foundation
import Stepwise
import StepwiseAWS

/// Clients pointed at a running peer, configured the way a user would: through
/// `Stepwise.Backend.aws(…)` with credentials in the environment.
extension PeerProcess {
    static let region = "us-east-1"
    static let credentials = SigningCredentials(accessKeyId: "testing", secretAccessKey: "testing")

    /// Only test credentials: the real environment and `~/.aws` stay out of the tests.
    static let environment = AWSConfigEnvironment(
        variables: ["AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey],
        homeDirectory: nil, readFile: { _ in nil })

    func backend() throws -> Stepwise.Backend {
        try Stepwise.Backend.aws(region: Self.region, endpoint: endpoint.absoluteString, environment: Self.environment)
    }

    func stepwise(blobStore: (any BlobStore)? = nil) throws -> Stepwise {
        Stepwise(backend: try backend(), blobStore: blobStore)
    }

    /// The backend's client, for calls `Stepwise` does not wrap.
    func api() throws -> AWSStepFunctionsClient {
        guard let client = try backend().api as? AWSStepFunctionsClient else { throw PeerError("the AWS backend has no AWS client") }
        return client
    }

    /// A store on a new bucket of the peer's S3.
    func blobStore() async throws -> S3BlobStore {
        let store = try S3BlobStore(bucket: uniqueName("payloads"), region: Self.region, endpoint: endpoint.absoluteString, environment: Self.environment)
        try await store.client.createBucket(store.bucket)
        return store
    }
}

/// Names that do not collide between tests running in parallel on one peer.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}
