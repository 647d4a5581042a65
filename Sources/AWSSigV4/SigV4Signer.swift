import Foundation

/// Signs requests with AWS Signature Version 4, either with an `Authorization` header or as a
/// presigned URL. Pure: no clock, no I/O; the signing time is an argument.
public struct SigV4Signer: Sendable {
    public var credentials: SigningCredentials
    public var region: String
    /// The signing name (`states`, `s3`, …).
    public var service: String
    public var options: SigningOptions

    public init(credentials: SigningCredentials, region: String, service: String, options: SigningOptions = .standard) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// Headers that are never signed: the signature itself, and headers that proxies and HTTP
    /// stacks add, drop or rewrite in transit.
    static let unsignableHeaders: Set<String> = [
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "connection", "keep-alive",
        "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
    ]

    /// Signs with an `Authorization` header. The request itself is not changed: add
    /// `headersToAdd` to it before sending (they replace any existing headers of those names).
    public func signHeaders(_ request: SigningRequest, date: Date) throws(SigV4Error) -> HeaderSignature {
        let (timestamp, dateStamp) = AMZDate.format(date)
        let scope = SigningScope(dateStamp: dateStamp, region: region, service: service)
        let payloadHash = request.payload.hash

        var replaced: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]
        var signed = [HTTPHeader("X-Amz-Date", timestamp)]
        var unsigned: [HTTPHeader] = []
        if let token = credentials.sessionToken {
            let header = HTTPHeader("X-Amz-Security-Token", token)
            if options.omitSessionToken { unsigned.append(header) } else { signed.append(header) }
        }
        if options.addContentSHA256Header {
            replaced.insert("x-amz-content-sha256")
            signed.append(HTTPHeader("x-amz-content-sha256", payloadHash))
        }
        let kept = request.headers.filter { !replaced.contains($0.name.lowercased()) }
        guard kept.first(named: "host") != nil else { throw .missingHost }

        let headers = CanonicalHeaders(kept + signed) { !SigV4Signer.unsignableHeaders.contains($0) }
        let canonical = CanonicalRequest(
            method: request.method,
            path: CanonicalPath.make(request.path, options: options),
            query: CanonicalQuery.make(CanonicalQuery.parse(request.query)),
            headers: headers,
            payloadHash: payloadHash
        )
        let stringToSign = scope.stringToSign(timestamp: timestamp, canonicalRequest: canonical.text)
        let signature = scope.signature(secretAccessKey: credentials.secretAccessKey, stringToSign: stringToSign)
        let authorization = "\(SigningScope.algorithm) Credential=\(credentials.accessKeyId)/\(scope.credentialScope), "
            + "SignedHeaders=\(headers.signedHeaders), Signature=\(signature)"
        return HeaderSignature(
            headersToAdd: signed + unsigned + [HTTPHeader("Authorization", authorization)],
            canonicalRequest: canonical.text,
            stringToSign: stringToSign,
            signature: signature,
            signedHeaders: headers.signedHeaders
        )
    }

    /// Signs in the query string (a presigned URL) valid for `expiresIn` seconds from `date`.
    /// The payload is signed as given: pass `.unsigned` for S3, whose presigned URLs do not
    /// cover the body.
    public func presign(_ request: SigningRequest, date: Date, expiresIn: Int) throws(SigV4Error) -> PresignedRequest {
        guard (1...PresignedRequest.maximumExpiration).contains(expiresIn) else { throw .invalidExpiration(expiresIn) }
        guard request.headers.first(named: "host") != nil else { throw .missingHost }
        let (timestamp, dateStamp) = AMZDate.format(date)
        let scope = SigningScope(dateStamp: dateStamp, region: region, service: service)
        let headers = CanonicalHeaders(request.headers) { !SigV4Signer.unsignableHeaders.contains($0) }

        let original = CanonicalQuery.parse(request.query).filter { !PresignedRequest.authParameterNames.contains($0.name) }
        var authParameters = [
            QueryParameter(name: "X-Amz-Algorithm", value: SigningScope.algorithm),
            QueryParameter(name: "X-Amz-Credential", value: "\(credentials.accessKeyId)/\(scope.credentialScope)"),
            QueryParameter(name: "X-Amz-Date", value: timestamp),
            QueryParameter(name: "X-Amz-Expires", value: String(expiresIn)),
            QueryParameter(name: "X-Amz-SignedHeaders", value: headers.signedHeaders),
        ]
        var unsignedParameters: [QueryParameter] = []
        if let token = credentials.sessionToken {
            let parameter = QueryParameter(name: "X-Amz-Security-Token", value: token)
            if options.omitSessionToken { unsignedParameters.append(parameter) } else { authParameters.append(parameter) }
        }
        let canonical = CanonicalRequest(
            method: request.method,
            path: CanonicalPath.make(request.path, options: options),
            query: CanonicalQuery.make(original + authParameters),
            headers: headers,
            payloadHash: request.payload.hash
        )
        let stringToSign = scope.stringToSign(timestamp: timestamp, canonicalRequest: canonical.text)
        let signature = scope.signature(secretAccessKey: credentials.secretAccessKey, stringToSign: stringToSign)
        let sent = original + authParameters + unsignedParameters + [QueryParameter(name: "X-Amz-Signature", value: signature)]
        return PresignedRequest(
            query: sent.map(\.pair).joined(separator: "&"),
            canonicalRequest: canonical.text,
            stringToSign: stringToSign,
            signature: signature
        )
    }
}
