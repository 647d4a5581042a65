import Foundation
import StepFunctions
import Stepwise
import StepwiseAWS
import StepwiseJSON
import Testing

/// The embedded engine forwarding Task integrations to moto's server: each test runs a small
/// state machine whose Task is forwarded, checks the task result's shape, and checks the effect
/// in moto (the item stored, the message queued, the object written); and the errors, named as
/// Step Functions names them.
@Suite(
    "Integrations forwarded to moto's server", .enabled(if: PeerSpec.motoServices.isInstalled, PeerSpec.motoServices.skipComment),
    .peer(.motoServices))
struct ForwardingMotoTests {
    static func moto() throws -> Forwarding { Forwarding(try PeerSpec.motoServices.running()) }

    // MARK: - DynamoDB

    @Test("dynamodb:putItem/getItem/updateItem/deleteItem change the table, with the response's HTTP metadata")
    func dynamoDBItems() async throws {
        let moto = try Self.moto()
        let table = try await moto.createTable()

        let put = try await moto.run("arn:aws:states:::dynamodb:putItem", ["TableName": .string(table), "Item": ["id": ["S": "a"], "n": ["N": "1"]]])
        #expect(put.status == .succeeded)
        #expect(put.output?.objectValue.map { Array($0.keys) } == ["SdkHttpMetadata", "SdkResponseMetadata"])
        expectResponseMetadata(put.output, contentType: "application/x-amz-json-1.0")

        let get = try await moto.run("arn:aws:states:::dynamodb:getItem", ["TableName": .string(table), "Key": ["id": ["S": "a"]]])
        #expect(get.output?["Item"] == ["id": ["S": "a"], "n": ["N": "1"]])
        #expect(get.output?.objectValue.map { Array($0.keys) } == ["Item", "SdkHttpMetadata", "SdkResponseMetadata"])

        let update = try await moto.run(
            "arn:aws:states:::dynamodb:updateItem",
            [
                "TableName": .string(table), "Key": ["id": ["S": "a"]], "UpdateExpression": "SET n = n + :one",
                "ExpressionAttributeValues": [":one": ["N": "1"]], "ReturnValues": "UPDATED_NEW",
            ])
        #expect(update.output?["Attributes"] == ["n": ["N": "2"]])

        let delete = try await moto.run(
            "arn:aws:states:::dynamodb:deleteItem", ["TableName": .string(table), "Key": ["id": ["S": "a"]], "ReturnValues": "ALL_OLD"])
        #expect(delete.output?["Attributes"] == ["id": ["S": "a"], "n": ["N": "2"]])
        // The AWS SDK form: the bare response, without metadata.
        #expect(try await moto.sdk("dynamodb", "getItem", ["TableName": .string(table), "Key": ["id": ["S": "a"]]]) == [:])
    }

    @Test("aws-sdk:dynamodb:putItem and query: the response alone, PascalCase, no metadata")
    func dynamoDBQuery() async throws {
        let moto = try Self.moto()
        let table = try await moto.createTable()
        let put = try await moto.run("arn:aws:states:::aws-sdk:dynamodb:putItem", ["TableName": .string(table), "Item": ["id": ["S": "q"]]])
        #expect(put.output == [:])
        let query = try await moto.run(
            "arn:aws:states:::aws-sdk:dynamodb:query",
            ["TableName": .string(table), "KeyConditionExpression": "id = :id", "ExpressionAttributeValues": [":id": ["S": "q"]]])
        #expect(query.status == .succeeded)
        #expect(query.output?["Items"] == [["id": ["S": "q"]]])
        #expect(query.output?["Count"] == 1)
        #expect(query.output?["SdkHttpMetadata"] == nil)
    }

    @Test("DynamoDB errors: SDK v1 names and causes for the optimized form, v2 for the AWS SDK form")
    func dynamoDBErrors() async throws {
        let moto = try Self.moto()
        let table = try await moto.createTable()
        let item: JSONValue = ["TableName": .string(table), "Item": ["id": ["S": "c"]], "ConditionExpression": "attribute_not_exists(id)"]
        #expect(try await moto.run("arn:aws:states:::dynamodb:putItem", item).status == .succeeded)

        let conflict = try await moto.run("arn:aws:states:::dynamodb:putItem", item)
        #expect(conflict.error == "DynamoDB.ConditionalCheckFailedException")
        expectV1Cause(conflict.cause, message: "The conditional request failed", service: "AmazonDynamoDBv2", status: 400, code: "ConditionalCheckFailedException")

        let missing = try await moto.run("arn:aws:states:::dynamodb:getItem", ["TableName": "no-such-table", "Key": ["id": ["S": "a"]]])
        #expect(missing.error == "DynamoDB.ResourceNotFoundException")
        expectV1Cause(missing.cause, message: "Requested resource not found", service: "AmazonDynamoDBv2", status: 400, code: "ResourceNotFoundException")

        // A code the SDK has no class for is the base exception.
        let invalid = try await moto.run("arn:aws:states:::dynamodb:putItem", ["TableName": .string(table), "Item": ["other": ["S": "x"]]])
        #expect(invalid.error == "DynamoDB.AmazonDynamoDBException")
        #expect(invalid.cause?.contains("; Error Code: ValidationException; ") == true)

        let sdkMissing = try await moto.run("arn:aws:states:::aws-sdk:dynamodb:getItem", ["TableName": "no-such-table", "Key": ["id": ["S": "a"]]])
        #expect(sdkMissing.error == "DynamoDb.ResourceNotFoundException")
        let cause = try #require(sdkMissing.cause)
        #expect(cause.hasPrefix("Requested resource not found (Service: DynamoDb, Status Code: 400, Request ID: "))
        #expect(cause.hasSuffix(")") && !cause.contains("Proxy"))
        let sdkInvalid = try await moto.run("arn:aws:states:::aws-sdk:dynamodb:putItem", ["TableName": .string(table), "Item": ["other": ["S": "x"]]])
        #expect(sdkInvalid.error == "DynamoDb.DynamoDbException")
    }

    // MARK: - SQS

    @Test("sqs:sendMessage sends an object MessageBody as its JSON text; the result carries MD5, id and metadata")
    func sqsSendMessage() async throws {
        let moto = try Self.moto()
        let queue = try await moto.createQueue()
        let sent = try await moto.run(
            "arn:aws:states:::sqs:sendMessage", ["QueueUrl": .string(queue), "MessageBody": ["order": 7, "items": ["a"]]])
        #expect(sent.status == .succeeded)
        let output = try #require(sent.output)
        #expect(output.objectValue.map { Array($0.keys) } == ["MD5OfMessageBody", "MessageId", "SdkHttpMetadata", "SdkResponseMetadata"])
        expectResponseMetadata(output, contentType: "application/x-amz-json-1.0")

        let message = try await moto.receive(queue)
        #expect(message?["Body"] == #"{"order":7,"items":["a"]}"#)
        #expect(message?["MessageId"] == output["MessageId"])
        #expect(message?["MD5OfBody"] == output["MD5OfMessageBody"])
    }

    @Test("SQS errors: a missing queue is its modeled exception, a bad parameter the base exception")
    func sqsErrors() async throws {
        let moto = try Self.moto()
        let queue = try await moto.createQueue()
        let missing = try await moto.run(
            "arn:aws:states:::sqs:sendMessage", ["QueueUrl": .string(queue + "-gone"), "MessageBody": "hello"])
        #expect(missing.error == "SQS.QueueDoesNotExistException")
        // The SDK reports the code SQS used before its JSON protocol.
        expectV1Cause(
            missing.cause, message: "The specified queue does not exist.", service: "AmazonSQS", status: 400,
            code: "AWS.SimpleQueueService.NonExistentQueue")

        let invalid = try await moto.run(
            "arn:aws:states:::sqs:sendMessage", ["QueueUrl": .string(queue), "MessageBody": "hello", "DelaySeconds": 1000])
        #expect(invalid.error == "SQS.AmazonSQSException")
        #expect(invalid.cause?.contains("(Service: AmazonSQS; Status Code: 400; Error Code: InvalidParameterValue; ") == true)
    }

    @Test("sqs:sendMessage.waitForTaskToken sends the token, submits the response, and ends with the callback's output")
    func sqsWaitForTaskToken() async throws {
        let moto = try Self.moto()
        let queue = try await moto.createQueue()
        let name = uniqueName("callback")
        let definition: JSONValue = [
            "StartAt": "Ask",
            "States": [
                "Ask": [
                    "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": ["QueueUrl": .string(queue), "MessageBody": ["token.$": "$$.Task.Token", "order.$": "$.order"]],
                    "End": true,
                ]
            ],
        ]
        try await moto.stepwise.ensureStateMachine(name, definition: .json(JSONSerializer.string(definition)))
        let executionArn = try await moto.stepwise.startExecution(name, input: ["order": 7])

        let message = try #require(try await moto.receive(queue))
        let body = try JSONParser.parse(try #require(message["Body"]?.stringValue))
        #expect(body["order"] == 7)
        let token = try #require(body["token"]?.stringValue)
        _ = try await moto.engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: #"{"approved":true}"#))
        let result = try await moto.stepwise.waitForExecution(executionArn)
        #expect(result.status == .succeeded)
        #expect(result.output == ["approved": true])

        let history = try await moto.engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: executionArn))
        let submitted = try #require(history.events.first { $0.type == .taskSubmitted })
        let submittedOutput = try JSONParser.parse(try #require(submitted.details?["output"]?.stringValue))
        #expect(submittedOutput["MessageId"] == message["MessageId"])
        #expect(submittedOutput["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
    }

    // MARK: - SNS

    @Test("sns:publish publishes an object Message as its JSON text, with attributes; the result carries the id and metadata")
    func snsPublish() async throws {
        let moto = try Self.moto()
        let topic = try await moto.createTopic()
        let queue = try await moto.createQueue()
        let queueArn = "arn:aws:sqs:\(PeerProcess.region):123456789012:\(queue.split(separator: "/").last ?? "")"
        _ = try await moto.query("sns", [
            ("Action", "Subscribe"), ("Version", "2010-03-31"), ("TopicArn", topic), ("Protocol", "sqs"), ("Endpoint", queueArn),
        ])

        let published = try await moto.run(
            "arn:aws:states:::sns:publish",
            [
                "TopicArn": .string(topic), "Message": ["hello": "world"], "Subject": "greeting",
                "MessageAttributes": ["kind": ["DataType": "String", "StringValue": "test"]],
            ])
        #expect(published.status == .succeeded)
        let output = try #require(published.output)
        #expect(output.objectValue.map { Array($0.keys) } == ["MessageId", "SdkHttpMetadata", "SdkResponseMetadata"])
        expectResponseMetadata(output, contentType: "text/xml")

        let delivered = try #require(try await moto.receive(queue))
        let envelope = try JSONParser.parse(try #require(delivered["Body"]?.stringValue))
        #expect(envelope["Message"] == #"{"hello":"world"}"#)
        #expect(envelope["MessageId"] == output["MessageId"])
        #expect(envelope["Subject"] == "greeting")
        #expect(envelope["MessageAttributes"]?["kind"]?["Value"] == "test")
    }

    @Test("SNS errors: a missing topic is SNS.NotFoundException with the SDK v1 cause")
    func snsErrors() async throws {
        let moto = try Self.moto()
        let missing = try await moto.run(
            "arn:aws:states:::sns:publish", ["TopicArn": "arn:aws:sns:us-east-1:123456789012:no-such-topic", "Message": "hi"])
        #expect(missing.error == "SNS.NotFoundException")
        let cause = try #require(missing.cause)
        #expect(cause.contains(" (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: "))
        #expect(cause.hasSuffix("; Proxy: null)"))
    }

    // MARK: - EventBridge

    @Test("events:putEvents serializes Detail and names the machine and execution in Resources; no metadata")
    func eventBridgePutEvents() async throws {
        let moto = try Self.moto()
        let queue = try await moto.createQueue()
        let queueName = String(queue.split(separator: "/").last ?? "")
        let source = uniqueName("stepwise.test")
        let rule = uniqueName("rule")
        _ = try await moto.sdk("eventbridge", "putRule", ["Name": .string(rule), "EventPattern": .string(#"{"source":["\#(source)"]}"#)])
        _ = try await moto.sdk(
            "eventbridge", "putTargets",
            ["Rule": .string(rule), "Targets": [["Id": "queue", "Arn": .string("arn:aws:sqs:us-east-1:123456789012:\(queueName)")]]])

        let put = try await moto.run(
            "arn:aws:states:::events:putEvents",
            ["Entries": [["Source": .string(source), "DetailType": "order", "Detail": ["order": 7], "Resources": ["arn:aws:s3:::mine"]]]])
        #expect(put.status == .succeeded)
        let output = try #require(put.output)
        #expect(output["FailedEntryCount"] == 0)
        #expect(output["Entries"]?.arrayValue?.first?["EventId"]?.stringValue != nil)
        #expect(output["SdkHttpMetadata"] == nil)

        let delivered = try #require(try await moto.receive(queue))
        let event = try JSONParser.parse(try #require(delivered["Body"]?.stringValue))
        #expect(event["detail"] == ["order": 7])
        let machineArn = put.stateMachineArn
        #expect(event["resources"] == ["arn:aws:s3:::mine", .string(machineArn), .string(put.executionArn)])
    }

    @Test("events:putEvents with a failed entry fails the task with EventBridge.FailedEntry and the response as cause")
    func eventBridgeFailedEntry() async throws {
        let moto = try Self.moto()
        let failed = try await moto.run(
            "arn:aws:states:::events:putEvents", ["Entries": [["Source": "stepwise.test", "DetailType": "order", "Detail": "{not json"]]])
        #expect(failed.error == "EventBridge.FailedEntry")
        let cause = try JSONParser.parse(try #require(failed.cause))
        #expect(cause["FailedEntryCount"] == 1)
        #expect(cause["Entries"]?.arrayValue?.first?["ErrorCode"] == "MalformedDetail")
    }

    // MARK: - S3

    @Test("aws-sdk:s3:putObject writes the object; getObject returns Body and the object's members")
    func s3Objects() async throws {
        let moto = try Self.moto()
        let client = S3Client(region: PeerProcess.region, credentials: PeerProcess.credentials, endpoint: moto.endpoint, httpClient: AWSHTTPClients.shared)
        let bucket = uniqueName("objects")
        try await client.createBucket(bucket)

        let put = try await moto.run(
            "arn:aws:states:::aws-sdk:s3:putObject",
            ["Bucket": .string(bucket), "Key": "orders/7.json", "Body": ["order": 7], "ContentType": "application/json", "Metadata": ["owner": "me"]])
        #expect(put.status == .succeeded)
        let eTag = try #require(put.output?["ETag"]?.stringValue)
        #expect(eTag.hasPrefix("\""))
        #expect(String(decoding: try await client.getObject(bucket: bucket, key: "orders/7.json"), as: UTF8.self) == #"{"order":7}"#)

        let get = try await moto.run("arn:aws:states:::aws-sdk:s3:getObject", ["Bucket": .string(bucket), "Key": "orders/7.json"])
        let output = try #require(get.output)
        #expect(output["Body"] == #"{"order":7}"#)
        #expect(output["ContentLength"] == 11)
        #expect(output["ContentType"] == "application/json")
        #expect(output["ETag"] == .string(eTag))
        #expect(output["Metadata"] == ["owner": "me"])
        #expect(output["LastModified"]?.stringValue?.hasSuffix("Z") == true)
        #expect(output.objectValue?.keys.last == "Body")
    }

    @Test("S3 errors: SDK v2 names (code + Exception) and causes with the extended request id")
    func s3Errors() async throws {
        let moto = try Self.moto()
        let client = S3Client(region: PeerProcess.region, credentials: PeerProcess.credentials, endpoint: moto.endpoint, httpClient: AWSHTTPClients.shared)
        let bucket = uniqueName("objects")
        try await client.createBucket(bucket)

        let missingKey = try await moto.run("arn:aws:states:::aws-sdk:s3:getObject", ["Bucket": .string(bucket), "Key": "none"])
        #expect(missingKey.error == "S3.NoSuchKeyException")
        let cause = try #require(missingKey.cause)
        #expect(cause.hasPrefix("The specified key does not exist. (Service: S3, Status Code: 404, Request ID: "))
        #expect(cause.contains(", Extended Request ID: "))

        let missingBucket = try await moto.run("arn:aws:states:::aws-sdk:s3:getObject", ["Bucket": .string(uniqueName("gone")), "Key": "k"])
        #expect(missingBucket.error == "S3.NoSuchBucketException")
    }

    // MARK: - Lambda

    @Test("lambda:invoke gives the Invoke envelope; a function ARN its bare payload (moto's Lambda without Docker echoes the event)")
    func lambdaInvoke() async throws {
        let moto = try Self.moto()
        let function = try await moto.createFunction()

        let invoked = try await moto.run("arn:aws:states:::lambda:invoke", ["FunctionName": .string(function), "Payload": ["x.$": "$.x"]], input: ["x": 41])
        #expect(invoked.status == .succeeded)
        let output = try #require(invoked.output)
        #expect(output["Payload"] == ["x": 41])
        #expect(output["StatusCode"] == 200)
        #expect(output.objectValue.map { Array($0.keys) } == ["Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"])
        expectResponseMetadata(output, contentType: "application/json")

        // A string Payload is the request body itself.
        let raw = try await moto.run("arn:aws:states:::lambda:invoke", ["FunctionName": .string(function), "Payload": #""HelloWorld""#])
        #expect(raw.output?["Payload"] == "HelloWorld")

        let bare = try await moto.run(
            ["Type": "Task", "Resource": .string("arn:aws:lambda:us-east-1:123456789012:function:\(function)"), "End": true],
            input: ["x": 1, "y": [true]])
        #expect(bare.status == .succeeded)
        #expect(bare.output == ["x": 1, "y": [true]])
    }

    // MARK: - The generic AWS SDK form

    @Test("aws-sdk:sfn (camelCase on the wire): PascalCase parameters in, PascalCase results out, errors as Sfn.*")
    func sdkCamelCaseService() async throws {
        let moto = try Self.moto()
        let name = uniqueName("remote")
        let created = try await moto.run(
            "arn:aws:states:::aws-sdk:sfn:createStateMachine",
            [
                "Name": .string(name), "RoleArn": "arn:aws:iam::123456789012:role/stepwise",
                "Definition": #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
            ])
        #expect(created.status == .succeeded)
        let arn = try #require(created.output?["StateMachineArn"]?.stringValue)
        #expect(arn.hasSuffix(":stateMachine:\(name)"))
        #expect(created.output?["CreationDate"] != nil)

        let described = try await moto.sdk("sfn", "describeStateMachine", ["StateMachineArn": .string(arn)])
        #expect(described["Name"] == .string(name))

        let missing = try await moto.run(
            "arn:aws:states:::aws-sdk:sfn:describeStateMachine", ["StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:none"])
        #expect(missing.error == "Sfn.StateMachineDoesNotExistException")
        #expect(missing.cause?.contains("(Service: Sfn, Status Code: 400, Request ID: ") == true)
    }

    @Test("aws-sdk:cloudwatchlogs keeps the caller's tag keys as written while translating member names")
    func sdkOpaqueMembers() async throws {
        let moto = try Self.moto()
        let group = "/stepwise/\(uniqueName("group"))"
        let created = try await moto.run(
            "arn:aws:states:::aws-sdk:cloudwatchlogs:createLogGroup", ["LogGroupName": .string(group), "Tags": ["Team": "Core", "cost-center": "7"]])
        #expect(created.status == .succeeded)
        let tags = try await moto.sdk("cloudwatchlogs", "listTagsLogGroup", ["LogGroupName": .string(group)])
        #expect(tags == ["Tags": ["Team": "Core", "cost-center": "7"]])
    }

    @Test("aws-sdk:secretsmanager (PascalCase, AWS JSON 1.1): create, then read the secret back")
    func sdkSecretsManager() async throws {
        let moto = try Self.moto()
        let name = uniqueName("secret")
        let created = try await moto.run("arn:aws:states:::aws-sdk:secretsmanager:createSecret", ["Name": .string(name), "SecretString": "s3cr3t"])
        #expect(created.output?["Name"] == .string(name))
        let read = try await moto.run("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", ["SecretId": .string(name)])
        #expect(read.output?["SecretString"] == "s3cr3t")
        let missing = try await moto.run("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", ["SecretId": .string(uniqueName("none"))])
        #expect(missing.error == "SecretsManager.ResourceNotFoundException")
    }
}

extension Forwarding {
    func createTable() async throws -> String {
        let table = uniqueName("items")
        _ = try await sdk(
            "dynamodb", "createTable",
            [
                "TableName": .string(table), "KeySchema": [["AttributeName": "id", "KeyType": "HASH"]],
                "AttributeDefinitions": [["AttributeName": "id", "AttributeType": "S"]], "BillingMode": "PAY_PER_REQUEST",
            ])
        return table
    }

    /// A new queue's URL.
    func createQueue() async throws -> String {
        let created = try await sdk("sqs", "createQueue", ["QueueName": .string(uniqueName("queue"))])
        return try #require(created["QueueUrl"]?.stringValue)
    }

    /// The next message on `queue`: SQS's long poll returns as soon as one arrives.
    func receive(_ queue: String) async throws -> JSONValue? {
        let received = try await sdk("sqs", "receiveMessage", ["QueueUrl": .string(queue), "WaitTimeSeconds": 20, "MaxNumberOfMessages": 1])
        return received["Messages"]?.arrayValue?.first
    }

    /// A new topic's ARN.
    func createTopic() async throws -> String {
        let xml = try await query("sns", [("Action", "CreateTopic"), ("Version", "2010-03-31"), ("Name", uniqueName("topic"))])
        let arn = xml.range(of: "<TopicArn>").flatMap { open in xml.range(of: "</TopicArn>").map { String(xml[open.upperBound..<$0.lowerBound]) } }
        return try #require(arn)
    }

    /// A new function's name (moto wants its role to exist; the code is an empty zip archive).
    func createFunction() async throws -> String {
        let role = uniqueName("role")
        _ = try await query("iam", [
            ("Action", "CreateRole"), ("Version", "2010-05-08"), ("RoleName", role), ("AssumeRolePolicyDocument", "{}"),
        ])
        let name = uniqueName("echo")
        _ = try await restJSON(
            "/2015-03-31/functions", service: "lambda",
            [
                "FunctionName": .string(name), "Runtime": "python3.12", "Handler": "index.handler",
                "Role": .string("arn:aws:iam::123456789012:role/\(role)"), "Code": ["ZipFile": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="],
            ])
        return name
    }
}

/// `SdkHttpMetadata` and `SdkResponseMetadata` as the SDK v1 records the response: every header
/// as a list, one value per header sorted case-insensitively, the status, the request id.
func expectResponseMetadata(_ output: JSONValue?, contentType: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let metadata = output?["SdkHttpMetadata"]
    #expect(metadata?["HttpStatusCode"] == 200, sourceLocation: sourceLocation)
    let requestId = output?["SdkResponseMetadata"]?["RequestId"]?.stringValue
    #expect(requestId?.isEmpty == false, sourceLocation: sourceLocation)
    let single = metadata?["HttpHeaders"]?.objectValue ?? [:]
    func header(_ object: JSONObject, _ name: String) -> JSONValue? { object.first { $0.key.lowercased() == name }?.value }
    #expect(header(single, "x-amzn-requestid")?.stringValue == requestId, sourceLocation: sourceLocation)
    #expect(header(single, "content-type") == .string(contentType), sourceLocation: sourceLocation)
    #expect(single.keys.map { $0.lowercased() } == single.keys.map { $0.lowercased() }.sorted(), sourceLocation: sourceLocation)
    let all = metadata?["AllHttpHeaders"]?.objectValue ?? [:]
    #expect(header(all, "content-type") == [.string(contentType)], sourceLocation: sourceLocation)
}

/// The SDK v1 cause: `msg (Service: S; Status Code: N; Error Code: C; Request ID: R; Proxy: null)`.
func expectV1Cause(
    _ cause: String?, message: String, service: String, status: Int, code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let prefix = "\(message) (Service: \(service); Status Code: \(status); Error Code: \(code); Request ID: "
    #expect(cause?.hasPrefix(prefix) == true, "\(cause ?? "no cause")", sourceLocation: sourceLocation)
    #expect(cause?.hasSuffix("; Proxy: null)") == true, sourceLocation: sourceLocation)
}
