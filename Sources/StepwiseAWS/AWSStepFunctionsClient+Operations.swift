import StepFunctions

// Every operation is sent by `send` (see `StepFunctionsTransport`); these two need more.
extension AWSStepFunctionsClient {
    /// Long-polls with `Options.longPollTimeout` (≥ 65 s). Cancelling the calling task cancels
    /// the HTTP request and returns an empty output, like the embedded engine.
    public func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        do {
            return try await call(StepFunctionsOperations.table.getActivityTask.name, input, timeout: options.longPollTimeout)
        } catch is CancellationError {
            return GetActivityTaskOutput()
        }
    }

    /// On AWS's own endpoints this goes to the `sync-states` host, as the API requires.
    public func startSyncExecution(_ input: StartExecutionInput) async throws -> StartSyncExecutionOutput {
        try await call(
            StepFunctionsOperations.table.startSyncExecution.name, input, timeout: options.syncExecutionTimeout, endpoint: syncEndpoint)
    }
}
