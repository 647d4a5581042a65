import AWSConfig
import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

/// What `headObject` tells about an object.
public struct S3ObjectMetadata: Sendable, Hashable {
    public var contentLength: Int?
    public var contentType: String?
    public var eTag: String?
}

/// A small S3 client: enough for payload offload (put, get and head an object, create a bucket).
/// Path-style addressing (`<endpoint>/<bucket>/<key>`), which every endpoint accepts, custom
/// ones (LocalStack, moto, MinIO) included. Requests are SigV4-signed for service `s3` with the
/// body's hash in `x-amz-content-sha256`; 5xx answers, throttling and connection failures are
/// retried. Errors are `S3Error` (service) or `AWSTransportError` (network).
public final class S3Client: Sendable {
    public let region: String
    public let endpoint: URL
    let transport: SignedHTTPTransport
    let requestTimeout: Duration
    private let httpClient: HTTPClientHandle

    /// - Parameters:
    ///   - endpoint: nil for the region's public endpoint (`https://s3.<region>.amazonaws.com`).
    ///   - maxObjectBytes: larger objects are refused by `getObject` instead of being buffered.
    ///   - httpClient: a client to share (not shut down by `shutdown()`); nil to own a new one.
    public init(
        region: String, credentials: SigningCredentials, endpoint: URL? = nil, retry: RetryPolicy = .standard,
        requestTimeout: Duration = .seconds(120), maxObjectBytes: Int = 512 << 20, httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "stepwise.aws.s3")
    ) {
        let endpoint = endpoint ?? URL(string: "https://s3.\(region).\(AWSPartition.forRegion(region).dnsSuffix)")!
        self.region = region
        self.endpoint = endpoint
        self.requestTimeout = requestTimeout
        self.httpClient = HTTPClientHandle(sharing: httpClient)
        self.transport = SignedHTTPTransport(
            httpClient: self.httpClient.client, endpoint: endpoint,
            signer: SigV4Signer(credentials: credentials, region: region, service: AWSService.s3.signingName, options: .s3),
            retry: retry, maxResponseBytes: maxObjectBytes, logger: logger
        )
    }

    /// A client for resolved configuration (see `AWSConfigResolver.configuration(for:)`).
    public convenience init(configuration: ServiceConfiguration, httpClient: HTTPClient? = nil, logger: Logger = Logger(label: "stepwise.aws.s3")) {
        self.init(
            region: configuration.region.value, credentials: SigningCredentials(configuration.credentials),
            endpoint: configuration.endpoint.value, httpClient: httpClient, logger: logger)
    }

    /// Region, credentials and endpoint (`AWS_ENDPOINT_URL_S3`, …) from `resolver`, the explicit
    /// values winning.
    public convenience init(
        resolver: AWSConfigResolver, region: String? = nil, endpoint: String? = nil, httpClient: HTTPClient? = nil,
        logger: Logger = Logger(label: "stepwise.aws.s3")
    ) throws(AWSConfigError) {
        self.init(configuration: try resolver.configuration(for: .s3, region: region, endpoint: endpoint), httpClient: httpClient, logger: logger)
    }

    /// Closes the client's own connections (a shared `httpClient` passed in is left alone).
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    /// Stores `body` at `bucket/key`, replacing any object there; returns the ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, body: Data, contentType: String? = nil) async throws -> String? {
        var headers: [HTTPHeader] = []
        if let contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        let response = try await send(.PUT, bucket: bucket, key: key, headers: headers, body: body)
        return response.headers.first(name: "etag")
    }

    /// The object's bytes.
    public func getObject(bucket: String, key: String) async throws -> Data {
        try await send(.GET, bucket: bucket, key: key).body
    }

    /// The object's size, type and ETag, without its body.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectMetadata {
        let headers = try await send(.HEAD, bucket: bucket, key: key).headers
        return S3ObjectMetadata(
            contentLength: headers.first(name: "content-length").flatMap { Int($0) },
            contentType: headers.first(name: "content-type"),
            eTag: headers.first(name: "etag")
        )
    }

    /// Creates `bucket` in the client's region; a bucket this account already owns is fine.
    public func createBucket(_ bucket: String) async throws {
        // us-east-1 is the default location and must not be named; elsewhere it must be.
        let body = region == "us-east-1" ? Data() : Data(
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>".utf8)
        do {
            try await send(.PUT, bucket: bucket, key: nil, body: body)
        } catch let error as S3Error where error.code == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    /// One request on a bucket or object; a non-2xx answer is thrown as `S3Error`. `query` is
    /// already percent-encoded.
    @discardableResult
    func send(
        _ method: HTTPMethod, bucket: String, key: String?, query: String = "", headers: [HTTPHeader] = [], body: Data = Data()
    ) async throws -> AWSHTTPResponse {
        let request = AWSHTTPRequest(
            method: method, path: try Self.path(bucket: bucket, key: key), query: query, headers: headers, body: body, timeout: requestTimeout)
        let response = try await transport.send(request) { $0.status >= 500 || $0.status == 429 }
        guard (200..<300).contains(response.status) else {
            throw S3Error.fromResponse(response, bucket: bucket, key: key)
        }
        return response
    }

    /// `/<bucket>/<key>` percent-encoded as S3 signs it (slashes in the key kept).
    static func path(bucket: String, key: String?) throws(S3Error) -> String {
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw .invalidAddress("a bucket name must be non-empty and contain no '/'", bucket: bucket, key: key)
        }
        guard let key else { return "/" + URIEncoding.encode(bucket) }
        guard !key.isEmpty else { throw .invalidAddress("an object key must not be empty", bucket: bucket, key: key) }
        return "/" + URIEncoding.encode(bucket) + "/" + URIEncoding.encode(key, keepingSlashes: true)
    }
}
