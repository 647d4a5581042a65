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

    public init(code: String, message: String, httpStatus: Int, bucket: String, key: String?) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.bucket = bucket
        self.key = key
    }

    /// The object (or its bucket) does not exist.
    public var isNotFound: Bool { httpStatus == 404 || ["NoSuchKey", "NoSuchBucket", "NotFound"].contains(code) }

    public var description: String {
        let target = key.map { "s3://\(bucket)/\($0)" } ?? "s3://\(bucket)"
        return "S3 \(code) (HTTP \(httpStatus)) for \(target)\(message.isEmpty ? "" : ": \(message)")"
    }

    /// Reads S3's `<Error><Code>…</Code><Message>…</Message></Error>`; a body without them
    /// (HEAD, a proxy's page) is described by its status.
    static func fromResponse(status: Int, body: Data, bucket: String, key: String?) -> S3Error {
        let text = String(decoding: body, as: UTF8.self)
        let code = element("Code", in: text) ?? statusCode(status)
        let message = element("Message", in: text) ?? (text.count <= 200 ? text.trimmingCharacters(in: .whitespacesAndNewlines) : "")
        return S3Error(code: code, message: message, httpStatus: status, bucket: bucket, key: key)
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

    /// The text of the first `<name>` element. The error document is flat and tiny, so a full
    /// XML parser would add a dependency (libxml2) for nothing.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex) else {
            return nil
        }
        return unescape(String(xml[open.upperBound..<close.lowerBound]))
    }

    private static func unescape(_ text: String) -> String {
        [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")]
            .reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
