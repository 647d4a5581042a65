import Foundation
import StepFunctions
import StepwiseEngine
import Synchronization
@testable import Stepwise

let adderEDN = """
    {:start-at :add
     :states {:add {:type :task :resource :activity/add :end true}}}
    """

struct AddInput: Codable, Sendable {
    var x: Int
    var y: Int
}

/// Counts and remembers things across concurrent handler calls.
final class Probe: Sendable {
    private let state = Mutex<[String: Int]>([:])
    func bump(_ key: String, by delta: Int = 1) -> Int {
        state.withLock { s in
            s[key, default: 0] += delta
            return s[key]!
        }
    }
    func set(_ key: String, max value: Int) { state.withLock { s in s[key] = Swift.max(s[key] ?? 0, value) } }
    subscript(key: String) -> Int { state.withLock { $0[key] ?? 0 } }
}

/// A one-shot signal a test can wait on with a deadline.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    func fire() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.fired = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { s -> Bool in
                if !s.fired { s.waiters.append(continuation) }
                return s.fired
            }
            if fired { continuation.resume() }
        }
    }
}

/// Passes every call to an engine while hiding that it is one, so the library takes the code
/// paths it takes for remote backends (polling waits).
struct RemoteLookingBackend: StepFunctionsBackend {
    let base: Engine
    /// Runs before each poll; throwing makes the poll fail (to exercise the workers' backoff).
    var beforePoll: @Sendable () throws -> Void = {}
    func createStateMachine(_ i: CreateStateMachineInput) async throws -> CreateStateMachineOutput { try await base.createStateMachine(i) }
    func updateStateMachine(_ i: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput { try await base.updateStateMachine(i) }
    func deleteStateMachine(_ i: DeleteStateMachineInput) async throws -> EmptyOutput { try await base.deleteStateMachine(i) }
    func describeStateMachine(_ i: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput { try await base.describeStateMachine(i) }
    func describeStateMachineForExecution(_ i: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput {
        try await base.describeStateMachineForExecution(i)
    }
    func listStateMachines(_ i: ListStateMachinesInput) async throws -> ListStateMachinesOutput { try await base.listStateMachines(i) }
    func validateStateMachineDefinition(_ i: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput {
        try await base.validateStateMachineDefinition(i)
    }
    func createActivity(_ i: CreateActivityInput) async throws -> CreateActivityOutput { try await base.createActivity(i) }
    func deleteActivity(_ i: DeleteActivityInput) async throws -> EmptyOutput { try await base.deleteActivity(i) }
    func describeActivity(_ i: DescribeActivityInput) async throws -> DescribeActivityOutput { try await base.describeActivity(i) }
    func listActivities(_ i: ListActivitiesInput) async throws -> ListActivitiesOutput { try await base.listActivities(i) }
    func getActivityTask(_ i: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        try beforePoll()
        return try await base.getActivityTask(i)
    }
    func sendTaskSuccess(_ i: SendTaskSuccessInput) async throws -> EmptyOutput { try await base.sendTaskSuccess(i) }
    func sendTaskFailure(_ i: SendTaskFailureInput) async throws -> EmptyOutput { try await base.sendTaskFailure(i) }
    func sendTaskHeartbeat(_ i: SendTaskHeartbeatInput) async throws -> EmptyOutput { try await base.sendTaskHeartbeat(i) }
    func startExecution(_ i: StartExecutionInput) async throws -> StartExecutionOutput { try await base.startExecution(i) }
    func startSyncExecution(_ i: StartExecutionInput) async throws -> StartSyncExecutionOutput { try await base.startSyncExecution(i) }
    func describeExecution(_ i: DescribeExecutionInput) async throws -> DescribeExecutionOutput { try await base.describeExecution(i) }
    func stopExecution(_ i: StopExecutionInput) async throws -> StopExecutionOutput { try await base.stopExecution(i) }
    func listExecutions(_ i: ListExecutionsInput) async throws -> ListExecutionsOutput { try await base.listExecutions(i) }
    func getExecutionHistory(_ i: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput { try await base.getExecutionHistory(i) }
    func testState(_ i: TestStateInput) async throws -> TestStateOutput { try await base.testState(i) }
    func tagResource(_ i: TagResourceInput) async throws -> EmptyOutput { try await base.tagResource(i) }
    func untagResource(_ i: UntagResourceInput) async throws -> EmptyOutput { try await base.untagResource(i) }
    func listTagsForResource(_ i: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput { try await base.listTagsForResource(i) }
}
