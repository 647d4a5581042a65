import Foundation

/// An error S3 answered with (its XML `<Error>` body, or the status alone for `HEAD`), or a
/// request refused before sending because its bucket or key cannot be addressed.
public struct S3Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// S3's code: `NoSuchKey`, `NoSuchBucket`, `AccessDenied`, `SignatureDoesNotMatch`, …;
    /// `NotFound` / `Forbidden` / `HTTP<status>` when the answer had no body.
    public var code: String
    public var message: String
    public var httpStatus: Int
    public var bucket: String
    public var key: String?
    /// S3's `x-amz-request-id` and `x-amz-id-2` for the failed request, when it answered.
    public var requestId: String?
    public var extendedRequestId: String?

    public init(
        code: String, message: String, httpStatus: Int, bucket: String, key: String?, requestId: String? = nil,
        extendedRequestId: String? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.bucket = bucket
        self.key = key
        self.requestId = requestId
        self.extendedRequestId = extendedRequestId
    }

    /// The object (or its bucket) does not exist.
    public var isNotFound: Bool { httpStatus == 404 || ["NoSuchKey", "NoSuchBucket", "NotFound"].contains(code) }

    public var description: String {
        let target = key.map { "s3://\(bucket)/\($0)" } ?? "s3://\(bucket)"
        return "S3 \(code) (HTTP \(httpStatus)) for \(target)\(message.isEmpty ? "" : ": \(message)")"
    }

    /// Reads S3's `<Error><Code>…</Code><Message>…</Message></Error>`; a body without them
    /// (HEAD, a proxy's page) is described by its status.
    static func fromResponse(_ response: AWSHTTPResponse, bucket: String, key: String?) -> S3Error {
        let text = String(decoding: response.body, as: UTF8.self)
        let code = XMLElements.first("Code", in: text) ?? statusCode(response.status)
        let message = XMLElements.first("Message", in: text) ?? (text.count <= 200 ? text.trimmingCharacters(in: .whitespacesAndNewlines) : "")
        return S3Error(
            code: code, message: message, httpStatus: response.status, bucket: bucket, key: key,
            requestId: response.headers.first(name: "x-amz-request-id") ?? XMLElements.first("RequestId", in: text),
            extendedRequestId: response.headers.first(name: "x-amz-id-2") ?? XMLElements.first("HostId", in: text))
    }

    static func invalidAddress(_ problem: String, bucket: String, key: String?) -> S3Error {
        S3Error(code: "InvalidArgument", message: problem, httpStatus: 400, bucket: bucket, key: key)
    }

    private static func statusCode(_ status: Int) -> String {
        switch status {
        case 404: return "NotFound"
        case 403: return "Forbidden"
        case 400: return "BadRequest"
        default: return "HTTP\(status)"
        }
    }
}
