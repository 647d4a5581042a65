import StepFunctions

extension Engine {
    /// Not yet: redrive is on its way. Every execution answers as one that cannot be redriven.
    public func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        let record = try execution(input.executionArn).record
        throw StepFunctionsError(
            .executionNotRedrivable,
            "Execution '\(record.arn)' cannot be redriven: this version of Stepwise does not redrive executions yet")
    }
}
