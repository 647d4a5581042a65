import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

extension Engine {
    /// Starts an execution. As in Step Functions Local, `<state machine ARN>#<test case>` runs
    /// the machine with that test case of the loaded mock configuration.
    public func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        guard let hash = input.stateMachineArn.firstIndex(of: "#") else { return try await startExecution(input, parent: nil) }
        var plain = input
        plain.stateMachineArn = String(input.stateMachineArn[..<hash])
        let machine = try runnable(plain.stateMachineArn)
        let selection = MockConfiguration.Selection(stateMachine: machine.name, testCase: String(input.stateMachineArn[hash...].dropFirst()))
        return try await startExecution(plain, testCase: selection)
    }

    /// Starts an execution whose tasks the given test case of the mock configuration answers
    /// (`useMocks`); the selection names the machine as the mock file does.
    public func startExecution(_ input: StartExecutionInput, testCase selection: MockConfiguration.Selection) async throws -> StartExecutionOutput {
        guard let mocks else {
            throw StepFunctionsError(.validation, "no mock configuration is loaded, so there is no test case '\(selection.testCase)' (stepwise serve --mock-config FILE)")
        }
        do {
            try mocks.check(selection, states: try runnable(input.stateMachineArn).graph.allStateTypes)
        } catch {
            throw StepFunctionsError(.validation, "the test case cannot run: \(error)")
        }
        return try await startExecution(input, parent: nil, mockSelection: selection)
    }

    /// Starts an execution, nested in a parent's task when `parent` is given. A version ARN runs
    /// that version; an alias ARN, the version its routing picks.
    func startExecution(
        _ input: StartExecutionInput, parent: ParentTask?, mockSelection: MockConfiguration.Selection? = nil
    ) async throws -> StartExecutionOutput {
        try requireHealthyStore()
        let machine = try runnable(input.stateMachineArn)
        let name = input.name ?? UUID().uuidString.lowercased()
        try ResourceName.validate(name)
        try input.checkLimits()
        let inputText = input.input ?? "{}"
        if inputText.utf8.count > payloadByteLimit {
            throw StepFunctionsError(.invalidExecutionInput, "Invalid State Machine Execution Input: 'Input exceeds the maximum size of \(payloadByteLimit) bytes'")
        }
        let inputValue: JSONValue
        do {
            inputValue = try await threads.run { () throws(JSONParseError) in try JSONParser.parse(inputText) }
        } catch {
            throw StepFunctionsError(.invalidExecutionInput, "Invalid State Machine Execution Input: '\(error)'")
        }
        let arn = ARN.execution(ofMachine: try ARN.parse(machine.stateMachineArn, expecting: [.stateMachine]), name: name).description
        if let existing = executions[arn] {
            // Idempotent for a running execution started with the same input; otherwise an error.
            guard existing.record.status == .running, existing.record.input == inputText else {
                throw StepFunctionsError(.executionAlreadyExists, "Execution Already Exists: '\(arn)'")
            }
            return StartExecutionOutput(executionArn: arn, startDate: existing.record.startDate)
        }
        let now = clock.now()
        let tokenKey = TokenKey.random()
        let record = ExecutionRecord(
            arn: arn, stateMachineArn: machine.stateMachineArn, name: name, status: .running, startDate: now, stopDate: nil,
            input: inputText, output: nil, error: nil, cause: nil, definition: machine.definition,
            roleArn: machine.roleArn, machineType: machine.type, tokenKey: tokenKey.hex, parent: parent,
            mockSelection: mockSelection, stateMachineVersionArn: machine.versionArn, stateMachineAliasArn: machine.aliasArn,
            revisionId: machine.revisionId)
        let info = ExecutionInfo(
            executionArn: arn, name: name, stateMachineArn: machine.stateMachineArn, stateMachineName: machine.name,
            roleArn: machine.roleArn, startTime: now, input: inputValue, timeoutSeconds: machine.timeoutSeconds,
            tokenKey: tokenKey)
        let run = ExecutionRun(info: info, root: machine.graph, seed: Self.seed(for: arn))
        executions[arn] = Execution(record: record, run: RunHandle(run))
        executionOrder.append(arn)
        try await deliver(.start, to: arn)
        return StartExecutionOutput(executionArn: arn, startDate: now)
    }

    /// FNV-1a of the execution ARN. Swift's `Hasher` is seeded per process; this seed is the
    /// same everywhere, so an execution replayed elsewhere draws the same tokens, UUIDs and jitter.
    static func seed(for executionArn: String) -> UInt64 {
        executionArn.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    public func startSyncExecution(_ input: StartExecutionInput) async throws -> StartSyncExecutionOutput {
        guard try runnable(input.stateMachineArn).type == .express else {
            throw StepFunctionsError(.stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
        }
        let started = try await startExecution(input)
        let result = try await waitForExecution(started.executionArn)
        return StartSyncExecutionOutput(
            executionArn: result.executionArn, stateMachineArn: result.stateMachineArn, name: result.name,
            startDate: result.startDate, stopDate: result.stopDate ?? clock.now(), status: result.status,
            error: result.error, cause: result.cause, input: result.input, output: result.output)
    }

    func execution(_ arn: String) throws(StepFunctionsError) -> Execution {
        _ = try ARN.parse(arn, expecting: [.execution, .express])
        guard let execution = executions[arn] else {
            throw StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'")
        }
        return execution
    }

    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        if let child = mapRunChild(input.executionArn) {
            var output = child.record.described
            (output.redriveStatus, output.redriveStatusReason) = redriveStatus(ofMapRunChild: child.record, parentArn: child.parentArn)
            return output
        }
        let execution = try execution(input.executionArn)
        let record = execution.record
        var output = DescribeExecutionOutput(
            executionArn: record.arn, stateMachineArn: record.stateMachineArn, name: record.name, status: record.status,
            startDate: record.startDate, stopDate: record.stopDate, input: record.input, output: record.output,
            error: record.error, cause: record.cause)
        output.stateMachineVersionArn = record.stateMachineVersionArn
        output.stateMachineAliasArn = record.stateMachineAliasArn
        output.redriveCount = record.redriveCount ?? 0
        output.redriveDate = record.redriveDate
        (output.redriveStatus, output.redriveStatusReason) = redriveStatus(execution)
        return output
    }

    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput {
        let execution = try execution(input.executionArn)
        try input.checkLimits()
        try requireHealthyStore()
        if execution.record.status == .running {
            try await deliver(.stop(error: input.error, cause: input.cause), to: input.executionArn)
        }
        return StopExecutionOutput(stopDate: executions[input.executionArn]?.record.stopDate ?? clock.now())
    }

    /// The executions of a machine, of a version or an alias (the executions that ran the
    /// version, or that the alias started), or the child workflow executions of a Map Run.
    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput {
        if let mapRunArn = input.mapRunArn {
            guard input.stateMachineArn == nil else {
                throw StepFunctionsError(.validation, "Only one of stateMachineArn and mapRunArn can be specified")
            }
            return try listExecutions(ofMapRun: mapRunArn, input)
        }
        var belongs: (ExecutionRecord) -> Bool = { _ in true }
        if let arn = input.stateMachineArn {
            switch Qualifier(try ARN.parse(arn, expecting: [.stateMachine])) {
            case nil:
                _ = try machine(arn)
                belongs = { $0.stateMachineArn == arn }
            case .version:
                _ = try version(arn)
                belongs = { $0.stateMachineVersionArn == arn }
            case .alias:
                _ = try alias(arn)
                belongs = { $0.stateMachineAliasArn == arn }
            }
        }
        let matching = executionOrder.reversed().compactMap { executions[$0]?.record }.filter { record in
            belongs(record) && (input.statusFilter == nil || record.status == input.statusFilter)
                && input.redriveFilter.admits(redriveCount: record.redriveCount)
        }
        let (page, next) = try Paging.page(matching, maxResults: input.maxResults, nextToken: input.nextToken)
        return ListExecutionsOutput(
            executions: page.map {
                var item = ExecutionListItem(
                    executionArn: $0.arn, stateMachineArn: $0.stateMachineArn, name: $0.name, status: $0.status,
                    startDate: $0.startDate, stopDate: $0.stopDate)
                item.stateMachineVersionArn = $0.stateMachineVersionArn
                item.stateMachineAliasArn = $0.stateMachineAliasArn
                item.redriveCount = $0.redriveCount ?? 0
                item.redriveDate = $0.redriveDate
                return item
            },
            nextToken: next)
    }

    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        _ = try execution(input.executionArn)
        var events = try await store.events(executionArn: input.executionArn)
        if input.reverseOrder == true { events.reverse() }
        let (page, next) = try Paging.page(events, maxResults: input.maxResults, nextToken: input.nextToken)
        let includeData = input.includeExecutionData ?? true
        return GetExecutionHistoryOutput(events: page.map { $0.wire(includeData: includeData) }, nextToken: next)
    }

    /// The events of an execution as the engine keeps them (payloads as values, not text).
    public func recordedEvents(_ executionArn: String) async throws -> [RecordedEvent] {
        _ = try execution(executionArn)
        return try await store.events(executionArn: executionArn)
    }
}

extension ExecutionRedriveFilter? {
    /// ListExecutions' `redriveFilter`: REDRIVEN, NOT_REDRIVEN, or (nil) both.
    func admits(redriveCount: Int?) -> Bool {
        switch self {
        case nil: return true
        case .redriven?: return (redriveCount ?? 0) > 0
        case .notRedriven?: return (redriveCount ?? 0) == 0
        }
    }
}
