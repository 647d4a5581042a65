import StepwiseJSON

/// A Task state's call to a resource other than an activity, as a Swift handler or a forwarder
/// receives it.
public struct TaskRequest: Sendable {
    public var resource: TaskResource
    /// What the resource works on: for a Lambda function, the event it is invoked with (the
    /// `Payload` of `lambda:invoke`, or the effective input of a function ARN); for any other
    /// integration, the resolved Parameters (or Arguments).
    public var input: JSONValue
    /// The resolved Parameters as written in the state (for `lambda:invoke`: FunctionName, Payload …).
    public var parameters: JSONValue
    /// The task's token: a `.waitForTaskToken` task waits for `SendTaskSuccess`/`SendTaskFailure`
    /// with it (any handler may answer through it instead of returning).
    public var taskToken: String
    public var stateName: String
    public var executionArn: String
    /// The region the call is made in (the resource's, or the execution's).
    public var region: String

    public init(
        resource: TaskResource, input: JSONValue, parameters: JSONValue, taskToken: String, stateName: String, executionArn: String,
        region: String
    ) {
        self.resource = resource
        self.input = input
        self.parameters = parameters
        self.taskToken = taskToken
        self.stateName = stateName
        self.executionArn = executionArn
        self.region = region
    }
}

/// Serves a Task resource in Swift. For a Lambda function it returns the function's result;
/// for any other integration the service's response (the engine adds the response metadata
/// Step Functions adds). Throwing a `NamedTaskError` fails the task with that error and cause;
/// for a Lambda function the error is the function's error type and the cause the error's JSON,
/// as Lambda reports them.
public typealias TaskHandler = @Sendable (TaskRequest) async throws -> JSONValue

/// What a task handler serves.
public enum TaskHandlerKey: Hashable, Sendable {
    /// A Lambda function by name, whether called through `lambda:invoke` (by name, partial or
    /// full ARN, with or without a qualifier) or by its ARN as the Resource.
    case lambda(String)
    /// An integration by `service:action` (`dynamodb:putItem`, `sqs:sendMessage`,
    /// `aws-sdk:s3:getObject`, `http:invoke`), whatever its `.sync`/`.waitForTaskToken` suffix.
    case integration(String)
    /// A Resource exactly as written.
    case resource(String)
}

/// Sends integrations that no handler serves to a real endpoint (moto, LocalStack, AWS), signed,
/// as Step Functions Local does.
public protocol TaskForwarding: Sendable {
    /// Whether this integration is sent (a Lambda function ARN counts as `lambda:invoke`).
    func forwards(_ resource: TaskResource) -> Bool
    /// Calls the service and returns the task result shaped as Step Functions shapes it (response
    /// metadata included); throws a `NamedTaskError` named as Step Functions names the service's
    /// errors (`DynamoDB.ConditionalCheckFailedException`, `Lambda.ResourceNotFoundException`).
    func forward(_ request: TaskRequest) async throws -> JSONValue
}

/// A backend that tells when an execution ends, instead of being polled (the embedded engine).
public protocol ExecutionEndWaiting: Sendable {
    func waitForExecution(_ executionArn: String) async throws -> DescribeExecutionOutput
}

/// A backend that serves Task resources with Swift handlers in-process (the embedded engine).
public protocol TaskHandlerHosting: Sendable {
    func registerTaskHandler(_ key: TaskHandlerKey, _ handler: @escaping TaskHandler) async
    func removeTaskHandler(_ key: TaskHandlerKey) async
}
