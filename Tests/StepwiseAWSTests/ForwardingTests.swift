import AWSConfig
import AWSSigV4
import Foundation
import StepFunctions
import Stepwise
import StepwiseJSON
import Testing

@testable import StepwiseAWS

/// The forwarder without a peer: the `--integrations` value, which resources it claims, the
/// forms it refuses, and Lambda's failures against an in-process server speaking the Invoke API
/// (moto's Lambda without Docker always succeeds and finds any function).
@Suite("Forwarding integrations")
struct ForwardingTests {
    static let emptyEnvironment = AWSConfigEnvironment(variables: [:], homeDirectory: nil, readFile: { _ in nil })

    @Test("--integrations endpoint=URL sends every service there, signed with placeholders when nothing is configured")
    func endpointSpec() throws {
        let endpoints = try IntegrationEndpoints.parse("endpoint=http://127.0.0.1:5000", environment: Self.emptyEnvironment)
        #expect(try endpoints.endpoint(for: .dynamoDB, region: "eu-west-1") == URL(string: "http://127.0.0.1:5000"))
        #expect(try endpoints.endpoint(for: .lambda, region: "us-east-1") == URL(string: "http://127.0.0.1:5000"))
        #expect(endpoints.credentials.accessKeyId == "stepwise")
        #expect(endpoints.region == nil)
        #expect(endpoints.coversEveryService)
    }

    @Test("Per-service overrides win over endpoint=URL; alone, only they are forwarded")
    func overrides() throws {
        let both = try IntegrationEndpoints.parse(
            "endpoint=http://127.0.0.1:5000, dynamodb=http://127.0.0.1:8000,events=http://127.0.0.1:9000", environment: Self.emptyEnvironment)
        #expect(try both.endpoint(for: .dynamoDB, region: "us-east-1") == URL(string: "http://127.0.0.1:8000"))
        #expect(try both.endpoint(for: .eventBridge, region: "us-east-1") == URL(string: "http://127.0.0.1:9000"))
        #expect(try both.endpoint(for: .sqs, region: "us-east-1") == URL(string: "http://127.0.0.1:5000"))

        let only = try IntegrationEndpoints.parse("sqs=http://127.0.0.1:9324", environment: Self.emptyEnvironment)
        #expect(only.covers(.sqs))
        #expect(!only.covers(.dynamoDB))
        #expect(try only.endpoint(for: .dynamoDB, region: "us-east-1") == nil)
        let forwarder = IntegrationForwarder(endpoints: only)
        #expect(forwarder.forwards(TaskResource("arn:aws:states:::sqs:sendMessage")))
        #expect(forwarder.forwards(TaskResource("arn:aws:states:::aws-sdk:sqs:listQueues")))
        #expect(!forwarder.forwards(TaskResource("arn:aws:states:::dynamodb:putItem")))
        #expect(!forwarder.forwards(TaskResource("arn:aws:lambda:us-east-1:123456789012:function:f")))
    }

    @Test("--integrations aws takes region, credentials and per-service endpoints from the AWS configuration")
    func awsSpec() throws {
        let environment = AWSConfigEnvironment(
            variables: [
                "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET",
                "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://127.0.0.1:4566",
            ],
            homeDirectory: nil, readFile: { _ in nil })
        let endpoints = try IntegrationEndpoints.parse("aws,sqs=http://127.0.0.1:9324", environment: environment)
        #expect(endpoints.region == "eu-west-1")
        #expect(endpoints.credentials.accessKeyId == "AKID")
        #expect(try endpoints.endpoint(for: .dynamoDB, region: "eu-west-1") == URL(string: "http://127.0.0.1:8000"))
        #expect(try endpoints.endpoint(for: .cloudWatchLogs, region: "eu-west-1") == URL(string: "http://127.0.0.1:4566"))
        #expect(try endpoints.endpoint(for: .sqs, region: "eu-west-1") == URL(string: "http://127.0.0.1:9324"))
        #expect(try endpoints.endpoint(for: .sns, region: "eu-west-1") == URL(string: "https://sns.eu-west-1.amazonaws.com"))
        #expect(try endpoints.endpoint(for: .lambda, region: "us-east-2") == URL(string: "https://lambda.us-east-2.amazonaws.com"))
    }

    @Test("Unusable --integrations values are refused with what to write", arguments: [
        ("", "name an endpoint"),
        ("endpoint=ftp://host", "is not an http:// or https:// URL"),
        ("endpoint=http://a:1,endpoint=http://b:2", "give one of aws and endpoint=URL"),
        ("rekognition=http://127.0.0.1:1", "unknown service 'rekognition'"),
        ("moto", "is neither aws, endpoint=URL nor SERVICE=URL"),
        ("aws", "the AWS configuration is incomplete"),
    ])
    func badSpecs(spec: String, problem: String) {
        #expect {
            _ = try IntegrationEndpoints.parse(spec, environment: Self.emptyEnvironment)
        } throws: { error in
            (error as? IntegrationSpecError)?.description.contains(problem) == true
        }
    }

    @Test("The forwarder claims integrations and function ARNs, not activities, nested executions or http:invoke")
    func claims() {
        let forwarder = IntegrationForwarder(endpoints: .endpoint(URL(string: "http://127.0.0.1:1")!, credentials: PeerProcess.credentials))
        for resource in [
            "arn:aws:states:::lambda:invoke", "arn:aws:lambda:us-east-1:123456789012:function:f:live", "arn:aws:states:::aws-sdk:kms:encrypt",
            "arn:aws:states:::ecs:runTask.sync", "arn:aws:states:::aws-sdk:rekognition:detectLabels",
        ] {
            #expect(forwarder.forwards(TaskResource(resource)), "\(resource)")
        }
        for resource in [
            "arn:aws:states:us-east-1:123456789012:activity:a", "arn:aws:states:::states:startExecution.sync", "arn:aws:states:::http:invoke",
        ] {
            #expect(!forwarder.forwards(TaskResource(resource)), "\(resource)")
        }
    }

    @Test("Forms that are not forwarded fail the task with States.Runtime saying why, without calling anything", arguments: [
        ("arn:aws:states:::ecs:runTask.sync", "does not follow a .sync job"),
        ("arn:aws:states:::glue:startJobRun.sync", "does not follow a .sync job"),
        ("arn:aws:states:::batch:submitJob.sync", "does not follow a .sync job"),
        ("arn:aws:states:::ecs:runTask", "use the AWS SDK form arn:aws:states:::aws-sdk:ecs:runTask"),
        ("arn:aws:states:::aws-sdk:rekognition:detectLabels", "serve it with a handler"),
        ("arn:aws:states:::aws-sdk:s3:listObjectsV2", "aws-sdk:s3:getObject and aws-sdk:s3:putObject"),
        ("arn:aws:states:::aws-sdk:lambda:invoke", "lambda:invoke and Lambda function ARNs"),
        ("arn:aws:states:::lambda:invoke", "needs a FunctionName"),
    ])
    func refusals(resource: String, explanation: String) async throws {
        try await InProcessHTTPServer.with({ _, _ in .json(500, "{}") }) { server in
            let forwarding = Forwarding(endpoint: server.endpoint)
            await #expect {
                _ = try await forwarding.forwarder.forward(forwarding.request(resource, [:]))
            } throws: { error in
                guard let failure = error as? TaskFailure else { return false }
                return failure.errorName == "States.Runtime" && failure.cause.contains(explanation)
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("A function error names the task failure by its errorType; lambda:invoke re-serializes the cause, a function ARN passes it through")
    func lambdaFunctionError() async throws {
        let error = #"{"errorMessage": "Some exception was raised.", "errorType": "Exception", "stackTrace": ["  File \"/var/task/handler.py\"\n"]}"#
        try await InProcessHTTPServer.with({ _, _ in
            .json(200, error, headers: [("X-Amz-Function-Error", "Unhandled"), ("X-Amz-Executed-Version", "$LATEST")])
        }) { server in
            let forwarding = Forwarding(endpoint: server.endpoint)
            let invoked = try await forwarding.run("arn:aws:states:::lambda:invoke", ["FunctionName": "my-function:live", "Payload": ["a": 1]])
            #expect(invoked.error == "Exception")
            #expect(invoked.cause == #"{"errorMessage":"Some exception was raised.","errorType":"Exception","stackTrace":["  File \"/var/task/handler.py\"\n"]}"#)

            let bare = try await forwarding.run(
                ["Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:my-function", "End": true], input: ["a": 1])
            #expect(bare.error == "Exception")
            #expect(bare.cause == error)

            // The Invoke API as Lambda defines it: the function in the path, the qualifier kept, the payload as the body.
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests.first?.method == "POST")
            #expect(requests.first?.uri == "/2015-03-31/functions/my-function%3Alive/invocations")
            #expect(requests.first.map { String(decoding: $0.body, as: UTF8.self) } == #"{"a":1}"#)
            #expect(requests.last?.uri == "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function/invocations")
            #expect(requests.first?.headers.first(named: "Authorization")?.contains("/us-east-1/lambda/aws4_request") == true)
        }
    }

    @Test("A crash without an errorType is Lambda.Unknown")
    func lambdaCrash() async throws {
        try await InProcessHTTPServer.with({ _, _ in
            .json(200, #"{"errorMessage":"2026-01-01T00:00:00Z Task timed out after 3.00 seconds"}"#, headers: [("X-Amz-Function-Error", "Unhandled")])
        }) { server in
            let invoked = try await Forwarding(endpoint: server.endpoint).run("arn:aws:states:::lambda:invoke", ["FunctionName": "slow"])
            #expect(invoked.error == "Lambda.Unknown")
            #expect(invoked.cause?.contains("Task timed out") == true)
        }
    }

    @Test("Lambda's own errors are Lambda.<Exception> with the SDK v1 cause; the envelope carries ExecutedVersion and the headers")
    func lambdaServiceErrors() async throws {
        let missing = #"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:gone"}"#
        try await InProcessHTTPServer.with({ request, _ in
            if request.uri.contains("gone") {
                return .json(404, missing, headers: [("x-amzn-ErrorType", "ResourceNotFoundException"), ("x-amzn-RequestId", "req-1")])
            }
            return .json(200, #""ok""#, headers: [("X-Amz-Executed-Version", "7"), ("x-amzn-RequestId", "req-2")])
        }) { server in
            let forwarding = Forwarding(endpoint: server.endpoint)
            let failed = try await forwarding.run("arn:aws:states:::lambda:invoke", ["FunctionName": "gone"])
            #expect(failed.error == "Lambda.ResourceNotFoundException")
            #expect(
                failed.cause == "Function not found: arn:aws:lambda:us-east-1:123456789012:function:gone (Service: AWSLambda; Status Code: 404; "
                    + "Error Code: ResourceNotFoundException; Request ID: req-1; Proxy: null)")

            let invoked = try await forwarding.run("arn:aws:states:::lambda:invoke", ["FunctionName": "f", "Qualifier": "7"])
            let output = try #require(invoked.output)
            #expect(output["ExecutedVersion"] == "7")
            #expect(output["Payload"] == "ok")
            #expect(output["SdkResponseMetadata"] == ["RequestId": "req-2"])
            #expect(output["SdkHttpMetadata"]?["AllHttpHeaders"]?["X-Amz-Executed-Version"] == ["7"])
            #expect(output["SdkHttpMetadata"]?["HttpHeaders"]?["Content-Length"] == "4")
            #expect(server.requests.last?.uri == "/2015-03-31/functions/f/invocations?Qualifier=7")
        }
    }

    @Test("An endpoint that cannot be reached is <Prefix>.SdkClientException")
    func unreachable() async throws {
        let closed = try PeerProcess.freePort()
        let forwarding = Forwarding(endpoint: URL(string: "http://127.0.0.1:\(closed)")!, retry: .none)
        let result = try await forwarding.run("arn:aws:states:::sqs:sendMessage", ["QueueUrl": "http://127.0.0.1/q", "MessageBody": "x"])
        #expect(result.error == "SQS.SdkClientException")
        #expect(result.cause?.hasPrefix("Unable to execute HTTP request: ") == true)
    }

    @Test("Error names: the code with Exception appended, the common AWS errors as the base exception")
    func exceptionClasses() {
        #expect(IntegrationErrorNaming.exceptionClass("NotFound") == "NotFoundException")
        #expect(IntegrationErrorNaming.exceptionClass("ConditionalCheckFailedException") == "ConditionalCheckFailedException")
        #expect(IntegrationErrorNaming.exceptionClass("ValidationException") == nil)
        #expect(IntegrationErrorNaming.exceptionClass("InvalidParameterValue") == nil)
        #expect(IntegrationErrorNaming.exceptionClass("AWS.SimpleQueueService.NonExistentQueue") == nil)
    }

    @Test("Member names translate to camelCase and back for camelCase services; the caller's map keys stay as written")
    func memberNames() {
        let dialect = AWSJSONDialect(version: "1.1", targetPrefix: "Logs_20140328", camelCaseMembers: true, opaqueMembers: ["tags"])
        let wire = WireMembers.request(["LogGroupName": "g", "Tags": ["Team": "a"], "Skip": nil, "Nested": [["Inner": 1]]], dialect: dialect)
        #expect(wire == ["logGroupName": "g", "tags": ["Team": "a"], "nested": [["inner": 1]]])
        #expect(WireMembers.response(["tags": ["team": "a"], "nextToken": "t"], dialect: dialect) == ["Tags": ["team": "a"], "NextToken": "t"])
        let pascal = AWSJSONDialect(version: "1.0", targetPrefix: "DynamoDB_20120810")
        #expect(WireMembers.request(["Item": ["id": ["S": "a"]], "Gone": nil], dialect: pascal) == ["Item": ["id": ["S": "a"]]])
    }
}
