import StepFunctions

extension AWSStepFunctionsClient {
    public func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput {
        try await call(.createStateMachine, input)
    }

    public func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput {
        try await call(.updateStateMachine, input)
    }

    public func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> EmptyOutput {
        try await call(.deleteStateMachine, input)
    }

    public func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput {
        try await call(.describeStateMachine, input)
    }

    public func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput {
        try await call(.describeStateMachineForExecution, input)
    }

    public func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput {
        try await call(.listStateMachines, input)
    }

    public func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput {
        try await call(.validateStateMachineDefinition, input)
    }

    public func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput {
        try await call(.createActivity, input)
    }

    public func deleteActivity(_ input: DeleteActivityInput) async throws -> EmptyOutput {
        try await call(.deleteActivity, input)
    }

    public func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput {
        try await call(.describeActivity, input)
    }

    public func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput {
        try await call(.listActivities, input)
    }

    /// Long-polls with `Options.longPollTimeout` (≥ 65 s). Cancelling the calling task cancels
    /// the HTTP request and returns an empty output, like the embedded engine.
    public func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        do {
            return try await call(.getActivityTask, input, timeout: options.longPollTimeout)
        } catch is CancellationError {
            return GetActivityTaskOutput()
        }
    }

    public func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> EmptyOutput {
        try await call(.sendTaskSuccess, input)
    }

    public func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> EmptyOutput {
        try await call(.sendTaskFailure, input)
    }

    public func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> EmptyOutput {
        try await call(.sendTaskHeartbeat, input)
    }

    public func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        try await call(.startExecution, input)
    }

    /// On AWS's own endpoints this goes to the `sync-states` host, as the API requires.
    public func startSyncExecution(_ input: StartExecutionInput) async throws -> StartSyncExecutionOutput {
        try await call(.startSyncExecution, input, timeout: options.syncExecutionTimeout, endpoint: syncEndpoint)
    }

    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        try await call(.describeExecution, input)
    }

    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput {
        try await call(.stopExecution, input)
    }

    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput {
        try await call(.listExecutions, input)
    }

    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        try await call(.getExecutionHistory, input)
    }

    public func testState(_ input: TestStateInput) async throws -> TestStateOutput {
        try await call(.testState, input)
    }

    public func tagResource(_ input: TagResourceInput) async throws -> EmptyOutput {
        try await call(.tagResource, input)
    }

    public func untagResource(_ input: UntagResourceInput) async throws -> EmptyOutput {
        try await call(.untagResource, input)
    }

    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput {
        try await call(.listTagsForResource, input)
    }
}
