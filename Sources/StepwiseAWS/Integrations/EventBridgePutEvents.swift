import StepFunctions
import StepwiseJSON

/// The optimized `events:putEvents`, which does more than the API call: Step Functions serializes
/// an object `Detail`, names the state machine and the execution in each event's `Resources`, and
/// fails the task when any entry failed.
extension IntegrationForwarder {
    func putEvents(_ call: ServiceCall, dialect: AWSJSONDialect) async throws -> JSONValue {
        var parameters = call.parameters
        let origin = Self.origin(of: call.request.executionArn)
        if let entries = parameters["Entries"]?.arrayValue {
            parameters["Entries"] = .array(entries.map { entry in
                guard case .object(var event) = entry else { return entry }
                if let detail = event["Detail"] { event["Detail"] = WireMembers.text(detail) }
                event["Resources"] = .array((event["Resources"]?.arrayValue ?? []) + origin.map(JSONValue.string))
                return .object(event)
            })
        }
        let (answer, http) = try await callJSON(call, dialect: dialect, action: "putEvents", parameters: .object(parameters))
        if let failed = answer["FailedEntryCount"]?.intValue, failed > 0 {
            // Even when some entries went through: the cause lists every entry's outcome.
            throw TaskFailure("EventBridge.FailedEntry", cause: JSONSerializer.string(.object(answer)))
        }
        return shaped(answer, http: http, call: call)
    }

    /// The state machine's and the execution's ARNs, in that order.
    private static func origin(of executionArn: String) -> [String] {
        guard let execution = try? ARN.parse(executionArn, expecting: [.execution, .express]) else { return [executionArn] }
        let machine = ARN(
            partition: execution.partition, region: execution.region, account: execution.account, resourceType: .stateMachine,
            resource: [execution.resource[0]])
        return [machine.description, executionArn]
    }
}
