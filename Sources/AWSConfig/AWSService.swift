/// What configuration needs to know about a service.
public struct AWSService: Sendable, Hashable {
    /// The SDK service id (`SFN`, `S3`): it names the endpoint environment variable and the
    /// key in a `[services …]` section.
    public var serviceId: String
    /// The first label of the default host name (`states` in `states.us-east-1.amazonaws.com`).
    public var endpointPrefix: String
    /// The SigV4 service name.
    public var signingName: String

    public init(serviceId: String, endpointPrefix: String, signingName: String) {
        self.serviceId = serviceId
        self.endpointPrefix = endpointPrefix
        self.signingName = signingName
    }

    public static let stepFunctions = AWSService(serviceId: "SFN", endpointPrefix: "states", signingName: "states")
    public static let s3 = AWSService(serviceId: "S3", endpointPrefix: "s3", signingName: "s3")
    // Services Step Functions integrations call (forwarded by the local engine).
    public static let lambda = AWSService(serviceId: "Lambda", endpointPrefix: "lambda", signingName: "lambda")
    public static let dynamoDB = AWSService(serviceId: "DynamoDB", endpointPrefix: "dynamodb", signingName: "dynamodb")
    public static let sqs = AWSService(serviceId: "SQS", endpointPrefix: "sqs", signingName: "sqs")
    public static let sns = AWSService(serviceId: "SNS", endpointPrefix: "sns", signingName: "sns")
    public static let eventBridge = AWSService(serviceId: "EventBridge", endpointPrefix: "events", signingName: "events")
    public static let secretsManager = AWSService(serviceId: "Secrets Manager", endpointPrefix: "secretsmanager", signingName: "secretsmanager")
    public static let ssm = AWSService(serviceId: "SSM", endpointPrefix: "ssm", signingName: "ssm")
    public static let kinesis = AWSService(serviceId: "Kinesis", endpointPrefix: "kinesis", signingName: "kinesis")
    public static let cloudWatchLogs = AWSService(serviceId: "CloudWatch Logs", endpointPrefix: "logs", signingName: "logs")
    public static let kms = AWSService(serviceId: "KMS", endpointPrefix: "kms", signingName: "kms")
    public static let ecs = AWSService(serviceId: "ECS", endpointPrefix: "ecs", signingName: "ecs")
    public static let glue = AWSService(serviceId: "Glue", endpointPrefix: "glue", signingName: "glue")
    public static let athena = AWSService(serviceId: "Athena", endpointPrefix: "athena", signingName: "athena")

    /// `AWS_ENDPOINT_URL_` + the service id upper-cased, spaces and hyphens as underscores
    /// (`SFN` → `AWS_ENDPOINT_URL_SFN`, `ACM PCA` → `AWS_ENDPOINT_URL_ACM_PCA`).
    public var endpointEnvironmentVariable: String { "AWS_ENDPOINT_URL_" + identifier.uppercased() }

    /// The key under a `[services NAME]` section: the same transformation, lower-cased.
    public var configKey: String { identifier.lowercased() }

    private var identifier: String {
        String(serviceId.map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}
