import AWSSigV4
import Foundation
import StepFunctions
import Testing

@testable import StepwiseAWS

/// What the clients put on the wire, checked by a server of our own that verifies SigV4 the way
/// AWS does.
@Suite("Signed requests")
struct SigningTests {
    static let credentials = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    static func verifier(service: String, options: SigningOptions = .standard, secret: String = credentials.secretAccessKey) -> SigV4Verifier {
        SigV4Verifier(service: service, region: "eu-west-1", options: options) { $0 == credentials.accessKeyId ? secret : nil }
    }

    @Test("Step Functions requests are POST / in AWS JSON 1.0 with a valid SigV4 signature for service states")
    func stepFunctionsRequestIsSigned() async throws {
        try await InProcessHTTPServer.with({ _, _ in .json(200, #"{"activities":[]}"#) }) { server in
            let output = try await using(AWSStepFunctionsClient(region: "eu-west-1", credentials: Self.credentials, endpoint: server.endpoint)) {
                try await $0.listActivities(ListActivitiesInput(maxResults: 5))
            }
            #expect(output.activities.isEmpty)

            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/")
            #expect(request.headers.first(named: "X-Amz-Target") == "AWSStepFunctions.ListActivities")
            #expect(request.headers.first(named: "Content-Type") == "application/x-amz-json-1.0")
            #expect(request.headers.first(named: "Host") == "127.0.0.1:\(server.port)")
            #expect(String(decoding: request.body, as: UTF8.self) == #"{"maxResults":5}"#)

            let verified = try Self.verifier(service: "states").verify(request.signingRequest, now: Date())
            #expect(verified.service == "states")
            #expect(verified.signedHeaders.contains("x-amz-target"))
            #expect(verified.signedHeaders.contains("host"))
        }
    }

    @Test("S3 requests are path-style, sign x-amz-content-sha256 and encode keys once")
    func s3RequestIsSigned() async throws {
        try await InProcessHTTPServer.with({ _, _ in CannedReply(status: 200, body: Data(), contentType: "text/plain") }) { server in
            let body = Data(#"{"big":"payload"}"#.utf8)
            try await using(S3Client(region: "eu-west-1", credentials: Self.credentials, endpoint: server.endpoint)) {
                try await $0.putObject(bucket: "payloads", key: "runs/a b+c/ü.json", body: body, contentType: "application/json")
            }

            let request = try #require(server.requests.first)
            #expect(request.method == "PUT")
            #expect(request.uri == "/payloads/runs/a%20b%2Bc/%C3%BC.json")
            #expect(request.body == body)
            let verified = try Self.verifier(service: "s3", options: .s3).verify(request.signingRequest, now: Date())
            #expect(verified.signedHeaders.contains("x-amz-content-sha256"))
        }
    }

    @Test("A signature made with the wrong secret is refused by the verifier, and the 403 becomes a clear error without retries")
    func invalidSignatureIsAClearError() async throws {
        // The server knows a different secret for the key id, as AWS would after a key rotation.
        let verifier = Self.verifier(service: "states", secret: "another-secret")
        let responder: InProcessHTTPServer.Responder = { request, _ in
            do {
                _ = try verifier.verify(request.signingRequest, now: Date())
                return .json(200, "{}")
            } catch {
                return .json(403, #"{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}"#)
            }
        }
        try await InProcessHTTPServer.with(responder) { server in
            let client = AWSStepFunctionsClient(region: "eu-west-1", credentials: Self.credentials, endpoint: server.endpoint)
            let error = try await using(client) { client in
                try await #require(throws: StepFunctionsError.self) {
                    _ = try await client.describeActivity(DescribeActivityInput(activityArn: "arn:aws:states:eu-west-1:123456789012:activity:x"))
                }
            }
            #expect(error.code == .invalidSignature)
            #expect(error.httpStatus == 403)
            #expect(error.message.contains("signature we calculated does not match"))
            #expect(server.requests.count == 1)
        }
    }

    @Test("Temporary credentials send and sign X-Amz-Security-Token")
    func sessionTokenIsSigned() async throws {
        let temporary = SigningCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token/with+chars=")
        try await InProcessHTTPServer.with({ _, _ in .json(200, #"{"stateMachines":[]}"#) }) { server in
            _ = try await using(AWSStepFunctionsClient(region: "eu-west-1", credentials: temporary, endpoint: server.endpoint)) {
                try await $0.listStateMachines(ListStateMachinesInput())
            }
            let request = try #require(server.requests.first)
            let verifier = SigV4Verifier(service: "states", region: "eu-west-1") { $0 == "ASIAEXAMPLE" ? "secret" : nil }
            let verified = try verifier.verify(request.signingRequest, now: Date())
            #expect(verified.sessionToken == "token/with+chars=")
            #expect(verified.signedHeaders.contains("x-amz-security-token"))
        }
    }
}
