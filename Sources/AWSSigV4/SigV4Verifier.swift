import Foundation

/// What a successfully verified request was signed with.
public struct VerifiedRequest: Sendable, Hashable {
    public var accessKeyId: String
    /// The `X-Amz-Security-Token` sent with the request, if any (not validated here).
    public var sessionToken: String?
    public var region: String
    public var service: String
    public var signedAt: Date
    public var signedHeaders: [String]
    public var isPresigned: Bool
}

/// Checks the SigV4 signature of a request a server received, by recomputing it with the secret
/// that belongs to the request's access key.
public struct SigV4Verifier: Sendable {
    public var service: String
    /// The region requests must be signed for; nil accepts any (a local endpoint serving every
    /// region).
    public var region: String?
    public var options: SigningOptions
    /// How far the signing time may be from the server's clock (AWS allows 15 minutes).
    public var maxClockSkew: TimeInterval
    /// Presigned requests without `x-amz-content-sha256` were signed with `UNSIGNED-PAYLOAD`
    /// (S3) rather than the body's hash.
    public var presignedPayloadIsUnsigned: Bool
    /// Whether `x-amz-content-sha256` may be something other than the body's hash
    /// (`UNSIGNED-PAYLOAD`, `STREAMING-…`), leaving the body out of the signature. S3 needs
    /// that; a service whose bodies are whole JSON documents (`states`) should refuse it, or
    /// whoever can replay a signed request can change its body.
    public var allowsUnsignedPayload: Bool
    private let secretAccessKey: @Sendable (String) -> String?

    public init(
        service: String,
        region: String? = nil,
        options: SigningOptions = .standard,
        maxClockSkew: TimeInterval = 900,
        presignedPayloadIsUnsigned: Bool = false,
        allowsUnsignedPayload: Bool = true,
        secretAccessKey: @escaping @Sendable (_ accessKeyId: String) -> String?
    ) {
        self.service = service
        self.region = region
        self.options = options
        self.maxClockSkew = maxClockSkew
        self.presignedPayloadIsUnsigned = presignedPayloadIsUnsigned
        self.allowsUnsignedPayload = allowsUnsignedPayload
        self.secretAccessKey = secretAccessKey
    }

    /// `request.payload` should be the body as received (`.body`), or its hash.
    public func verify(_ request: SigningRequest, now: Date) throws(VerificationFailure) -> VerifiedRequest {
        if let authorization = request.headers.first(named: "authorization") {
            return try verifyHeaderSigned(request, authorization: authorization, now: now)
        }
        let query = CanonicalQuery.parse(request.query)
        if query.contains(where: { $0.name == "X-Amz-Signature" || $0.name == "X-Amz-Algorithm" }) {
            return try verifyPresigned(request, query: query, now: now)
        }
        throw .missingAuthentication
    }

    private func verifyHeaderSigned(_ request: SigningRequest, authorization: String, now: Date) throws(VerificationFailure) -> VerifiedRequest {
        // Checks run from the request's shape to its content: what is malformed or missing is
        // reported before the key lookup, and the key before the signature.
        let header = try AuthorizationHeader.parse(authorization).get()
        guard let timestamp = request.headers.first(named: "x-amz-date")?.trimmingWhitespace() else { throw .missingHeader("x-amz-date") }
        let headers = try signedHeaders(header.signedHeaders, in: request)
        let signedAt = try checkDate(timestamp, against: header.credential.scope)
        if let skew = skewFailure(signedAt: signedAt, now: now) { throw skew }
        let secret = try checkScopeAndFindSecret(header.credential)

        let canonical = CanonicalRequest(
            method: request.method,
            path: CanonicalPath.make(request.path, options: options),
            query: CanonicalQuery.make(CanonicalQuery.parse(request.query)),
            headers: headers,
            payloadHash: try payloadHash(of: request, presigned: false)
        )
        try compare(canonical, scope: header.credential.scope, timestamp: timestamp, secret: secret, expected: header.signature)
        return VerifiedRequest(
            accessKeyId: header.credential.accessKeyId,
            sessionToken: request.headers.first(named: "x-amz-security-token"),
            region: header.credential.scope.region,
            service: header.credential.scope.service,
            signedAt: signedAt,
            signedHeaders: header.signedHeaders,
            isPresigned: false
        )
    }

    private func verifyPresigned(_ request: SigningRequest, query: [QueryParameter], now: Date) throws(VerificationFailure) -> VerifiedRequest {
        func parameter(_ name: String) throws(VerificationFailure) -> String {
            guard let value = query.first(where: { $0.name == name })?.value, !value.isEmpty else {
                throw .missingQueryParameter(name)
            }
            return value
        }
        let algorithm = try parameter("X-Amz-Algorithm")
        guard algorithm == SigningScope.algorithm else { throw .unsupportedAlgorithm(algorithm) }
        let credential = try CredentialField.parse(try parameter("X-Amz-Credential")).get()
        let timestamp = try parameter("X-Amz-Date")
        let signedAt = try checkDate(timestamp, against: credential.scope)
        let expiresText = try parameter("X-Amz-Expires")
        guard let expires = Int(expiresText), (1...PresignedRequest.maximumExpiration).contains(expires) else {
            throw .malformedAuthorization("X-Amz-Expires must be 1…\(PresignedRequest.maximumExpiration) seconds, got '\(expiresText)'")
        }
        let signedHeaderNames = try parameter("X-Amz-SignedHeaders").split(separator: ";").map(String.init)
        let signature = try parameter("X-Amz-Signature")
        let headers = try signedHeaders(signedHeaderNames, in: request)

        let expiresAt = signedAt.addingTimeInterval(TimeInterval(expires))
        if now > expiresAt { throw .expired(expiredAt: expiresAt, serverTime: now) }
        if signedAt.timeIntervalSince(now) > maxClockSkew {
            throw .clockSkew(signedAt: signedAt, serverTime: now, allowed: maxClockSkew)
        }
        let secret = try checkScopeAndFindSecret(credential)

        let signedQuery = query.filter { parameter in
            parameter.name != "X-Amz-Signature" && !(options.omitSessionToken && parameter.name == "X-Amz-Security-Token")
        }
        let canonical = CanonicalRequest(
            method: request.method,
            path: CanonicalPath.make(request.path, options: options),
            query: CanonicalQuery.make(signedQuery),
            headers: headers,
            payloadHash: try payloadHash(of: request, presigned: true)
        )
        try compare(canonical, scope: credential.scope, timestamp: timestamp, secret: secret, expected: signature)
        return VerifiedRequest(
            accessKeyId: credential.accessKeyId,
            sessionToken: query.first(where: { $0.name == "X-Amz-Security-Token" })?.value,
            region: credential.scope.region,
            service: credential.scope.service,
            signedAt: signedAt,
            signedHeaders: signedHeaderNames,
            isPresigned: true
        )
    }

    /// The timestamp must parse and fall on the credential scope's day.
    private func checkDate(_ timestamp: String, against scope: SigningScope) throws(VerificationFailure) -> Date {
        guard let date = AMZDate.parse(timestamp) else { throw .invalidDate(timestamp) }
        let day = AMZDate.format(date).dateStamp
        guard day == scope.dateStamp else { throw .scopeMismatch(field: "date", expected: day, found: scope.dateStamp) }
        return date
    }

    private func skewFailure(signedAt: Date, now: Date) -> VerificationFailure? {
        abs(signedAt.timeIntervalSince(now)) > maxClockSkew
            ? .clockSkew(signedAt: signedAt, serverTime: now, allowed: maxClockSkew)
            : nil
    }

    private func checkScopeAndFindSecret(_ credential: CredentialField) throws(VerificationFailure) -> String {
        guard credential.scope.service == service else {
            throw .scopeMismatch(field: "service", expected: service, found: credential.scope.service)
        }
        if let region, credential.scope.region != region {
            throw .scopeMismatch(field: "region", expected: region, found: credential.scope.region)
        }
        guard let secret = secretAccessKey(credential.accessKeyId) else { throw .unknownAccessKey(credential.accessKeyId) }
        return secret
    }

    /// Exactly the headers the client listed, each of which must be present; `host` must be
    /// among them.
    private func signedHeaders(_ names: [String], in request: SigningRequest) throws(VerificationFailure) -> CanonicalHeaders {
        let listed = Set(names.map { $0.lowercased() })
        guard listed.contains("host") else { throw .malformedAuthorization("SignedHeaders must include host") }
        let present = Set(request.headers.map { $0.name.lowercased() })
        if let missing = names.first(where: { !present.contains($0.lowercased()) }) { throw .missingHeader(missing) }
        return CanonicalHeaders(request.headers) { listed.contains($0) }
    }

    /// The declared `x-amz-content-sha256` when present (checked against the body unless it is
    /// a special value such as `UNSIGNED-PAYLOAD`), otherwise the body's own hash.
    private func payloadHash(of request: SigningRequest, presigned: Bool) throws(VerificationFailure) -> String {
        let computed = request.payload.hash
        guard let declared = request.headers.first(named: "x-amz-content-sha256")?.trimmingWhitespace() else {
            return presigned && presignedPayloadIsUnsigned ? Payload.unsignedLiteral : computed
        }
        if !allowsUnsignedPayload, !Self.isSHA256Hex(declared, anyCase: false) { throw .payloadNotHashed(declared: declared) }
        if Self.isSHA256Hex(declared, anyCase: true), request.payload != .unsigned, declared.lowercased() != computed {
            throw .payloadHashMismatch(declared: declared, computed: computed)
        }
        return declared
    }

    /// 64 ASCII hex digits, lowercase as SigV4 writes them unless `anyCase`. Checked as bytes:
    /// `Character.isHexDigit` also takes fullwidth digits.
    static func isSHA256Hex(_ text: String, anyCase: Bool) -> Bool {
        let bytes = text.utf8
        return bytes.count == 64 && bytes.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (anyCase && (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte))
        }
    }

    private func compare(_ canonical: CanonicalRequest, scope: SigningScope, timestamp: String, secret: String, expected: String) throws(VerificationFailure) {
        let stringToSign = scope.stringToSign(timestamp: timestamp, canonicalRequest: canonical.text)
        let signature = scope.signature(secretAccessKey: secret, stringToSign: stringToSign)
        guard constantTimeEqual(signature, expected.lowercased()) else {
            throw .signatureMismatch(canonicalRequest: canonical.text, stringToSign: stringToSign)
        }
    }

    /// Compares every byte so the time taken does not reveal how much of a guess was right.
    private func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
