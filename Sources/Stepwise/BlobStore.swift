import Foundation

/// Where large payloads go when they are offloaded: S3, or a local directory.
public protocol BlobStore: Sendable {
    /// The bucket references written by this store start with (`<bucket>/<key>`).
    var bucket: String { get }
    func put(_ data: Data, key: String) async throws
    func get(bucket: String, key: String) async throws -> Data
}

public enum BlobStoreError: Error, CustomStringConvertible, Sendable {
    case invalidKey(String)
    case notFound(bucket: String, key: String)
    case wrongBucket(expected: String, found: String)

    public var description: String {
        switch self {
        case .invalidKey(let key): return "invalid blob key '\(key)': keys are relative paths without '..', '.' or empty segments"
        case .notFound(let bucket, let key): return "no blob at \(bucket)/\(key)"
        case .wrongBucket(let expected, let found): return "this store holds bucket '\(expected)', not '\(found)'"
        }
    }
}

/// Blobs as files under one directory (the local engine's default). Keys can never name a
/// file outside the root: absolute keys, `..` and `.` segments are refused.
public struct LocalDirectoryBlobStore: BlobStore {
    public let root: URL
    public let bucket: String

    public init(root: URL, bucket: String = "stepwise-local") {
        self.root = root.standardizedFileURL
        self.bucket = bucket
    }

    func fileURL(_ key: String) throws(BlobStoreError) -> URL {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !key.contains("\0"),
            segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
        else { throw BlobStoreError.invalidKey(key) }
        let url = root.appendingPathComponent(key).standardizedFileURL
        guard url.path.hasPrefix(root.path + "/") else { throw BlobStoreError.invalidKey(key) }
        return url
    }

    public func put(_ data: Data, key: String) async throws {
        let url = try fileURL(key)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    public func get(bucket: String, key: String) async throws -> Data {
        guard bucket == self.bucket else { throw BlobStoreError.wrongBucket(expected: self.bucket, found: bucket) }
        let url = try fileURL(key)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw BlobStoreError.notFound(bucket: bucket, key: key) }
        return data
    }
}
