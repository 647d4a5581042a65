import Foundation

// Request and response shapes of the AWS Step Functions API (JSON 1.0 protocol): member names,
// optionality and types exactly as the API reference gives them. Dates travel as epoch seconds.
// `input`/`output`/`definition` are JSON documents carried as strings.

public enum StateMachineType: String, Codable, Sendable, Hashable {
    case standard = "STANDARD"
    case express = "EXPRESS"
}

public enum StateMachineStatus: String, Codable, Sendable, Hashable {
    case active = "ACTIVE"
    case deleting = "DELETING"
}

public enum ExecutionStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
    case pendingRedrive = "PENDING_REDRIVE"
}

/// Whether RedriveExecution would take an execution up again now.
public enum ExecutionRedriveStatus: String, Codable, Sendable, Hashable {
    case redrivable = "REDRIVABLE"
    case notRedrivable = "NOT_REDRIVABLE"
    /// A child workflow execution of a Map Run: redriven by redriving its parent.
    case redrivableByMapRun = "REDRIVABLE_BY_MAP_RUN"
}

/// ListExecutions' `redriveFilter`.
public enum ExecutionRedriveFilter: String, Codable, Sendable, Hashable {
    case redriven = "REDRIVEN"
    case notRedriven = "NOT_REDRIVEN"
}

public struct Tag: Codable, Sendable, Hashable {
    public var key: String?
    public var value: String?
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public struct LoggingConfiguration: Codable, Sendable, Hashable {
    public struct Destination: Codable, Sendable, Hashable {
        public struct CloudWatchLogsLogGroup: Codable, Sendable, Hashable { public var logGroupArn: String? }
        public var cloudWatchLogsLogGroup: CloudWatchLogsLogGroup?
    }
    public var level: String?
    public var includeExecutionData: Bool?
    public var destinations: [Destination]?
    public init(level: String? = "OFF", includeExecutionData: Bool? = false, destinations: [Destination]? = nil) {
        self.level = level
        self.includeExecutionData = includeExecutionData
        self.destinations = destinations
    }
}

public struct TracingConfiguration: Codable, Sendable, Hashable {
    public var enabled: Bool?
    public init(enabled: Bool? = false) { self.enabled = enabled }
}

public struct EncryptionConfiguration: Codable, Sendable, Hashable {
    public var type: String
    public var kmsKeyId: String?
    public var kmsDataKeyReusePeriodSeconds: Int?
}

/// `{"truncated": false}` / `{"included": true}` markers beside payloads.
public struct PayloadDetails: Codable, Sendable, Hashable {
    public var truncated: Bool?
    public var included: Bool?
    public init(truncated: Bool? = nil, included: Bool? = nil) {
        self.truncated = truncated
        self.included = included
    }
}

// MARK: - State machines

public struct CreateStateMachineInput: Codable, Sendable, Hashable {
    public var name: String
    public var definition: String
    public var roleArn: String
    public var type: StateMachineType?
    public var loggingConfiguration: LoggingConfiguration?
    public var tracingConfiguration: TracingConfiguration?
    public var tags: [Tag]?
    public var publish: Bool?
    public var versionDescription: String?
    public var encryptionConfiguration: EncryptionConfiguration?

    public init(
        name: String, definition: String, roleArn: String, type: StateMachineType? = nil, tags: [Tag]? = nil, publish: Bool? = nil,
        versionDescription: String? = nil
    ) {
        self.name = name
        self.definition = definition
        self.roleArn = roleArn
        self.type = type
        self.tags = tags
        self.publish = publish
        self.versionDescription = versionDescription
    }
}

public struct CreateStateMachineOutput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var creationDate: Date
    public var stateMachineVersionArn: String?
    public init(stateMachineArn: String, creationDate: Date, stateMachineVersionArn: String? = nil) {
        self.stateMachineArn = stateMachineArn
        self.creationDate = creationDate
        self.stateMachineVersionArn = stateMachineVersionArn
    }
}

public struct UpdateStateMachineInput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var definition: String?
    public var roleArn: String?
    public var loggingConfiguration: LoggingConfiguration?
    public var tracingConfiguration: TracingConfiguration?
    public var publish: Bool?
    public var versionDescription: String?
    public var encryptionConfiguration: EncryptionConfiguration?
    public init(
        stateMachineArn: String, definition: String? = nil, roleArn: String? = nil, publish: Bool? = nil, versionDescription: String? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.definition = definition
        self.roleArn = roleArn
        self.publish = publish
        self.versionDescription = versionDescription
    }
}

public struct UpdateStateMachineOutput: Codable, Sendable, Hashable {
    public var updateDate: Date
    public var revisionId: String?
    public var stateMachineVersionArn: String?
    public init(updateDate: Date, revisionId: String? = nil, stateMachineVersionArn: String? = nil) {
        self.updateDate = updateDate
        self.revisionId = revisionId
        self.stateMachineVersionArn = stateMachineVersionArn
    }
}

public struct DeleteStateMachineInput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public init(stateMachineArn: String) { self.stateMachineArn = stateMachineArn }
}

public struct DescribeStateMachineInput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var includedData: String?
    public init(stateMachineArn: String) { self.stateMachineArn = stateMachineArn }
}

public struct DescribeStateMachineOutput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var name: String
    public var status: StateMachineStatus?
    public var definition: String
    public var roleArn: String
    public var type: StateMachineType
    public var creationDate: Date
    public var loggingConfiguration: LoggingConfiguration?
    public var tracingConfiguration: TracingConfiguration?
    public var label: String?
    public var revisionId: String?
    public var description: String?
    public var encryptionConfiguration: EncryptionConfiguration?
    public var variableReferences: [String: [String]]?

    public init(
        stateMachineArn: String, name: String, status: StateMachineStatus?, definition: String, roleArn: String,
        type: StateMachineType, creationDate: Date, loggingConfiguration: LoggingConfiguration?,
        tracingConfiguration: TracingConfiguration?, revisionId: String?
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.definition = definition
        self.roleArn = roleArn
        self.type = type
        self.creationDate = creationDate
        self.loggingConfiguration = loggingConfiguration
        self.tracingConfiguration = tracingConfiguration
        self.revisionId = revisionId
    }
}

public struct DescribeStateMachineForExecutionInput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var includedData: String?
    public init(executionArn: String) { self.executionArn = executionArn }
}

public struct DescribeStateMachineForExecutionOutput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var name: String
    public var definition: String
    public var roleArn: String
    public var updateDate: Date
    public var loggingConfiguration: LoggingConfiguration?
    public var tracingConfiguration: TracingConfiguration?
    /// Set for a child workflow execution of a distributed Map: its Map Run and the Map's label.
    public var mapRunArn: String?
    public var label: String?
    public var revisionId: String?
    public init(
        stateMachineArn: String, name: String, definition: String, roleArn: String, updateDate: Date,
        loggingConfiguration: LoggingConfiguration?, tracingConfiguration: TracingConfiguration?, revisionId: String?
    ) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.definition = definition
        self.roleArn = roleArn
        self.updateDate = updateDate
        self.loggingConfiguration = loggingConfiguration
        self.tracingConfiguration = tracingConfiguration
        self.revisionId = revisionId
    }
}

public struct ListStateMachinesInput: Codable, Sendable, Hashable {
    public var maxResults: Int?
    public var nextToken: String?
    public init(maxResults: Int? = nil, nextToken: String? = nil) {
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct StateMachineListItem: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var name: String
    public var type: StateMachineType
    public var creationDate: Date
    public init(stateMachineArn: String, name: String, type: StateMachineType, creationDate: Date) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.type = type
        self.creationDate = creationDate
    }
}

public struct ListStateMachinesOutput: Codable, Sendable, Hashable {
    public var stateMachines: [StateMachineListItem]
    public var nextToken: String?
    public init(stateMachines: [StateMachineListItem], nextToken: String?) {
        self.stateMachines = stateMachines
        self.nextToken = nextToken
    }
}

public struct ValidateStateMachineDefinitionInput: Codable, Sendable, Hashable {
    public var definition: String
    public var type: StateMachineType?
    public var severity: String?
    public var maxResults: Int?
    public init(definition: String, type: StateMachineType? = nil) {
        self.definition = definition
        self.type = type
    }
}

public struct ValidateStateMachineDefinitionDiagnostic: Codable, Sendable, Hashable {
    public var severity: String
    public var code: String
    public var message: String
    public var location: String?
    public init(severity: String, code: String, message: String, location: String?) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }
}

public struct ValidateStateMachineDefinitionOutput: Codable, Sendable, Hashable {
    public var result: String
    public var diagnostics: [ValidateStateMachineDefinitionDiagnostic]
    public var truncated: Bool?
    public init(result: String, diagnostics: [ValidateStateMachineDefinitionDiagnostic], truncated: Bool?) {
        self.result = result
        self.diagnostics = diagnostics
        self.truncated = truncated
    }
}

// MARK: - Activities

public struct CreateActivityInput: Codable, Sendable, Hashable {
    public var name: String
    public var tags: [Tag]?
    public var encryptionConfiguration: EncryptionConfiguration?
    public init(name: String, tags: [Tag]? = nil) {
        self.name = name
        self.tags = tags
    }
}

public struct CreateActivityOutput: Codable, Sendable, Hashable {
    public var activityArn: String
    public var creationDate: Date
    public init(activityArn: String, creationDate: Date) {
        self.activityArn = activityArn
        self.creationDate = creationDate
    }
}

public struct DeleteActivityInput: Codable, Sendable, Hashable {
    public var activityArn: String
    public init(activityArn: String) { self.activityArn = activityArn }
}

public struct DescribeActivityInput: Codable, Sendable, Hashable {
    public var activityArn: String
    public init(activityArn: String) { self.activityArn = activityArn }
}

public struct DescribeActivityOutput: Codable, Sendable, Hashable {
    public var activityArn: String
    public var name: String
    public var creationDate: Date
    public init(activityArn: String, name: String, creationDate: Date) {
        self.activityArn = activityArn
        self.name = name
        self.creationDate = creationDate
    }
}

public struct ListActivitiesInput: Codable, Sendable, Hashable {
    public var maxResults: Int?
    public var nextToken: String?
    public init(maxResults: Int? = nil, nextToken: String? = nil) {
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct ActivityListItem: Codable, Sendable, Hashable {
    public var activityArn: String
    public var name: String
    public var creationDate: Date
    public init(activityArn: String, name: String, creationDate: Date) {
        self.activityArn = activityArn
        self.name = name
        self.creationDate = creationDate
    }
}

public struct ListActivitiesOutput: Codable, Sendable, Hashable {
    public var activities: [ActivityListItem]
    public var nextToken: String?
    public init(activities: [ActivityListItem], nextToken: String?) {
        self.activities = activities
        self.nextToken = nextToken
    }
}

public struct GetActivityTaskInput: Codable, Sendable, Hashable {
    public var activityArn: String
    public var workerName: String?
    public init(activityArn: String, workerName: String? = nil) {
        self.activityArn = activityArn
        self.workerName = workerName
    }
}

/// Empty members (no task within the poll window) are absent.
public struct GetActivityTaskOutput: Codable, Sendable, Hashable {
    public var taskToken: String?
    public var input: String?
    public init(taskToken: String? = nil, input: String? = nil) {
        self.taskToken = taskToken
        self.input = input
    }
}

public struct SendTaskSuccessInput: Codable, Sendable, Hashable {
    public var taskToken: String
    public var output: String
    public init(taskToken: String, output: String) {
        self.taskToken = taskToken
        self.output = output
    }
}

public struct SendTaskFailureInput: Codable, Sendable, Hashable {
    public var taskToken: String
    public var error: String?
    public var cause: String?
    public init(taskToken: String, error: String? = nil, cause: String? = nil) {
        self.taskToken = taskToken
        self.error = error
        self.cause = cause
    }
}

public struct SendTaskHeartbeatInput: Codable, Sendable, Hashable {
    public var taskToken: String
    public init(taskToken: String) { self.taskToken = taskToken }
}

// MARK: - Executions

public struct StartExecutionInput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var name: String?
    public var input: String?
    public var traceHeader: String?
    public init(stateMachineArn: String, name: String? = nil, input: String? = nil) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.input = input
    }
}

public struct StartExecutionOutput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var startDate: Date
    public init(executionArn: String, startDate: Date) {
        self.executionArn = executionArn
        self.startDate = startDate
    }
}

public struct StartSyncExecutionOutput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String?
    public var name: String?
    public var startDate: Date
    public var stopDate: Date
    public var status: ExecutionStatus
    public var error: String?
    public var cause: String?
    public var input: String?
    public var inputDetails: PayloadDetails?
    public var output: String?
    public var outputDetails: PayloadDetails?
    public var traceHeader: String?
    public init(
        executionArn: String, stateMachineArn: String?, name: String?, startDate: Date, stopDate: Date,
        status: ExecutionStatus, error: String?, cause: String?, input: String?, output: String?
    ) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.startDate = startDate
        self.stopDate = stopDate
        self.status = status
        self.error = error
        self.cause = cause
        self.input = input
        self.inputDetails = PayloadDetails(included: true)
        self.output = output
        self.outputDetails = output == nil ? nil : PayloadDetails(included: true)
    }
}

public struct DescribeExecutionInput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var includedData: String?
    public init(executionArn: String) { self.executionArn = executionArn }
}

public struct DescribeExecutionOutput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String?
    public var status: ExecutionStatus
    public var startDate: Date
    public var stopDate: Date?
    public var input: String?
    public var inputDetails: PayloadDetails?
    public var output: String?
    public var outputDetails: PayloadDetails?
    public var traceHeader: String?
    public var mapRunArn: String?
    public var error: String?
    public var cause: String?
    /// The version the execution ran, when it was started by a version or an alias.
    public var stateMachineVersionArn: String?
    /// The alias it was started by, if any.
    public var stateMachineAliasArn: String?
    public var redriveCount: Int?
    public var redriveDate: Date?
    public var redriveStatus: ExecutionRedriveStatus?
    /// Why it cannot be redriven (with `NOT_REDRIVABLE`).
    public var redriveStatusReason: String?

    public init(
        executionArn: String, stateMachineArn: String, name: String?, status: ExecutionStatus, startDate: Date,
        stopDate: Date?, input: String?, output: String?, error: String?, cause: String?
    ) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.input = input
        self.inputDetails = PayloadDetails(included: true)
        self.output = output
        self.outputDetails = output == nil ? nil : PayloadDetails(included: true)
        self.error = error
        self.cause = cause
        self.redriveCount = 0
    }
}

public struct StopExecutionInput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var error: String?
    public var cause: String?
    public init(executionArn: String, error: String? = nil, cause: String? = nil) {
        self.executionArn = executionArn
        self.error = error
        self.cause = cause
    }
}

public struct StopExecutionOutput: Codable, Sendable, Hashable {
    public var stopDate: Date
    public init(stopDate: Date) { self.stopDate = stopDate }
}

public struct ListExecutionsInput: Codable, Sendable, Hashable {
    public var stateMachineArn: String?
    public var statusFilter: ExecutionStatus?
    public var maxResults: Int?
    public var nextToken: String?
    public var mapRunArn: String?
    public var redriveFilter: ExecutionRedriveFilter?
    public init(
        stateMachineArn: String? = nil, statusFilter: ExecutionStatus? = nil, maxResults: Int? = nil, nextToken: String? = nil,
        mapRunArn: String? = nil, redriveFilter: ExecutionRedriveFilter? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.statusFilter = statusFilter
        self.maxResults = maxResults
        self.nextToken = nextToken
        self.mapRunArn = mapRunArn
        self.redriveFilter = redriveFilter
    }
}

public struct ExecutionListItem: Codable, Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String
    public var status: ExecutionStatus
    public var startDate: Date
    public var stopDate: Date?
    public var mapRunArn: String?
    public var itemCount: Int?
    public var stateMachineVersionArn: String?
    public var stateMachineAliasArn: String?
    public var redriveCount: Int?
    public var redriveDate: Date?
    public init(executionArn: String, stateMachineArn: String, name: String, status: ExecutionStatus, startDate: Date, stopDate: Date?) {
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
    }
}

public struct ListExecutionsOutput: Codable, Sendable, Hashable {
    public var executions: [ExecutionListItem]
    public var nextToken: String?
    public init(executions: [ExecutionListItem], nextToken: String?) {
        self.executions = executions
        self.nextToken = nextToken
    }
}

public struct GetExecutionHistoryInput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var maxResults: Int?
    public var reverseOrder: Bool?
    public var nextToken: String?
    public var includeExecutionData: Bool?
    public init(executionArn: String, maxResults: Int? = nil, reverseOrder: Bool? = nil, nextToken: String? = nil, includeExecutionData: Bool? = nil) {
        self.executionArn = executionArn
        self.maxResults = maxResults
        self.reverseOrder = reverseOrder
        self.nextToken = nextToken
        self.includeExecutionData = includeExecutionData
    }
}

public struct GetExecutionHistoryOutput: Codable, Sendable, Hashable {
    public var events: [HistoryEvent]
    public var nextToken: String?
    public init(events: [HistoryEvent], nextToken: String?) {
        self.events = events
        self.nextToken = nextToken
    }
}

// MARK: - TestState

public struct TestStateInput: Codable, Sendable, Hashable {
    public var definition: String
    public var roleArn: String?
    public var input: String?
    public var inspectionLevel: String?
    public var revealSecrets: Bool?
    public var variables: String?
    /// Stepwise extension (also in AWS's newer API): a mocked task result or error.
    public var mock: TestStateMock?
    public init(definition: String, input: String? = nil, inspectionLevel: String? = nil, variables: String? = nil, mock: TestStateMock? = nil) {
        self.definition = definition
        self.input = input
        self.inspectionLevel = inspectionLevel
        self.variables = variables
        self.mock = mock
    }
}

public struct TestStateMock: Codable, Sendable, Hashable {
    public struct ErrorOutput: Codable, Sendable, Hashable {
        public var error: String?
        public var cause: String?
        public init(error: String?, cause: String?) {
            self.error = error
            self.cause = cause
        }
    }
    public var result: String?
    public var errorOutput: ErrorOutput?
    public init(result: String? = nil, errorOutput: ErrorOutput? = nil) {
        self.result = result
        self.errorOutput = errorOutput
    }
}

public struct InspectionData: Codable, Sendable, Hashable {
    public var input: String?
    public var afterInputPath: String?
    public var afterParameters: String?
    public var result: String?
    public var afterResultSelector: String?
    public var afterResultPath: String?
    public var variables: String?
    public init() {}
}

public struct TestStateOutput: Codable, Sendable, Hashable {
    public var output: String?
    public var error: String?
    public var cause: String?
    public var inspectionData: InspectionData?
    public var nextState: String?
    public var status: String
    public init(output: String? = nil, error: String? = nil, cause: String? = nil, inspectionData: InspectionData? = nil, nextState: String? = nil, status: String) {
        self.output = output
        self.error = error
        self.cause = cause
        self.inspectionData = inspectionData
        self.nextState = nextState
        self.status = status
    }
}

// MARK: - Tags

public struct TagResourceInput: Codable, Sendable, Hashable {
    public var resourceArn: String
    public var tags: [Tag]
    public init(resourceArn: String, tags: [Tag]) {
        self.resourceArn = resourceArn
        self.tags = tags
    }
}

public struct UntagResourceInput: Codable, Sendable, Hashable {
    public var resourceArn: String
    public var tagKeys: [String]
    public init(resourceArn: String, tagKeys: [String]) {
        self.resourceArn = resourceArn
        self.tagKeys = tagKeys
    }
}

public struct ListTagsForResourceInput: Codable, Sendable, Hashable {
    public var resourceArn: String
    public init(resourceArn: String) { self.resourceArn = resourceArn }
}

public struct ListTagsForResourceOutput: Codable, Sendable, Hashable {
    public var tags: [Tag]
    public init(tags: [Tag]) { self.tags = tags }
}

/// The empty response of operations that return nothing (`{}` on the wire).
public struct EmptyOutput: Codable, Sendable, Hashable {
    public init() {}
}
