import AWSConfig
import StepFunctions

/// The services the forwarder can call, and what it must know about each to call it as Step
/// Functions does and to name its errors as Step Functions names them. Facts from the AWS API
/// models (protocol, JSON version, target prefix, member casing) and from the Step Functions
/// developer guide (AWS SDK exception prefixes).
struct IntegrationService: Sendable {
    var aws: AWSService
    /// The name in `arn:aws:states:::aws-sdk:NAME:action`.
    var sdkName: String
    /// The prefix of AWS SDK integration errors (`DynamoDb.ResourceNotFoundException`); also the
    /// service the SDK v2 message names in the cause.
    var sdkErrorPrefix: String
    var wire: WireProtocol
    /// Present when Step Functions has an optimized integration forwarded for the service.
    var optimized: OptimizedIntegration?

    /// How a service's API travels.
    enum WireProtocol: Sendable {
        /// AWS JSON 1.0 / 1.1: `POST /` with `X-Amz-Target`, any action.
        case awsJSON(AWSJSONDialect)
        /// Lambda's REST-JSON `Invoke`.
        case lambdaInvoke
        /// SNS's Query protocol with an XML answer (`Publish`).
        case snsQuery
        /// S3's REST-XML object calls (`GetObject`, `PutObject`).
        case s3Objects
    }

    /// The optimized integration `arn:aws:states:::NAME:action`, whose errors carry the Java SDK
    /// v1's names: `<errorPrefix>.<exception class>`, and `<baseException>` for codes the SDK
    /// has no class for.
    struct OptimizedIntegration: Sendable {
        var resourceName: String
        var errorPrefix: String
        /// The service as the SDK v1 message names it (`AmazonDynamoDBv2`).
        var sdkServiceName: String
        var baseException: String
        /// Whether results carry `SdkHttpMetadata`/`SdkResponseMetadata` (EventBridge's do not).
        var carriesResponseMetadata: Bool
    }

    static let all: [IntegrationService] = [
        IntegrationService(
            aws: .lambda, sdkName: "lambda", sdkErrorPrefix: "Lambda", wire: .lambdaInvoke,
            optimized: OptimizedIntegration(
                resourceName: "lambda", errorPrefix: "Lambda", sdkServiceName: "AWSLambda", baseException: "AWSLambdaException",
                carriesResponseMetadata: true)),
        IntegrationService(
            aws: .dynamoDB, sdkName: "dynamodb", sdkErrorPrefix: "DynamoDb",
            wire: .awsJSON(AWSJSONDialect(version: "1.0", targetPrefix: "DynamoDB_20120810")),
            optimized: OptimizedIntegration(
                resourceName: "dynamodb", errorPrefix: "DynamoDB", sdkServiceName: "AmazonDynamoDBv2", baseException: "AmazonDynamoDBException",
                carriesResponseMetadata: true)),
        IntegrationService(
            aws: .sqs, sdkName: "sqs", sdkErrorPrefix: "Sqs", wire: .awsJSON(AWSJSONDialect(version: "1.0", targetPrefix: "AmazonSQS")),
            optimized: OptimizedIntegration(
                resourceName: "sqs", errorPrefix: "SQS", sdkServiceName: "AmazonSQS", baseException: "AmazonSQSException",
                carriesResponseMetadata: true)),
        IntegrationService(
            aws: .sns, sdkName: "sns", sdkErrorPrefix: "Sns", wire: .snsQuery,
            optimized: OptimizedIntegration(
                resourceName: "sns", errorPrefix: "SNS", sdkServiceName: "AmazonSNS", baseException: "AmazonSNSException",
                carriesResponseMetadata: true)),
        IntegrationService(
            aws: .eventBridge, sdkName: "eventbridge", sdkErrorPrefix: "EventBridge",
            wire: .awsJSON(AWSJSONDialect(version: "1.1", targetPrefix: "AWSEvents")),
            optimized: OptimizedIntegration(
                resourceName: "events", errorPrefix: "EventBridge", sdkServiceName: "AmazonEventBridge",
                baseException: "AmazonEventBridgeException", carriesResponseMetadata: false)),
        IntegrationService(aws: .s3, sdkName: "s3", sdkErrorPrefix: "S3", wire: .s3Objects),
        IntegrationService(
            aws: .stepFunctions, sdkName: "sfn", sdkErrorPrefix: "Sfn",
            wire: .awsJSON(AWSJSONDialect(
                version: "1.0", targetPrefix: "AWSStepFunctions", camelCaseMembers: true,
                opaqueMembers: ["assignedVariables", "variableReferences"]))),
        IntegrationService(
            aws: .secretsManager, sdkName: "secretsmanager", sdkErrorPrefix: "SecretsManager",
            wire: .awsJSON(AWSJSONDialect(version: "1.1", targetPrefix: "secretsmanager"))),
        IntegrationService(aws: .ssm, sdkName: "ssm", sdkErrorPrefix: "Ssm", wire: .awsJSON(AWSJSONDialect(version: "1.1", targetPrefix: "AmazonSSM"))),
        IntegrationService(
            aws: .kinesis, sdkName: "kinesis", sdkErrorPrefix: "Kinesis", wire: .awsJSON(AWSJSONDialect(version: "1.1", targetPrefix: "Kinesis_20131202"))),
        IntegrationService(
            aws: .cloudWatchLogs, sdkName: "cloudwatchlogs", sdkErrorPrefix: "CloudWatchLogs",
            wire: .awsJSON(AWSJSONDialect(
                version: "1.1", targetPrefix: "Logs_20140328", camelCaseMembers: true,
                opaqueMembers: [
                    "attributes", "deliverySourceConfiguration", "dimensions", "enumerations", "extractedValues", "histogram", "keyAttributes",
                    "logRecord", "tags",
                ]))),
        IntegrationService(aws: .kms, sdkName: "kms", sdkErrorPrefix: "Kms", wire: .awsJSON(AWSJSONDialect(version: "1.1", targetPrefix: "TrentService"))),
        IntegrationService(
            aws: .ecs, sdkName: "ecs", sdkErrorPrefix: "Ecs",
            wire: .awsJSON(AWSJSONDialect(
                version: "1.1", targetPrefix: "AmazonEC2ContainerServiceV20141113", camelCaseMembers: true,
                opaqueMembers: ["dockerLabels", "driverOpts", "labels", "options"]))),
        IntegrationService(aws: .glue, sdkName: "glue", sdkErrorPrefix: "Glue", wire: .awsJSON(AWSJSONDialect(version: "1.1", targetPrefix: "AWSGlue"))),
        IntegrationService(
            aws: .athena, sdkName: "athena", sdkErrorPrefix: "Athena", wire: .awsJSON(AWSJSONDialect(version: "1.1", targetPrefix: "AmazonAthena"))),
    ]

    /// The service an integration resource names (`dynamodb`, `events`, `aws-sdk:eventbridge`);
    /// an optimized form the forwarder does not serve (`ecs:runTask.sync`) finds its service
    /// too, so that the call fails saying which forms are forwarded.
    static func named(in integration: TaskResource.Integration) -> IntegrationService? {
        if integration.isSDK { return all.first { $0.sdkName == integration.service } }
        return all.first { $0.optimized?.resourceName == integration.service } ?? all.first { $0.sdkName == integration.service }
    }

    /// The service `--integrations NAME=URL` overrides: its AWS SDK integration name, its
    /// optimized integration name or its endpoint prefix (`eventbridge`, `events`; `sfn`,
    /// `states`; `cloudwatchlogs`, `logs`).
    static func named(_ name: String) -> IntegrationService? {
        let name = name.lowercased()
        return all.first { $0.sdkName == name || $0.optimized?.resourceName == name || $0.aws.endpointPrefix == name }
    }
}

/// One AWS JSON protocol service: how its calls are addressed and how its members are spelled.
struct AWSJSONDialect: Sendable {
    /// `1.0` or `1.1` (`Content-Type: application/x-amz-json-1.0`).
    var version: String
    /// `X-Amz-Target: <targetPrefix>.<Action>`.
    var targetPrefix: String
    /// Whether the wire spells members in camelCase; Step Functions' parameters and results are
    /// PascalCase whatever the service uses, so names are translated both ways.
    var camelCaseMembers = false
    /// Members (by wire name) whose values are maps keyed by the caller's own names (tags,
    /// labels): their keys are data and are never translated.
    var opaqueMembers: Set<String> = []
}
