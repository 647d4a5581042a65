import AWSSigV4
import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseServer
import Testing

/// `--require-credentials`: SigV4 verified, failures answered with the JSON services' errors.
@Suite struct SignatureTests {
    static let key = SigningCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "right-secret")
    let endpoint = StepFunctionsEndpoint(backend: Engine(), credentials: .require([SignatureTests.key]))
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func signed(_ body: String = "{}", with credentials: SigningCredentials = SignatureTests.key, at date: Date? = nil) throws -> WireRequest {
        var request = EndpointTests.request("AWSStepFunctions.ListActivities", body)
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "states")
        let signature = try signer.signHeaders(
            SigningRequest(method: "POST", path: "/", headers: request.headers, payload: .body(request.body)), date: date ?? now)
        request.headers = signature.apply(to: request.headers)
        return request
    }

    func errorType(_ request: WireRequest) async throws -> (Int, String?) {
        let response = await endpoint.respond(to: request, now: now)
        return (response.status, try EndpointTests.object(response)["__type"] as? String)
    }

    @Test func theRightSecretIsAccepted() async throws {
        let response = await endpoint.respond(to: try signed(), now: now)
        #expect(response.status == 200)
    }

    @Test func aWrongSecretIsAnInvalidSignature() async throws {
        let (status, type) = try await errorType(try signed(with: SigningCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "guess")))
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#InvalidSignatureException")
    }

    @Test func aBodyChangedAfterSigningIsAnInvalidSignature() async throws {
        var request = try signed(#"{"maxResults": 1}"#)
        request.body = Data(#"{"maxResults": 2}"#.utf8)
        let (status, type) = try await errorType(request)
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#InvalidSignatureException")
    }

    @Test func anUnknownKeyIsAnUnrecognizedClient() async throws {
        let (status, type) = try await errorType(try signed(with: SigningCredentials(accessKeyId: "AKIDOTHER", secretAccessKey: "right-secret")))
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#UnrecognizedClientException")
    }

    @Test func anUnsignedRequestIsMissingAuthentication() async throws {
        let (status, type) = try await errorType(EndpointTests.request("AWSStepFunctions.ListActivities", "{}"))
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#MissingAuthenticationTokenException")
    }

    @Test func aSignatureFromTwentyMinutesAgoHasExpired() async throws {
        let (status, type) = try await errorType(try signed(at: now.addingTimeInterval(-1200)))
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#InvalidSignatureException")
    }

    @Test func aMalformedAuthorizationIsAnIncompleteSignature() async throws {
        var request = try signed()
        request.headers = request.headers.filter { $0.name.lowercased() != "authorization" } + [HTTPHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDTEST")]
        let (status, type) = try await errorType(request)
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#IncompleteSignatureException")
    }

    /// Signed as S3 signs streamed bodies: `x-amz-content-sha256: UNSIGNED-PAYLOAD` in the
    /// signature instead of the body's hash, so anyone replaying it could change the body.
    func signedWithoutItsBody(_ body: String) throws -> WireRequest {
        var request = EndpointTests.request("AWSStepFunctions.CreateActivity", body)
        let signer = SigV4Signer(credentials: Self.key, region: "eu-west-1", service: "states", options: SigningOptions(addContentSHA256Header: true))
        let signature = try signer.signHeaders(SigningRequest(method: "POST", path: "/", headers: request.headers, payload: .unsigned), date: now)
        request.headers = signature.apply(to: request.headers)
        return request
    }

    @Test func anUnsignedPayloadIsRefusedForThisService() async throws {
        var request = try signedWithoutItsBody(#"{"name": "harmless"}"#)
        request.body = Data(#"{"name": "substituted"}"#.utf8)
        let response = await endpoint.respond(to: request, now: now)
        #expect(response.status == 400)
        let body = try EndpointTests.object(response)
        #expect(body["__type"] as? String == "com.amazon.coral.service#InvalidSignatureException")
        #expect((body["message"] as? String)?.contains("x-amz-content-sha256 is 'UNSIGNED-PAYLOAD'") == true)
    }

    @Test(arguments: [
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", String(repeating: "A", count: 64), String(repeating: "0", count: 63),
        String(repeating: "０", count: 64), "",
    ])
    func aContentHashThatIsNotLowercaseHexIsRefused(_ declared: String) async throws {
        var request = try signed()
        request.headers.append(HTTPHeader("x-amz-content-sha256", declared))
        let (status, type) = try await errorType(request)
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#InvalidSignatureException")
    }

    @Test func aSignedContentHashMatchingTheBodyIsAccepted() async throws {
        var request = EndpointTests.request("AWSStepFunctions.ListActivities", "{}")
        let signer = SigV4Signer(credentials: Self.key, region: "eu-west-1", service: "states", options: SigningOptions(addContentSHA256Header: true))
        let signature = try signer.signHeaders(SigningRequest(method: "POST", path: "/", headers: request.headers, payload: .body(request.body)), date: now)
        request.headers = signature.apply(to: request.headers)
        #expect(await endpoint.respond(to: request, now: now).status == 200)
        request.body = Data(#"{"maxResults": 1}"#.utf8)
        let (status, type) = try await errorType(request)
        #expect(status == 400)
        #expect(type == "com.amazon.coral.service#InvalidSignatureException")
    }

    @Test func signaturesAreCheckedBeforeTheOperation() async throws {
        var request = try signed(with: SigningCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "guess"))
        request.headers = request.headers.map { $0.name == "X-Amz-Target" ? HTTPHeader($0.name, "AWSStepFunctions.Nope") : $0 }
        let (_, type) = try await errorType(request)
        #expect(type == "com.amazon.coral.service#InvalidSignatureException")
    }
}
