import AWSConfig
import Foundation
import StepwiseAWS

/// Offloaded payloads in an S3 bucket: `put` writes `<bucket>/<key>` as JSON, `get` reads any
/// `<bucket>/<key>` reference (another bucket too, if the credentials may read it, so payloads
/// offloaded by other workers load). A missing object is `BlobStoreError.notFound`.
public struct S3BlobStore: BlobStore {
    public let client: S3Client
    public let bucket: String

    public init(client: S3Client, bucket: String) {
        self.client = client
        self.bucket = bucket
    }

    /// A store on a bucket reached with configuration resolved like the Step Functions backend's
    /// (`AWS_ENDPOINT_URL_S3` › `AWS_ENDPOINT_URL` › profile; see `Stepwise.Backend.aws`). It
    /// uses the process-wide HTTP client, so there is nothing to shut down.
    public init(
        bucket: String, profile: String? = nil, region: String? = nil, endpoint: String? = nil,
        environment: AWSConfigEnvironment = .process
    ) throws(AWSBackendError) {
        do throws(AWSConfigError) {
            let resolver = try AWSConfigResolver(environment: environment, profile: profile)
            self.init(client: try S3Client(resolver: resolver, region: region, endpoint: endpoint, httpClient: AWSHTTPClients.shared), bucket: bucket)
        } catch {
            throw .configuration(error, service: "S3")
        }
    }

    public func put(_ data: Data, key: String) async throws {
        try await client.putObject(bucket: bucket, key: key, body: data, contentType: "application/json")
    }

    public func get(bucket: String, key: String) async throws -> Data {
        do {
            return try await client.getObject(bucket: bucket, key: key)
        } catch let error as S3Error where error.isNotFound {
            throw BlobStoreError.notFound(bucket: bucket, key: key)
        }
    }
}
