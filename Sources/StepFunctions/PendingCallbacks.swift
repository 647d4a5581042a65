import Foundation
import StepwiseJSON

/// A task waiting for `SendTaskSuccess` or `SendTaskFailure` with its token: a
/// `.waitForTaskToken` integration whose call was made (or is being made).
public struct PendingCallback: Sendable, Hashable {
    public var taskToken: String
    public var executionArn: String
    /// The execution at the top of the nesting: the one whose Task states started this one,
    /// through any number of nested executions (`executionArn` itself when not nested).
    public var rootExecutionArn: String
    public var stateName: String
    /// The Resource as the state writes it.
    public var resource: String
    /// The resolved Parameters (or Arguments) the call was made with.
    public var parameters: JSONValue
    /// When the task was scheduled.
    public var since: Date

    public init(
        taskToken: String, executionArn: String, rootExecutionArn: String, stateName: String, resource: String, parameters: JSONValue,
        since: Date
    ) {
        self.taskToken = taskToken
        self.executionArn = executionArn
        self.rootExecutionArn = rootExecutionArn
        self.stateName = stateName
        self.resource = resource
        self.parameters = parameters
        self.since = since
    }
}

/// A backend that can say which tasks wait for a callback (the embedded engine): on AWS the
/// token reaches only whoever the task sends it to.
public protocol PendingCallbackListing: Sendable {
    /// Every task waiting for a callback, oldest first.
    func pendingCallbacks() async -> [PendingCallback]
    /// Returns the callbacks `executionArn`, or an execution it started at any depth, waits
    /// for, once it waits for at least one and the backend has nothing else under way (so the
    /// calls have been made and recorded); empty when the caller is cancelled first.
    func waitForCallbacks(of executionArn: String) async -> [PendingCallback]
}
