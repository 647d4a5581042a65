import AWSSigV4
import Foundation
import StepFunctions
import StepwiseAWS
import Testing

/// The AWS backend against `stepwise serve`: the distributed engine's client talking to the
/// local one, including a server that checks signatures.
@Suite struct AWSClientTests {
    static let key = SigningCredentials(accessKeyId: "AKIDSTEPWISE", secretAccessKey: "right-secret")

    func client(_ url: URL, secret: String) -> AWSStepFunctionsClient {
        var options = AWSStepFunctionsClient.Options()
        options.retry = .none
        return AWSStepFunctionsClient(
            region: "us-east-1", credentials: SigningCredentials(accessKeyId: Self.key.accessKeyId, secretAccessKey: secret),
            endpoint: url, options: options)
    }

    @Test func theRightCredentialsAreServed() async throws {
        try await LiveServerTests.withServer(credentials: .require([Self.key])) { url, _ in
            let client = client(url, secret: Self.key.secretAccessKey)
            let created = try await client.createActivity(CreateActivityInput(name: "signed"))
            #expect(created.activityArn.hasSuffix(":activity:signed"))
            try await client.shutdown()
        }
    }

    @Test func wrongCredentialsGetAClearErrorNotAHang() async throws {
        try await LiveServerTests.withServer(credentials: .require([Self.key])) { url, _ in
            let client = client(url, secret: "wrong-secret")
            let started = Date()
            do {
                _ = try await client.listActivities(ListActivitiesInput())
                Issue.record("a request signed with the wrong secret was served")
            } catch let error as StepFunctionsError {
                #expect(error.code == .invalidSignature)
                #expect(error.httpStatus == 400)
                #expect(!error.message.isEmpty)
            }
            #expect(Date().timeIntervalSince(started) < 10)
            try await client.shutdown()
        }
    }
}
