import StepFunctions

extension Stepwise {
    /// Every event of an execution's history, oldest first (all pages of GetExecutionHistory).
    public func history(_ executionArn: String) async throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var token: String?
        repeat {
            let page = try await api.getExecutionHistory(GetExecutionHistoryInput(executionArn: executionArn, maxResults: 1000, nextToken: token))
            events += page.events
            token = page.nextToken
        } while token != nil
        return events
    }
}
