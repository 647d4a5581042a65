import DequeModule
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
        // Running executions are all in memory; a finished one may be only in the store (looked
        // for before the memory is, so that no start of the same name slips in between). A name
        // the engine made up just now (a random UUID) is nowhere yet: no read for it.
        var existing = input.name == nil ? nil : try await storedRecord(arn)
        if let running = executions[arn] { existing = running.record }
        if let existing {
            // Idempotent for a running execution started with the same input; otherwise an error.
            guard existing.status == .running, existing.input == inputText else {
                throw StepFunctionsError(.executionAlreadyExists, "Execution Already Exists: '\(arn)'")
            }
            return StartExecutionOutput(executionArn: arn, startDate: existing.startDate)
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

    /// The execution's record: from memory while it runs or if it finished lately, otherwise
    /// from the store.
    func record(of arn: String) async throws -> ExecutionRecord {
        _ = try ARN.parse(arn, expecting: [.execution, .express])
        if let running = executions[arn] { return running.record }
        guard let record = try await storedRecord(arn) else {
            throw StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'")
        }
        return record
    }

    /// The execution: in memory while it runs (or keeps its run for a redrive), otherwise its
    /// record from the cache or the store, without a run.
    func execution(_ arn: String) async throws -> Execution {
        if let known = executions[arn] { return known }
        return Execution(record: try await record(of: arn), run: nil)
    }

    /// The record of a finished execution, from the cache or the store.
    func storedRecord(_ arn: String) async throws -> ExecutionRecord? {
        if let cached = finishedRecords[arn] { return cached }
        return try await store.execution(arn: arn)
    }

    /// Moves a finished execution out of the registry of running ones, once nobody delivers to
    /// it any more: its record stays in the cache of lately finished ones, and in the store. One
    /// that keeps its run for a redrive (a store without journals) stays.
    func retire(_ executionArn: String) {
        guard let execution = executions[executionArn], execution.run == nil, !execution.pumping else { return }
        executions.removeValue(forKey: executionArn)
        finishedRecords.insert(execution.record)
        mapRuns.remove(executionArn: executionArn)
    }

    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        if let child = try await mapRunChild(input.executionArn) {
            var output = child.record.described
            (output.redriveStatus, output.redriveStatusReason) = try await redriveStatus(ofMapRunChild: child.record, parentArn: child.parentArn)
            return output
        }
        let execution = try await execution(input.executionArn)
        let record = execution.record
        var output = DescribeExecutionOutput(
            executionArn: record.arn, stateMachineArn: record.stateMachineArn, name: record.name, status: record.status,
            startDate: record.startDate, stopDate: record.stopDate, input: record.input, output: record.output,
            error: record.error, cause: record.cause)
        output.stateMachineVersionArn = record.stateMachineVersionArn
        output.stateMachineAliasArn = record.stateMachineAliasArn
        output.redriveCount = record.redriveCount ?? 0
        output.redriveDate = record.redriveDate
        (output.redriveStatus, output.redriveStatusReason) = try await redriveStatus(execution)
        return output
    }

    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput {
        let record = try await record(of: input.executionArn)
        try input.checkLimits()
        try requireHealthyStore()
        guard record.status == .running else { return StopExecutionOutput(stopDate: record.stopDate ?? clock.now()) }
        try await deliver(.stop(error: input.error, cause: input.cause), to: input.executionArn)
        return StopExecutionOutput(stopDate: try await self.record(of: input.executionArn).stopDate ?? clock.now())
    }

    /// The executions of a machine, of a version or an alias (the executions that ran the
    /// version, or that the alias started), or the child workflow executions of a Map Run. Pages
    /// in the store: the token is the place where the page ended (see `ExecutionCursor`), so the
    /// next page goes on from there however many executions start meanwhile.
    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput {
        var query = ExecutionQuery(status: input.statusFilter, redriveFilter: input.redriveFilter, limit: 0)
        if let mapRunArn = input.mapRunArn {
            guard input.stateMachineArn == nil else {
                throw StepFunctionsError(.validation, "Only one of stateMachineArn and mapRunArn can be specified")
            }
            _ = try await mapRun(mapRunArn)
            query.mapRunArn = mapRunArn
        } else if let arn = input.stateMachineArn {
            switch Qualifier(try ARN.parse(arn, expecting: [.stateMachine])) {
            case nil:
                _ = try machine(arn)
                query.stateMachineArn = arn
            case .version:
                _ = try version(arn)
                query.stateMachineVersionArn = arn
            case .alias:
                _ = try alias(arn)
                query.stateMachineAliasArn = arn
            }
        }
        let size = try Paging.size(input.maxResults)
        query.after = try input.nextToken.map(ExecutionCursor.init(token:))
        query.limit = size + 1
        let listed = try await store.executions(query)
        let page = listed.prefix(size)
        return ListExecutionsOutput(executions: page.map(\.item), nextToken: listed.count > size ? page.last?.cursor.token : nil)
    }

    /// Pages in the store, by event id: the token is the id of the page's last event.
    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        _ = try await record(of: input.executionArn)
        let size = try Paging.size(input.maxResults)
        let after = try input.nextToken.map { token throws(StepFunctionsError) in
            guard let id = Paging.decode(token, prefix: "event:").flatMap({ Int($0) }), id >= 0 else {
                throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
            }
            return id
        }
        let events = try await store.events(
            executionArn: input.executionArn, page: HistoryPage(after: after, limit: size + 1, reverse: input.reverseOrder == true))
        let page = events.prefix(size)
        let includeData = input.includeExecutionData ?? true
        return GetExecutionHistoryOutput(
            events: page.map { $0.wire(includeData: includeData) },
            nextToken: events.count > size ? page.last.map { Paging.encode("event:\($0.id)") } : nil)
    }

    /// The events of an execution as the engine keeps them (payloads as values, not text).
    public func recordedEvents(_ executionArn: String) async throws -> [RecordedEvent] {
        _ = try await record(of: executionArn)
        return try await store.events(executionArn: executionArn)
    }
}

extension ExecutionCursor {
    /// The cursor as a `nextToken`, opaque to callers (the start date's bits, exactly).
    var token: String { Paging.encode("execution:\(String(startDate.bitPattern, radix: 16)):\(sequence)") }

    init(token: String) throws(StepFunctionsError) {
        let parts = Paging.decode(token, prefix: "execution:")?.split(separator: ":") ?? []
        guard parts.count == 2, let bits = UInt64(parts[0], radix: 16), let sequence = Int64(parts[1]) else {
            throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
        }
        self.init(startDate: Double(bitPattern: bits), sequence: sequence)
    }
}

/// The records of the executions that finished last, at most `capacity`, the oldest dropped first.
struct RecordCache {
    let capacity: Int
    private var records: [String: ExecutionRecord] = [:]
    private var order = Deque<String>()

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(arn: String) -> ExecutionRecord? { records[arn] }

    mutating func insert(_ record: ExecutionRecord) {
        guard capacity > 0 else { return }
        if records.updateValue(record, forKey: record.arn) == nil { order.append(record.arn) }
        while order.count > capacity { records.removeValue(forKey: order.removeFirst()) }
    }

    mutating func remove(_ arn: String) {
        guard records.removeValue(forKey: arn) != nil, let index = order.firstIndex(of: arn) else { return }
        order.remove(at: index)
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
