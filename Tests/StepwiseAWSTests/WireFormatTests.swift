import Foundation
import NIOHTTP1
import StepFunctions
import TestSupport
import Testing

@testable import StepwiseAWS

@Suite("Wire formats")
struct WireFormatTests {
    @Test("Dates decode from epoch seconds and from the ISO 8601 forms emulators send", arguments: [
        ("1700000000.25", 1_700_000_000.25),
        ("\"1700000000.25\"", 1_700_000_000.25),
        ("\"2023-11-14T22:13:20.250Z\"", 1_700_000_000.25),
        ("\"2023-11-14T22:13:20+00:00\"", 1_700_000_000),
        ("\"2023-11-14 22:13:20.250000+00:00\"", 1_700_000_000.25),
        ("\"2023-11-14T22:13:20.250000\"", 1_700_000_000.25),
    ])
    func dates(json: String, seconds: Double) throws {
        let output = try ResponseDecoding.decode(StopExecutionOutput.self, from: Data(#"{"stopDate":\#(json)}"#.utf8))
        #expect(abs(output.stopDate.timeIntervalSince1970 - seconds) < 0.001)
    }

    /// Each backend method of the client sends its own operation: the client is derived from
    /// the operation table, including the methods it writes itself (long polls, sync executions).
    @Test("Every operation of the table goes out under its own name", arguments: StepFunctionsOperations.all.map(\.name))
    func operationTargets(_ name: String) async throws {
        let row = try #require(StepFunctionsOperations.named(name))
        let body = try #require(WireSamples.requests[name])
        try await InProcessHTTPServer.with({ _, _ in .json(200, "{}") }) { server in
            try await using(RetryAndTimeoutTests.client(server.endpoint)) { client in
                // `{}` is not every operation's answer: only what was sent matters here.
                _ = try? await row.dispatch(Data(body.utf8), to: client)
            }
            let sent = try #require(server.requests.first)
            #expect(sent.headers.first(named: "X-Amz-Target") == row.target)
            #expect(try JSONSerialization.jsonObject(with: sent.body) as? NSDictionary == JSONSerialization.jsonObject(with: Data(body.utf8)) as? NSDictionary)
        }
    }

    @Test("A date in neither form is a decoding error naming the text")
    func badDate() {
        #expect {
            _ = try ResponseDecoding.decode(StopExecutionOutput.self, from: Data(#"{"stopDate":"yesterday"}"#.utf8))
        } throws: { error in
            String(describing: error).contains("yesterday")
        }
    }

    @Test("An empty body is an empty object, so operations without output decode")
    func emptyBody() throws {
        _ = try ResponseDecoding.decode(EmptyOutput.self, from: Data())
        let task = try ResponseDecoding.decode(GetActivityTaskOutput.self, from: Data(#"{"taskToken":null,"input":null}"#.utf8))
        #expect(task.taskToken == nil)
    }

    @Test("S3's XML error body gives code, message and request ids; a bodiless answer its status and headers")
    func s3Errors() {
        let xml = Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist &amp; never did.</Message><Key>a/b</Key>\
            <RequestId>R1</RequestId><HostId>H1</HostId></Error>
            """.utf8)
        let error = S3Error.fromResponse(AWSHTTPResponse(status: 404, headers: [:], body: xml), bucket: "b", key: "a/b")
        #expect(error.code == "NoSuchKey")
        #expect(error.message == "The specified key does not exist & never did.")
        #expect(error.isNotFound)
        #expect(error.description == "S3 NoSuchKey (HTTP 404) for s3://b/a/b: The specified key does not exist & never did.")

        #expect(error.requestId == "R1")
        #expect(error.extendedRequestId == "H1")

        let head = S3Error.fromResponse(
            AWSHTTPResponse(status: 403, headers: ["x-amz-request-id": "R2", "x-amz-id-2": "H2"], body: Data()), bucket: "b", key: "k")
        #expect(head.code == "Forbidden")
        #expect(!head.isNotFound)
        #expect(head.requestId == "R2")
        #expect(head.extendedRequestId == "H2")
    }

    @Test("Object paths are path-style, encoded once, slashes kept; bad buckets and keys are refused before sending")
    func s3Paths() throws {
        #expect(try S3Client.path(bucket: "my-bucket", key: "stepwise/x y.json") == "/my-bucket/stepwise/x%20y.json")
        #expect(try S3Client.path(bucket: "my-bucket", key: nil) == "/my-bucket")
        #expect(throws: S3Error.self) { try S3Client.path(bucket: "", key: "k") }
        #expect(throws: S3Error.self) { try S3Client.path(bucket: "a/b", key: "k") }
        #expect(throws: S3Error.self) { try S3Client.path(bucket: "b", key: "") }
    }

    @Test("Paths join onto an endpoint's own path without doubled slashes")
    func joinPaths() {
        #expect(SignedHTTPTransport.join("", "/") == "/")
        #expect(SignedHTTPTransport.join("/", "/") == "/")
        #expect(SignedHTTPTransport.join("/proxy/", "/b/k") == "/proxy/b/k")
    }
}
