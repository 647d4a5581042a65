import AWSSigV4
import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseServer
import Testing

/// The protocol layer without HTTP: targets, bodies and errors, as AWS answers them.
@Suite struct EndpointTests {
    let endpoint = StepFunctionsEndpoint(backend: Engine(), credentials: .acceptAny)

    static func request(_ target: String?, _ body: String, method: String = "POST") -> WireRequest {
        var headers = [HTTPHeader("Host", "127.0.0.1:8083"), HTTPHeader("Content-Type", StepFunctionsEndpoint.contentType)]
        if let target { headers.append(HTTPHeader("X-Amz-Target", target)) }
        return WireRequest(method: method, target: "/", headers: headers, body: Data(body.utf8))
    }

    static func object(_ response: WireResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    @Test func namedOperationIsDispatchedToTheBackend() async throws {
        let response = await endpoint.respond(to: Self.request("AWSStepFunctions.CreateActivity", #"{"name": "pick"}"#))
        #expect(response.status == 200)
        #expect(response.headers.first(named: "content-type") == "application/x-amz-json-1.0")
        #expect(response.headers.first(named: "x-amzn-requestid") != nil)
        let created = try WireCoding.decode(CreateActivityOutput.self, from: response.body)
        #expect(created.activityArn == "arn:aws:states:us-east-1:123456789012:activity:pick")

        let listed = await endpoint.respond(to: Self.request("AWSStepFunctions.ListActivities", ""))
        #expect(try WireCoding.decode(ListActivitiesOutput.self, from: listed.body).activities.map(\.name) == ["pick"])
    }

    @Test(arguments: [
        ("AWSStepFunctions.LaunchRocket", "POST"), ("DynamoDB_20120810.ListTables", "POST"), ("AWSStepFunctions.", "POST"),
        ("AWSStepFunctions.ListActivities", "GET"),
    ])
    func unknownTargetsAndMethodsAreUnknownOperations(target: String, method: String) async throws {
        let response = await endpoint.respond(to: Self.request(target, "{}", method: method))
        #expect(response.status == 400)
        #expect(try Self.object(response)["__type"] as? String == "com.amazon.coral.service#UnknownOperationException")
    }

    @Test func missingTargetIsAnUnknownOperation() async throws {
        let response = await endpoint.respond(to: Self.request(nil, "{}"))
        #expect(response.status == 400)
        #expect(try Self.object(response)["message"] as? String ?? "" == "The X-Amz-Target header is missing: it names the operation, as AWSStepFunctions.<Operation>")
    }

    @Test(arguments: [#"{"name": "#, #"["name"]"#, #"{"name": 7}"#])
    func unreadableBodiesAreSerializationErrors(body: String) async throws {
        let response = await endpoint.respond(to: Self.request("AWSStepFunctions.CreateActivity", body))
        #expect(response.status == 400)
        #expect(try Self.object(response)["__type"] as? String == "com.amazon.coral.service#SerializationException")
    }

    @Test func serviceErrorsKeepTheServiceNamespaceAndStatus() async throws {
        let response = await endpoint.respond(to: Self.request("AWSStepFunctions.DescribeActivity", #"{"activityArn": "nope"}"#))
        #expect(response.status == 400)
        let body = try Self.object(response)
        #expect((body["__type"] as? String)?.hasSuffix("#InvalidArn") == true)
        #expect(body["__type"] as? String != "com.amazon.coral.service#InvalidArn")
        #expect(Set(body.keys) == ["__type", "message"])
    }
}
