/// The Step Functions API as one protocol: the embedded engine, the AWS client and the
/// wire server all speak it, so code written against it runs on any of them.
/// Errors are `StepFunctionsError` with AWS's codes.
public protocol StepFunctionsBackend: Sendable {
    func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput
    func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput
    func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> EmptyOutput
    func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput
    func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput
    func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput
    func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput

    func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput
    func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput
    func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> EmptyOutput
    func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput
    func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput
    func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput
    func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> EmptyOutput
    func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput

    func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput
    func deleteActivity(_ input: DeleteActivityInput) async throws -> EmptyOutput
    func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput
    func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput
    /// Long poll: returns a task as soon as one exists, or an empty output after the poll
    /// window (60 s on AWS) or when the calling task is cancelled.
    func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput
    func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> EmptyOutput
    func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> EmptyOutput
    func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> EmptyOutput

    func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput
    func startSyncExecution(_ input: StartExecutionInput) async throws -> StartSyncExecutionOutput
    func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput
    func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput
    func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput
    func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput
    func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput
    func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput
    func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput
    func updateMapRun(_ input: UpdateMapRunInput) async throws -> EmptyOutput
    func testState(_ input: TestStateInput) async throws -> TestStateOutput

    func tagResource(_ input: TagResourceInput) async throws -> EmptyOutput
    func untagResource(_ input: UntagResourceInput) async throws -> EmptyOutput
    func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput
}
