import AWSSigV4
import Foundation
import NIOHTTP1
import StepFunctions
import StepwiseJSON

/// `aws-sdk:s3:getObject` and `aws-sdk:s3:putObject` (REST-XML: the members travel in the path,
/// headers and body), through the S3 client.
extension IntegrationForwarder {
    /// `{AcceptRanges, ContentLength, ContentType, ETag, LastModified, Metadata, …, Body}`, the
    /// object's content as text.
    func getObject(_ call: ServiceCall) async throws -> JSONValue {
        var parameters = call.parameters
        let (bucket, key) = try Self.objectAddress(&parameters, action: "getObject")
        var query: [String] = []
        for (member, name) in [("VersionId", "versionId"), ("PartNumber", "partNumber")] {
            if let value = parameters.removeValue(forKey: member) { query.append(name + "=" + URIEncoding.encode(Self.headerValue(value))) }
        }
        let headers = try Self.headers(from: parameters, allowed: S3Members.getObjectRequest, action: "getObject")
        let http = try await s3Client(call).send(.GET, bucket: bucket, key: key, query: query.joined(separator: "&"), headers: headers)
        var answer = S3Members.members(of: http.headers, named: S3Members.getObjectResponse)
        answer["Body"] = .string(String(decoding: http.body, as: UTF8.self))
        return .object(answer)
    }

    /// Stores `Body` (a string as it is, other JSON as its text): `{ETag, …}`.
    func putObject(_ call: ServiceCall) async throws -> JSONValue {
        var parameters = call.parameters
        let (bucket, key) = try Self.objectAddress(&parameters, action: "putObject")
        let body = parameters.removeValue(forKey: "Body").map(WireMembers.text)?.stringValue ?? ""
        let headers = try Self.headers(from: parameters, allowed: S3Members.putObjectRequest, action: "putObject")
        let http = try await s3Client(call).send(.PUT, bucket: bucket, key: key, headers: headers, body: Data(body.utf8))
        return .object(S3Members.members(of: http.headers, named: S3Members.putObjectResponse))
    }

    private static func objectAddress(_ parameters: inout JSONObject, action: String) throws -> (bucket: String, key: String) {
        guard let bucket = parameters.removeValue(forKey: "Bucket")?.stringValue, let key = parameters.removeValue(forKey: "Key")?.stringValue
        else {
            throw TaskFailure.notForwarded("aws-sdk:s3:\(action) needs Bucket and Key parameters (strings)")
        }
        return (bucket, key)
    }

    /// The request members that travel as headers; a member this forwarder does not send is an
    /// error rather than silently dropped.
    private static func headers(from parameters: JSONObject, allowed: [String], action: String) throws -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        for (member, value) in parameters where !value.isNull {
            if member == "Metadata", allowed.contains(member), case .object(let metadata) = value {
                headers += metadata.map { HTTPHeader("x-amz-meta-" + $0.key, headerValue($0.value)) }
            } else if allowed.contains(member), let header = S3Members.headers[member] {
                headers.append(HTTPHeader(header.name, headerValue(value)))
            } else {
                throw TaskFailure.notForwarded("aws-sdk:s3:\(action): the parameter \(member) is not forwarded (forwarded: Bucket, Key, \(allowed.joined(separator: ", ")))")
            }
        }
        return headers
    }

    private static func headerValue(_ value: JSONValue) -> String {
        value.stringValue ?? JSONSerializer.string(value)
    }
}

/// S3's object members that travel in headers, from S3's API model, and how their values read.
enum S3Members {
    enum Kind { case string, integer, boolean, timestamp }

    static let headers: [String: (name: String, kind: Kind)] = [
        "AcceptRanges": ("accept-ranges", .string), "BucketKeyEnabled": ("x-amz-server-side-encryption-bucket-key-enabled", .boolean),
        "CacheControl": ("Cache-Control", .string), "ChecksumCRC32": ("x-amz-checksum-crc32", .string),
        "ChecksumCRC32C": ("x-amz-checksum-crc32c", .string), "ChecksumSHA1": ("x-amz-checksum-sha1", .string),
        "ChecksumSHA256": ("x-amz-checksum-sha256", .string), "ChecksumType": ("x-amz-checksum-type", .string),
        "ContentDisposition": ("Content-Disposition", .string), "ContentEncoding": ("Content-Encoding", .string),
        "ContentLanguage": ("Content-Language", .string), "ContentLength": ("Content-Length", .integer),
        "ContentRange": ("Content-Range", .string), "ContentType": ("Content-Type", .string),
        "DeleteMarker": ("x-amz-delete-marker", .boolean), "ETag": ("ETag", .string), "Expiration": ("x-amz-expiration", .string),
        "ExpectedBucketOwner": ("x-amz-expected-bucket-owner", .string), "Expires": ("Expires", .string),
        "IfMatch": ("If-Match", .string), "IfModifiedSince": ("If-Modified-Since", .string), "IfNoneMatch": ("If-None-Match", .string),
        "IfUnmodifiedSince": ("If-Unmodified-Since", .string), "LastModified": ("Last-Modified", .timestamp),
        "PartsCount": ("x-amz-mp-parts-count", .integer), "Range": ("Range", .string),
        "ReplicationStatus": ("x-amz-replication-status", .string), "ServerSideEncryption": ("x-amz-server-side-encryption", .string),
        "Size": ("x-amz-object-size", .integer), "SSEKMSKeyId": ("x-amz-server-side-encryption-aws-kms-key-id", .string),
        "StorageClass": ("x-amz-storage-class", .string), "Tagging": ("x-amz-tagging", .string), "TagCount": ("x-amz-tagging-count", .integer),
        "VersionId": ("x-amz-version-id", .string), "WebsiteRedirectLocation": ("x-amz-website-redirect-location", .string),
    ]

    static let getObjectRequest = [
        "ExpectedBucketOwner", "IfMatch", "IfModifiedSince", "IfNoneMatch", "IfUnmodifiedSince", "Range",
    ]
    static let getObjectResponse = [
        "AcceptRanges", "BucketKeyEnabled", "CacheControl", "ChecksumCRC32", "ChecksumCRC32C", "ChecksumSHA1", "ChecksumSHA256",
        "ChecksumType", "ContentDisposition", "ContentEncoding", "ContentLanguage", "ContentLength", "ContentRange", "ContentType",
        "DeleteMarker", "ETag", "Expiration", "Expires", "LastModified", "Metadata", "PartsCount", "ReplicationStatus",
        "ServerSideEncryption", "SSEKMSKeyId", "StorageClass", "TagCount", "VersionId", "WebsiteRedirectLocation",
    ]
    static let putObjectRequest = [
        "CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "ContentType", "ExpectedBucketOwner", "Expires",
        "IfMatch", "IfNoneMatch", "Metadata", "ServerSideEncryption", "SSEKMSKeyId", "StorageClass", "Tagging", "WebsiteRedirectLocation",
    ]
    static let putObjectResponse = [
        "BucketKeyEnabled", "ChecksumCRC32", "ChecksumCRC32C", "ChecksumSHA1", "ChecksumSHA256", "ChecksumType", "ETag", "Expiration",
        "ServerSideEncryption", "Size", "SSEKMSKeyId", "VersionId",
    ]

    /// The members `names` present in `headers`, in alphabetical order; `Metadata` (the
    /// `x-amz-meta-*` headers) is there even when there are none.
    static func members(of headers: HTTPHeaders, named names: [String]) -> JSONObject {
        var members = JSONObject()
        for member in names.sorted() {
            if member == "Metadata" {
                let prefix = "x-amz-meta-"
                members[member] = .object(JSONObject(
                    headers.filter { $0.name.lowercased().hasPrefix(prefix) }.map { (String($0.name.dropFirst(prefix.count)), JSONValue.string($0.value)) },
                    uniquingKeysWith: { $1 }))
            } else if let header = Self.headers[member], let value = headers.first(name: header.name) {
                members[member] = read(value, as: header.kind)
            }
        }
        return members
    }

    /// Numbers and booleans as JSON; a timestamp in ISO 8601, as Step Functions renders the
    /// SDK's timestamps (an HTTP date on the wire).
    private static func read(_ value: String, as kind: Kind) -> JSONValue {
        switch kind {
        case .string: return .string(value)
        case .integer: return Int(value).map { .number($0) } ?? .string(value)
        case .boolean: return .bool(value.lowercased() == "true")
        case .timestamp:
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            guard let date = formatter.date(from: value) else { return .string(value) }
            return .string(ISO8601DateFormatter().string(from: date))
        }
    }
}
