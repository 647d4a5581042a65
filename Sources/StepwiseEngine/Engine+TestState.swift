import Foundation
import StatesLanguage
import StepFunctions
import StepwiseAlgorithms
import StepwiseJSON

extension Engine {
    /// Runs one state once on a given input, as AWS's TestState does. A Task runs its mock
    /// (result or error) or, without one, a registered local stand-in for its resource.
    public func testState(_ input: TestStateInput) async throws -> TestStateOutput {
        let (graph, state) = try Self.compileSingleState(input.definition)
        let compiled = graph.states[graph.startIndex]
        guard compiled.type != .map, compiled.type != .parallel else {
            throw StepFunctionsError(.validation, "TestState supports Pass, Choice, Wait, Succeed, Fail and Task states; '\(compiled.type.rawValue)' states cannot be tested alone")
        }
        let stateInput = try Self.parseJSON(input.input ?? "{}", member: "input")
        let variableObject = try Self.parseJSON(input.variables ?? "{}", member: "variables").objectValue ?? [:]
        let variables = Dictionary(uniqueKeysWithValues: variableObject.map { ($0.key, $0.value) })
        let now = clock.now()
        let context: JSONValue = [
            "Execution": [
                "Id": .string("arn:aws:states:\(configuration.region):\(configuration.account):execution:TestState:test"),
                "Input": stateInput, "Name": "test", "StartTime": .string(isoTimestamp(now)), "RoleArn": .string(input.roleArn ?? ""),
            ],
            "State": ["EnteredTime": .string(isoTimestamp(now)), "Name": .string(compiled.name), "RetryCount": 0],
            "StateMachine": ["Id": .string("arn:aws:states:\(configuration.region):\(configuration.account):stateMachine:TestState"), "Name": "TestState"],
        ]
        var evaluator = StateEvaluator(state: compiled, input: stateInput, context: context, variables: variables, random: SplitMix64(seed: 1), now: now)
        var inspection = InspectionData()
        inspection.input = JSONSerializer.string(stateInput)
        do {
            let outcome: StateOutcome
            var next = state.next
            switch compiled.type {
            case .choice:
                let (target, result) = try evaluator.choose()
                outcome = result
                next = target.map { graph.states[$0].name }
            case .fail:
                let failure = try evaluator.failure()
                return TestStateOutput(error: failure.error, cause: failure.cause, inspectionData: inspection, status: "FAILED")
            case .task:
                let effective = try evaluator.effectiveInput()
                inspection.afterInputPath = JSONSerializer.string(effective)
                let parameters = try evaluator.taskInput(effective)
                inspection.afterParameters = JSONSerializer.string(parameters)
                let result: JSONValue
                do {
                    result = try await taskResult(state.resource ?? "", parameters: parameters, mock: input.mock, stateName: compiled.name)
                } catch let error as StatesError {
                    return try errorOutcome(error, compiled: compiled, evaluator: &evaluator, inspection: inspection)
                }
                inspection.result = JSONSerializer.string(result)
                outcome = try evaluator.finish(result: result, effective: effective)
            case .pass:
                let effective = try evaluator.effectiveInput()
                inspection.afterInputPath = JSONSerializer.string(effective)
                outcome = try evaluator.finish(result: try evaluator.passResult(effective), effective: effective)
            default:
                let effective = try evaluator.effectiveInput()
                inspection.afterInputPath = JSONSerializer.string(effective)
                outcome = try evaluator.finish(result: effective, effective: effective)
                next = compiled.type == .succeed ? nil : next
            }
            inspection.afterResultPath = JSONSerializer.string(outcome.output)
            if let assigned = outcome.assigned {
                var merged = variableObject
                for (name, value) in assigned { merged[name] = value }
                inspection.variables = JSONSerializer.string(.object(merged))
            }
            return TestStateOutput(output: JSONSerializer.string(outcome.output), inspectionData: inspection, nextState: next, status: "SUCCEEDED")
        } catch let error as StepFunctionsError {
            // A bad request (no mock for a resource, a malformed mock) is the caller's error, not the state's.
            throw error
        } catch {
            let failure = ExecutionRun.statesError(error)
            return TestStateOutput(error: failure.error, cause: failure.cause, inspectionData: inspection, status: "FAILED")
        }
    }

    /// What AWS answers for a task error: retriable (a retrier matches), caught, or failed.
    private func errorOutcome(_ error: StatesError, compiled: CompiledState, evaluator: inout StateEvaluator, inspection: InspectionData) throws -> TestStateOutput {
        let state = compiled.state
        if ErrorMatcher.isRetriable(error.error), let retrier = state.retry?.first(where: { ErrorMatcher.matches($0.errorEquals, error: error.error) }),
            retrier.effectiveMaxAttempts > 0
        {
            return TestStateOutput(error: error.error, cause: error.cause, inspectionData: inspection, status: "RETRIABLE")
        }
        if ErrorMatcher.isCatchable(error.error), let catcher = state.catch?.first(where: { ErrorMatcher.matches($0.errorEquals, error: error.error) }) {
            let outcome = try evaluator.catchOutcome(catcher, error: error)
            return TestStateOutput(
                output: JSONSerializer.string(outcome.output), error: error.error, cause: error.cause, inspectionData: inspection,
                nextState: catcher.next, status: "CAUGHT_ERROR")
        }
        return TestStateOutput(error: error.error, cause: error.cause, inspectionData: inspection, status: "FAILED")
    }

    /// The mock's result or error, or else what a registered handler answers, shaped as the task's result.
    private func taskResult(_ resource: String, parameters: JSONValue, mock: TestStateMock?, stateName: String) async throws -> JSONValue {
        if let failure = mock?.errorOutput {
            throw StatesError(failure.error ?? "", failure.cause ?? "")
        }
        if let result = mock?.result { return try Self.parseJSON(result, member: "mock.result") }
        let call = TaskCall(token: "TestState", resource: TaskResource(resource), written: resource, parameters: parameters, stateName: stateName, invocation: 0)
        guard case .handler(let handler)? = servers.service(for: call.resource, parameters: parameters, written: resource) else {
            throw StepFunctionsError(.validation, "TestState needs a mock result or error for the resource '\(resource)': the local engine cannot call it and no handler is registered for it")
        }
        let request = TaskRequest(
            resource: call.resource, input: Self.taskInput(call), parameters: parameters, taskToken: call.token, stateName: stateName,
            executionArn: "", region: configuration.region)
        let outcome: Result<JSONValue, any Error>
        do { outcome = .success(try await handler(request)) } catch { outcome = .failure(error) }
        switch Self.event(for: call, outcome: outcome, shapesResult: true, now: clock.now()) {
        case .taskSucceeded(_, let output), .taskSubmitted(_, let output): return output
        case .taskFailed(_, let error, let cause): throw StatesError(error ?? "", cause ?? "")
        default: return .null
        }
    }

    static func parseJSON(_ text: String, member: String) throws(StepFunctionsError) -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw StepFunctionsError(.validation, "Invalid JSON in '\(member)': \(error)")
        }
    }

    /// Compiles a lone state by placing it in a machine whose other states are the targets it
    /// names, so its transitions resolve.
    static func compileSingleState(_ definition: String) throws(StepFunctionsError) -> (CompiledGraph, State) {
        guard case .object(var object) = try parseJSON(definition, member: "definition") else {
            throw StepFunctionsError(.invalidDefinition, "Invalid State Machine Definition: 'the definition of a TestState call must be one state (a JSON object)'")
        }
        object["End"] = nil
        let probe = JSONObject(uniqueKeysWithValues: [("Type", JSONValue.string("Succeed"))])
        var targets: [String] = []
        if let next = object["Next"]?.stringValue { targets.append(next) }
        if let fallback = object["Default"]?.stringValue { targets.append(fallback) }
        for rule in object["Choices"]?.arrayValue ?? [] { if let next = rule["Next"]?.stringValue { targets.append(next) } }
        for catcher in object["Catch"]?.arrayValue ?? [] { if let next = catcher["Next"]?.stringValue { targets.append(next) } }
        if object["Next"] == nil, ["Task", "Pass", "Wait", "Parallel", "Map"].contains(object["Type"]?.stringValue ?? "") { object["End"] = true }
        var states = JSONObject()
        states["TestState"] = .object(object)
        for target in targets where states[target] == nil { states[target] = .object(probe) }
        let document: JSONValue = ["StartAt": "TestState", "States": .object(states)]
        let (machine, graph) = try compile(JSONSerializer.string(document))
        return (graph, machine.states["TestState"]!)
    }
}
