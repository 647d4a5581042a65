/// A backend that hands every call to one `send`: clients that carry operations elsewhere (the
/// AWS client over HTTP) and test doubles. Conformers write `send` and get each method of
/// `StepFunctionsBackend` from the operation table; one may still write a method itself where
/// an operation needs more (a long poll's timeout).
public protocol StepFunctionsTransport: StepFunctionsBackend {
    func send<Input, Output>(_ operation: StepFunctionsOperation<Input, Output>, _ input: Input) async throws -> Output
}

extension StepFunctionsTransport {
    private func send<Input, Output>(
        _ row: KeyPath<StepFunctionsOperations, StepFunctionsOperation<Input, Output>>, _ input: Input
    ) async throws -> Output {
        try await send(StepFunctionsOperations.table[keyPath: row], input)
    }

    public func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput {
        try await send(\.createStateMachine, input)
    }

    public func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput {
        try await send(\.updateStateMachine, input)
    }

    public func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> EmptyOutput {
        try await send(\.deleteStateMachine, input)
    }

    public func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput {
        try await send(\.describeStateMachine, input)
    }

    public func describeStateMachineForExecution(
        _ input: DescribeStateMachineForExecutionInput
    ) async throws -> DescribeStateMachineForExecutionOutput {
        try await send(\.describeStateMachineForExecution, input)
    }

    public func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput {
        try await send(\.listStateMachines, input)
    }

    public func validateStateMachineDefinition(
        _ input: ValidateStateMachineDefinitionInput
    ) async throws -> ValidateStateMachineDefinitionOutput {
        try await send(\.validateStateMachineDefinition, input)
    }

    public func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput {
        try await send(\.publishStateMachineVersion, input)
    }

    public func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput {
        try await send(\.listStateMachineVersions, input)
    }

    public func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> EmptyOutput {
        try await send(\.deleteStateMachineVersion, input)
    }

    public func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput {
        try await send(\.createStateMachineAlias, input)
    }

    public func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput {
        try await send(\.describeStateMachineAlias, input)
    }

    public func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput {
        try await send(\.updateStateMachineAlias, input)
    }

    public func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> EmptyOutput {
        try await send(\.deleteStateMachineAlias, input)
    }

    public func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput {
        try await send(\.listStateMachineAliases, input)
    }

    public func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput {
        try await send(\.createActivity, input)
    }

    public func deleteActivity(_ input: DeleteActivityInput) async throws -> EmptyOutput {
        try await send(\.deleteActivity, input)
    }

    public func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput {
        try await send(\.describeActivity, input)
    }

    public func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput {
        try await send(\.listActivities, input)
    }

    public func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        try await send(\.getActivityTask, input)
    }

    public func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> EmptyOutput {
        try await send(\.sendTaskSuccess, input)
    }

    public func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> EmptyOutput {
        try await send(\.sendTaskFailure, input)
    }

    public func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> EmptyOutput {
        try await send(\.sendTaskHeartbeat, input)
    }

    public func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        try await send(\.startExecution, input)
    }

    public func startSyncExecution(_ input: StartExecutionInput) async throws -> StartSyncExecutionOutput {
        try await send(\.startSyncExecution, input)
    }

    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        try await send(\.describeExecution, input)
    }

    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput {
        try await send(\.stopExecution, input)
    }

    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput {
        try await send(\.listExecutions, input)
    }

    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        try await send(\.getExecutionHistory, input)
    }

    public func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        try await send(\.redriveExecution, input)
    }

    public func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput {
        try await send(\.describeMapRun, input)
    }

    public func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput {
        try await send(\.listMapRuns, input)
    }

    public func updateMapRun(_ input: UpdateMapRunInput) async throws -> EmptyOutput {
        try await send(\.updateMapRun, input)
    }

    public func testState(_ input: TestStateInput) async throws -> TestStateOutput {
        try await send(\.testState, input)
    }

    public func tagResource(_ input: TagResourceInput) async throws -> EmptyOutput {
        try await send(\.tagResource, input)
    }

    public func untagResource(_ input: UntagResourceInput) async throws -> EmptyOutput {
        try await send(\.untagResource, input)
    }

    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput {
        try await send(\.listTagsForResource, input)
    }
}
