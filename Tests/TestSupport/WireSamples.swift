/// A request body each operation of the Step Functions API accepts, with every required member,
/// keyed by wire name: what tests send to see that an operation is routed where it belongs.
public enum WireSamples {
    public static let machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:sample"
    public static let activityArn = "arn:aws:states:us-east-1:123456789012:activity:sample"
    public static let executionArn = "arn:aws:states:us-east-1:123456789012:execution:sample:run"
    public static let mapRunArn = "arn:aws:states:us-east-1:123456789012:mapRun:sample/Fan:run-5"
    static let definition = #"{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"#

    public static let requests: [String: String] = [
        "CreateStateMachine": #"{"name":"sample","definition":"\#(definition)","roleArn":"arn:aws:iam::123456789012:role/r"}"#,
        "UpdateStateMachine": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "DeleteStateMachine": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "DescribeStateMachine": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "DescribeStateMachineForExecution": #"{"executionArn":"\#(executionArn)"}"#,
        "ListStateMachines": "{}",
        "ValidateStateMachineDefinition": #"{"definition":"\#(definition)"}"#,
        "CreateActivity": #"{"name":"sample"}"#,
        "DeleteActivity": #"{"activityArn":"\#(activityArn)"}"#,
        "DescribeActivity": #"{"activityArn":"\#(activityArn)"}"#,
        "ListActivities": "{}",
        "GetActivityTask": #"{"activityArn":"\#(activityArn)"}"#,
        "SendTaskSuccess": #"{"taskToken":"token","output":"{}"}"#,
        "SendTaskFailure": #"{"taskToken":"token"}"#,
        "SendTaskHeartbeat": #"{"taskToken":"token"}"#,
        "StartExecution": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "StartSyncExecution": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "DescribeExecution": #"{"executionArn":"\#(executionArn)"}"#,
        "StopExecution": #"{"executionArn":"\#(executionArn)"}"#,
        "ListExecutions": "{}",
        "GetExecutionHistory": #"{"executionArn":"\#(executionArn)"}"#,
        "TestState": #"{"definition":"{\"Type\":\"Pass\",\"End\":true}"}"#,
        "TagResource": #"{"resourceArn":"\#(machineArn)","tags":[{"key":"team","value":"a"}]}"#,
        "UntagResource": #"{"resourceArn":"\#(machineArn)","tagKeys":["team"]}"#,
        "ListTagsForResource": #"{"resourceArn":"\#(machineArn)"}"#,
        "PublishStateMachineVersion": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "ListStateMachineVersions": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "DeleteStateMachineVersion": #"{"stateMachineVersionArn":"\#(machineArn):1"}"#,
        "CreateStateMachineAlias": #"{"name":"live","routingConfiguration":[{"stateMachineVersionArn":"\#(machineArn):1","weight":100}]}"#,
        "DescribeStateMachineAlias": #"{"stateMachineAliasArn":"\#(machineArn):live"}"#,
        "UpdateStateMachineAlias": #"{"stateMachineAliasArn":"\#(machineArn):live","description":"d"}"#,
        "DeleteStateMachineAlias": #"{"stateMachineAliasArn":"\#(machineArn):live"}"#,
        "ListStateMachineAliases": #"{"stateMachineArn":"\#(machineArn)"}"#,
        "RedriveExecution": #"{"executionArn":"\#(executionArn)"}"#,
        "DescribeMapRun": #"{"mapRunArn":"\#(mapRunArn)"}"#,
        "ListMapRuns": #"{"executionArn":"\#(executionArn)"}"#,
        "UpdateMapRun": #"{"mapRunArn":"\#(mapRunArn)","maxConcurrency":1}"#,
    ]
}
