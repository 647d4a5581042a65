import Foundation
import StepFunctions

/// A published version: an immutable snapshot of a machine's revision (`<machine>:N`).
public struct StateMachineVersionRecord: Sendable, Hashable, Codable {
    public var arn: String
    public var stateMachineArn: String
    public var version: Int
    public var definition: String
    public var roleArn: String
    public var type: StateMachineType
    public var loggingConfiguration: LoggingConfiguration
    public var tracingConfiguration: TracingConfiguration
    /// The revision it was published from (nil: the machine's first).
    public var revisionId: String?
    public var description: String?
    public var creationDate: Date
}

/// An alias (`<machine>:NAME`) routing executions to one or two versions by weight.
public struct StateMachineAliasRecord: Sendable, Hashable, Codable {
    public var arn: String
    public var stateMachineArn: String
    public var name: String
    public var description: String?
    public var routingConfiguration: [RoutingConfigurationListItem]
    public var creationDate: Date
    public var updateDate: Date
}

/// The run of a distributed Map state: its settings and how it ended. Its child workflow
/// executions are `MapRunExecutionRecord`s, stored one by one as they change.
public struct MapRunRecord: Sendable, Hashable, Codable {
    public var arn: String
    /// The execution whose Map state started it.
    public var executionArn: String
    public var status: MapRunStatus
    public var startDate: Date
    public var stopDate: Date?
    public var itemCount: Int
    public var maxConcurrency: Int
    public var toleratedFailureCount: Int?
    public var toleratedFailurePercentage: Double?
    /// Redrives of the run (nil: none), and when the last one was.
    public var redriveCount: Int?
    public var redriveDate: Date?
}

/// One child workflow execution of a Map Run (one item; the engine does not batch items).
public struct MapRunExecutionRecord: Sendable, Hashable, Codable {
    /// `arn:…:execution:<machine>/<label>:<uuid>`.
    public var arn: String
    public var mapRunArn: String
    public var index: Int
    public var status: ExecutionStatus
    public var startDate: Date
    public var stopDate: Date?
    public var input: String
    public var output: String?
    public var error: String?
    public var cause: String?
    /// Redrives of this child workflow execution (nil: none), and when the last one was.
    public var redriveCount: Int?
    public var redriveDate: Date?
}
