import Foundation
import StepFunctions

/// Which executions `EngineStore.executions(_:)` lists, newest first: by start date, then by
/// the order the store first stored them (executions started at the same instant). Each filter
/// left nil selects every execution; `matches` is the filter as stores without an index apply it.
public struct ExecutionQuery: Sendable, Hashable {
    /// Only the executions of this machine.
    public var stateMachineArn: String?
    /// Only the executions that ran this version, or that this alias started.
    public var stateMachineVersionArn: String?
    public var stateMachineAliasArn: String?
    /// Only the child workflow executions of this Map Run (`MapRunExecutionRecord`s, placed by
    /// start date then item index); without it, only executions proper (`ExecutionRecord`s).
    public var mapRunArn: String?
    public var status: ExecutionStatus?
    /// Only executions redriven at least once (REDRIVEN), or never (NOT_REDRIVEN).
    public var redriveFilter: ExecutionRedriveFilter?
    /// Only the executions a Task state of this execution started (`states:startExecution`).
    public var parentExecutionArn: String?
    /// Only executions listed after this one (where the previous page ended).
    public var after: ExecutionCursor?
    public var limit: Int

    public init(
        stateMachineArn: String? = nil, stateMachineVersionArn: String? = nil, stateMachineAliasArn: String? = nil, mapRunArn: String? = nil,
        status: ExecutionStatus? = nil, redriveFilter: ExecutionRedriveFilter? = nil, parentExecutionArn: String? = nil,
        after: ExecutionCursor? = nil, limit: Int
    ) {
        self.stateMachineArn = stateMachineArn
        self.stateMachineVersionArn = stateMachineVersionArn
        self.stateMachineAliasArn = stateMachineAliasArn
        self.mapRunArn = mapRunArn
        self.status = status
        self.redriveFilter = redriveFilter
        self.parentExecutionArn = parentExecutionArn
        self.after = after
        self.limit = limit
    }

    /// Whether the filters select this execution (the cursor and limit aside).
    public func matches(_ record: ExecutionRecord) -> Bool {
        mapRunArn == nil && (stateMachineArn == nil || record.stateMachineArn == stateMachineArn)
            && (stateMachineVersionArn == nil || record.stateMachineVersionArn == stateMachineVersionArn)
            && (stateMachineAliasArn == nil || record.stateMachineAliasArn == stateMachineAliasArn)
            && (status == nil || record.status == status) && redriveFilter.admits(redriveCount: record.redriveCount)
            && (parentExecutionArn == nil || record.parent?.executionArn == parentExecutionArn)
    }

    /// Whether the filters select this child workflow execution of a Map Run.
    public func matches(_ child: MapRunExecutionRecord) -> Bool {
        mapRunArn == child.mapRunArn && stateMachineArn == nil && stateMachineVersionArn == nil && stateMachineAliasArn == nil
            && parentExecutionArn == nil && (status == nil || child.status == status) && redriveFilter.admits(redriveCount: child.redriveCount)
    }
}

/// An execution's place in the listing. A page ends at a place, not at a count, so the next
/// page goes on from the same execution however many start (or are deleted) in between.
public struct ExecutionCursor: Sendable, Hashable, Comparable {
    /// The start date in seconds since 1970, as stores keep it.
    public var startDate: Double
    /// The order in which the store first stored the execution.
    public var sequence: Int64

    public init(startDate: Double, sequence: Int64) {
        self.startDate = startDate
        self.sequence = sequence
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.startDate, a.sequence) < (b.startDate, b.sequence)
    }
}

/// An execution as listed, with its place in the listing.
public struct ListedExecution: Sendable, Hashable {
    public var item: ExecutionListItem
    public var cursor: ExecutionCursor

    public init(item: ExecutionListItem, cursor: ExecutionCursor) {
        self.item = item
        self.cursor = cursor
    }
}

/// A stretch of an execution's history for `EngineStore.events(executionArn:page:)`: events
/// in id order (descending when `reverse`), starting after the event `after` (nil: at the first
/// event, or the last when reversed). Event ids are 1…n, so a page never depends on how many
/// events were recorded since the previous one.
public struct HistoryPage: Sendable, Hashable {
    public var after: Int?
    public var limit: Int
    public var reverse: Bool

    public init(after: Int? = nil, limit: Int, reverse: Bool = false) {
        self.after = after
        self.limit = limit
        self.reverse = reverse
    }

    /// The whole history, in order.
    public static let all = HistoryPage(limit: .max)
}

extension ExecutionRecord {
    /// The item ListExecutions shows for this execution.
    public var listItem: ExecutionListItem {
        var item = ExecutionListItem(
            executionArn: arn, stateMachineArn: stateMachineArn, name: name, status: status, startDate: startDate, stopDate: stopDate)
        item.stateMachineVersionArn = stateMachineVersionArn
        item.stateMachineAliasArn = stateMachineAliasArn
        item.redriveCount = redriveCount ?? 0
        item.redriveDate = redriveDate
        return item
    }
}

extension MapRunExecutionRecord {
    /// The item ListExecutions shows for this child workflow execution (one item each).
    public var listItem: ExecutionListItem {
        var item = ExecutionListItem(
            executionArn: arn, stateMachineArn: MapRunRegistry.qualifiedMachine(ofMapRun: mapRunArn), name: ARN.parseName(arn), status: status,
            startDate: startDate, stopDate: stopDate)
        item.mapRunArn = mapRunArn
        item.itemCount = 1
        item.redriveCount = redriveCount ?? 0
        item.redriveDate = redriveDate
        return item
    }

    /// Its place in its Map Run's listing: the item index orders children started at once.
    public var cursor: ExecutionCursor { ExecutionCursor(startDate: startDate.timeIntervalSince1970, sequence: Int64(index)) }
}
