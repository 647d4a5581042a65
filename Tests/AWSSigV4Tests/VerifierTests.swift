import AWSSigV4
import Foundation
import Testing

@Suite("SigV4 verifier")
struct VerifierTests {
    let credentials = SigningCredentials(accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret", sessionToken: "session")
    let signedAt = Date(timeIntervalSince1970: 1_764_000_000)
    let body = Data(#"{"name":"adder"}"#.utf8)

    var verifier: SigV4Verifier {
        SigV4Verifier(service: "states", region: "us-east-1") { key in key == "AKIDLOCAL" ? "local-secret" : nil }
    }

    /// A Step Functions call as the AWS backend would send it, signed with `credentials`.
    func signedRequest(options: SigningOptions = .standard) throws -> SigningRequest {
        var request = try SigningRequest(
            method: "POST", url: try #require(URL(string: "http://127.0.0.1:8083/")),
            headers: [
                HTTPHeader("Content-Type", "application/x-amz-json-1.0"),
                HTTPHeader("X-Amz-Target", "AWSStepFunctions.CreateStateMachine"),
            ],
            payload: .body(body)
        )
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "states", options: options)
        request.headers = try signer.signHeaders(request, date: signedAt).apply(to: request.headers)
        return request
    }

    @Test("a correctly signed request verifies and reports who signed it")
    func valid() throws {
        let verified = try verifier.verify(try signedRequest(), now: signedAt.addingTimeInterval(30))
        #expect(verified.accessKeyId == "AKIDLOCAL")
        #expect(verified.sessionToken == "session")
        #expect(verified.region == "us-east-1")
        #expect(verified.service == "states")
        #expect(verified.signedAt == signedAt)
        #expect(verified.signedHeaders == ["content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target"])
        #expect(!verified.isPresigned)
    }

    @Test("a body changed after signing is a signature mismatch")
    func tamperedBody() throws {
        var request = try signedRequest()
        request.payload = .body(Data(#"{"name":"evil"}"#.utf8))
        #expect {
            try verifier.verify(request, now: signedAt)
        } throws: { error in
            guard case VerificationFailure.signatureMismatch(let canonical, _)? = error as? VerificationFailure else { return false }
            return canonical.hasSuffix(sha256Hex(#"{"name":"evil"}"#))
        }
    }

    @Test("with x-amz-content-sha256 a changed body is reported as a payload hash mismatch")
    func tamperedBodyWithContentHash() throws {
        var request = try signedRequest(options: SigningOptions(addContentSHA256Header: true))
        request.payload = .body(Data("other".utf8))
        #expect(throws: VerificationFailure.payloadHashMismatch(declared: sha256Hex(String(decoding: body, as: UTF8.self)), computed: sha256Hex("other"))) {
            try verifier.verify(request, now: signedAt)
        }
    }

    @Test("a header changed after signing is a signature mismatch")
    func tamperedHeader() throws {
        var request = try signedRequest()
        request.headers = request.headers.map {
            $0.name == "X-Amz-Target" ? HTTPHeader("X-Amz-Target", "AWSStepFunctions.DeleteStateMachine") : $0
        }
        #expect { try verifier.verify(request, now: signedAt) } throws: { error in
            if case VerificationFailure.signatureMismatch? = error as? VerificationFailure { return true }
            return false
        }
    }

    @Test("the wrong secret for a known key is a signature mismatch")
    func wrongSecret() throws {
        let verifier = SigV4Verifier(service: "states") { _ in "another-secret" }
        #expect { try verifier.verify(try signedRequest(), now: signedAt) } throws: { error in
            guard let failure = error as? VerificationFailure, case .signatureMismatch = failure else { return false }
            return failure.description.contains("does not match")
        }
    }

    @Test("an access key the server does not know is named in the failure")
    func unknownKey() throws {
        let verifier = SigV4Verifier(service: "states") { _ in nil }
        #expect(throws: VerificationFailure.unknownAccessKey("AKIDLOCAL")) { try verifier.verify(try signedRequest(), now: signedAt) }
    }

    @Test("an unsigned request, or one missing what its signature needs, is rejected with the reason")
    func missingParts() throws {
        let unsigned = SigningRequest(method: "POST", path: "/", headers: [HTTPHeader("Host", "h")])
        #expect(throws: VerificationFailure.missingAuthentication) { try verifier.verify(unsigned, now: signedAt) }

        var noDate = try signedRequest()
        noDate.headers.removeAll { $0.name == "X-Amz-Date" }
        #expect(throws: VerificationFailure.missingHeader("x-amz-date")) { try verifier.verify(noDate, now: signedAt) }

        var noTarget = try signedRequest()
        noTarget.headers.removeAll { $0.name == "X-Amz-Target" }
        #expect(throws: VerificationFailure.missingHeader("x-amz-target")) { try verifier.verify(noTarget, now: signedAt) }
    }

    @Test("malformed Authorization headers", arguments: [
        ("AWS4-HMAC-SHA256", VerificationFailure.malformedAuthorization("expected 'AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…'")),
        ("AWS AKID:sig", .unsupportedAlgorithm("AWS")),
        ("AWS4-HMAC-SHA256 Credential=AK/20251124/us-east-1/states/aws4_request, SignedHeaders=host", .malformedAuthorization("missing Signature=")),
        ("AWS4-HMAC-SHA256 Credential=AK/20251124/us-east-1/aws4_request, SignedHeaders=host, Signature=ab",
         .malformedAuthorization("Credential must be <access key>/<yyyyMMdd>/<region>/<service>/aws4_request, got 'AK/20251124/us-east-1/aws4_request'")),
        ("AWS4-HMAC-SHA256 Credential=AK/20251124/us-east-1/states/aws4_request, SignedHeaders=x-amz-date, Signature=ab",
         .malformedAuthorization("SignedHeaders must include host")),
    ])
    func malformed(authorization: String, failure: VerificationFailure) throws {
        var request = try signedRequest()
        request.headers = request.headers.map { $0.name == "Authorization" ? HTTPHeader("Authorization", authorization) : $0 }
        #expect(throws: failure) { try verifier.verify(request, now: signedAt) }
    }

    @Test("a request signed for another region or service is rejected")
    func scopeMismatch() throws {
        let westVerifier = SigV4Verifier(service: "states", region: "us-west-2") { _ in "local-secret" }
        #expect(throws: VerificationFailure.scopeMismatch(field: "region", expected: "us-west-2", found: "us-east-1")) {
            try westVerifier.verify(try signedRequest(), now: signedAt)
        }
        let s3Verifier = SigV4Verifier(service: "s3") { _ in "local-secret" }
        #expect(throws: VerificationFailure.scopeMismatch(field: "service", expected: "s3", found: "states")) {
            try s3Verifier.verify(try signedRequest(), now: signedAt)
        }
    }

    @Test("a signature more than the allowed skew from the server clock is rejected, either way")
    func clockSkew() throws {
        for offset in [-901.0, 901.0] {
            let now = signedAt.addingTimeInterval(offset)
            #expect(throws: VerificationFailure.clockSkew(signedAt: signedAt, serverTime: now, allowed: 900)) {
                try verifier.verify(try signedRequest(), now: now)
            }
        }
        #expect(throws: Never.self) { try verifier.verify(try signedRequest(), now: signedAt.addingTimeInterval(899)) }
    }

    @Test("presigned URLs verify until they expire")
    func presigned() throws {
        let url = try #require(URL(string: "http://127.0.0.1:9000/bucket/key%20with%20space?versionId=3"))
        let request = try SigningRequest(method: "GET", url: url, payload: .unsigned)
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let presigned = try signer.presign(request, date: signedAt, expiresIn: 600)
        let received = SigningRequest(method: "GET", path: request.path, query: presigned.query, headers: request.headers)
        let s3Verifier = SigV4Verifier(service: "s3", options: .s3, presignedPayloadIsUnsigned: true) { _ in "local-secret" }

        let verified = try s3Verifier.verify(received, now: signedAt.addingTimeInterval(599))
        #expect(verified.isPresigned)
        #expect(verified.sessionToken == "session")
        #expect(verified.signedHeaders == ["host"])

        let late = signedAt.addingTimeInterval(601)
        #expect(throws: VerificationFailure.expired(expiredAt: signedAt.addingTimeInterval(600), serverTime: late)) {
            try s3Verifier.verify(received, now: late)
        }

        var tampered = received
        tampered.query = tampered.query.replacingOccurrences(of: "versionId=3", with: "versionId=4")
        #expect { try s3Verifier.verify(tampered, now: signedAt) } throws: { error in
            if case VerificationFailure.signatureMismatch? = error as? VerificationFailure { return true }
            return false
        }

        var missing = received
        missing.query = received.query.split(separator: "&").filter { !$0.hasPrefix("X-Amz-Date=") }.joined(separator: "&")
        #expect(throws: VerificationFailure.missingQueryParameter("X-Amz-Date")) { try s3Verifier.verify(missing, now: signedAt) }
    }

    /// Signed with `x-amz-content-sha256` set to `declared` rather than the body's hash.
    func signedDeclaring(_ declared: Payload) throws -> SigningRequest {
        var request = try SigningRequest(
            method: "POST", url: try #require(URL(string: "http://127.0.0.1:8083/")),
            headers: [HTTPHeader("X-Amz-Target", "AWSStepFunctions.CreateStateMachine")], payload: declared)
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "states", options: SigningOptions(addContentSHA256Header: true))
        request.headers = try signer.signHeaders(request, date: signedAt).apply(to: request.headers)
        request.payload = .body(body)
        return request
    }

    var strictVerifier: SigV4Verifier {
        SigV4Verifier(service: "states", region: "us-east-1", allowsUnsignedPayload: false) { key in key == "AKIDLOCAL" ? "local-secret" : nil }
    }

    @Test("UNSIGNED-PAYLOAD leaves the body out of the signature unless the verifier refuses it")
    func unsignedPayload() throws {
        let request = try signedDeclaring(.unsigned)
        #expect(throws: Never.self) { try verifier.verify(request, now: signedAt) }
        #expect(throws: VerificationFailure.payloadNotHashed(declared: "UNSIGNED-PAYLOAD")) { try strictVerifier.verify(request, now: signedAt) }
    }

    @Test(
        "a strict verifier takes only the body's SHA-256 in 64 lowercase hex digits",
        arguments: ["STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "UNSIGNED-PAYLOAD-TRAILER", "0", String(repeating: "０", count: 64)])
    func strictHashes(_ declared: String) throws {
        var request = try signedRequest()
        request.headers.append(HTTPHeader("x-amz-content-sha256", declared))
        #expect(throws: VerificationFailure.payloadNotHashed(declared: declared)) { try strictVerifier.verify(request, now: signedAt) }
    }

    @Test("an uppercase hash is refused by a strict verifier and compared case-blind otherwise")
    func uppercaseHash() throws {
        var request = try signedRequest()
        let upper = sha256Hex(String(decoding: body, as: UTF8.self)).uppercased()
        request.headers.append(HTTPHeader("x-amz-content-sha256", upper))
        #expect(throws: VerificationFailure.payloadNotHashed(declared: upper)) { try strictVerifier.verify(request, now: signedAt) }
        request.payload = .body(Data("other".utf8))
        #expect(throws: VerificationFailure.payloadHashMismatch(declared: upper, computed: sha256Hex("other"))) {
            try verifier.verify(request, now: signedAt)
        }
    }

    @Test("a strict verifier accepts a signed body hash that matches and reports one that does not")
    func strictMatching() throws {
        let request = try signedDeclaring(.body(body))
        #expect(try strictVerifier.verify(request, now: signedAt).accessKeyId == "AKIDLOCAL")
        var tampered = request
        tampered.payload = .body(Data("other".utf8))
        #expect(throws: VerificationFailure.payloadHashMismatch(declared: sha256Hex(String(decoding: body, as: UTF8.self)), computed: sha256Hex("other"))) {
            try strictVerifier.verify(tampered, now: signedAt)
        }
    }

    @Test(
        "the signed requests of a case of the standard suite verify, with or without unsigned payloads allowed",
        arguments: SigningTestCase.names, [true, false])
    func suiteRequestsVerify(_ name: String, allowsUnsignedPayload: Bool) throws {
        let testCase = try SigningTestCase(named: name)
        let options = SigningOptions(normalizePath: testCase.context.normalize, omitSessionToken: testCase.context.omitSessionToken ?? false)
        let secret = testCase.context.credentials.secretAccessKey
        let verifier = SigV4Verifier(
            service: testCase.context.service, region: testCase.context.region, options: options, allowsUnsignedPayload: allowsUnsignedPayload
        ) { _ in secret }
        for file in ["header-signed-request.txt", "query-signed-request.txt"] {
            let request = try RawHTTPRequest.parse(try #require(testCase.expected(file))).signingRequest
            #expect(throws: Never.self, "\(file)") { try verifier.verify(request, now: try testCase.date) }
        }
    }
}

/// Lower-case hex SHA-256 of `text`, computed through the signer's public surface.
private func sha256Hex(_ text: String) -> String { Payload.body(Data(text.utf8)).hash }
