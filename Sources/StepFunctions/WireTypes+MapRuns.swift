import Foundation

// Map Runs (distributed Map states) and redrive: request and response shapes as the API
// reference gives them.

public enum MapRunStatus: String, Codable, Sendable, Hashable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case aborted = "ABORTED"
}

/// How many items (or child workflow executions) of a Map Run are in each state.
public struct MapRunCounts: Codable, Sendable, Hashable {
    public var pending: Int
    public var running: Int
    public var succeeded: Int
    public var failed: Int
    public var timedOut: Int
    public var aborted: Int
    public var total: Int
    public var resultsWritten: Int
    public var failuresNotRedrivable: Int?
    public var pendingRedrive: Int?
    public init(pending: Int, running: Int, succeeded: Int, failed: Int, timedOut: Int, aborted: Int, total: Int, resultsWritten: Int) {
        self.pending = pending
        self.running = running
        self.succeeded = succeeded
        self.failed = failed
        self.timedOut = timedOut
        self.aborted = aborted
        self.total = total
        self.resultsWritten = resultsWritten
    }
}

public struct DescribeMapRunInput: Codable, Sendable, Hashable {
    public var mapRunArn: String
    public init(mapRunArn: String) { self.mapRunArn = mapRunArn }
}

public struct DescribeMapRunOutput: Codable, Sendable, Hashable {
    public var mapRunArn: String
    public var executionArn: String
    public var status: MapRunStatus
    public var startDate: Date
    public var stopDate: Date?
    public var maxConcurrency: Int
    public var toleratedFailurePercentage: Double
    public var toleratedFailureCount: Int
    public var itemCounts: MapRunCounts
    public var executionCounts: MapRunCounts
    public var redriveCount: Int?
    public var redriveDate: Date?
    public init(
        mapRunArn: String, executionArn: String, status: MapRunStatus, startDate: Date, stopDate: Date?, maxConcurrency: Int,
        toleratedFailurePercentage: Double, toleratedFailureCount: Int, itemCounts: MapRunCounts, executionCounts: MapRunCounts
    ) {
        self.mapRunArn = mapRunArn
        self.executionArn = executionArn
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.maxConcurrency = maxConcurrency
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.toleratedFailureCount = toleratedFailureCount
        self.itemCounts = itemCounts
        self.executionCounts = executionCounts
    }
}

public struct ListMapRunsInput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var maxResults: Int?
    public var nextToken: String?
    public init(executionArn: String, maxResults: Int? = nil, nextToken: String? = nil) {
        self.executionArn = executionArn
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct MapRunListItem: Codable, Sendable, Hashable {
    public var executionArn: String
    public var mapRunArn: String
    /// The machine qualified by the Map's label (`…:stateMachine:orders/ProcessItems`).
    public var stateMachineArn: String
    public var startDate: Date
    public var stopDate: Date?
    public init(executionArn: String, mapRunArn: String, stateMachineArn: String, startDate: Date, stopDate: Date?) {
        self.executionArn = executionArn
        self.mapRunArn = mapRunArn
        self.stateMachineArn = stateMachineArn
        self.startDate = startDate
        self.stopDate = stopDate
    }
}

public struct ListMapRunsOutput: Codable, Sendable, Hashable {
    public var mapRuns: [MapRunListItem]
    public var nextToken: String?
    public init(mapRuns: [MapRunListItem], nextToken: String?) {
        self.mapRuns = mapRuns
        self.nextToken = nextToken
    }
}

public struct UpdateMapRunInput: Codable, Sendable, Hashable {
    public var mapRunArn: String
    public var maxConcurrency: Int?
    public var toleratedFailurePercentage: Double?
    public var toleratedFailureCount: Int?
    public init(mapRunArn: String, maxConcurrency: Int? = nil, toleratedFailurePercentage: Double? = nil, toleratedFailureCount: Int? = nil) {
        self.mapRunArn = mapRunArn
        self.maxConcurrency = maxConcurrency
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.toleratedFailureCount = toleratedFailureCount
    }
}

// MARK: - Redrive

public struct RedriveExecutionInput: Codable, Sendable, Hashable {
    public var executionArn: String
    public var clientToken: String?
    public init(executionArn: String, clientToken: String? = nil) {
        self.executionArn = executionArn
        self.clientToken = clientToken
    }
}

public struct RedriveExecutionOutput: Codable, Sendable, Hashable {
    public var redriveDate: Date
    public init(redriveDate: Date) { self.redriveDate = redriveDate }
}
