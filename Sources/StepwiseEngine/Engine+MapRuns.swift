import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

/// The Map Runs of the executions the engine holds (running ones, and finished ones not yet
/// retired), with their child workflow executions; the others are read from the store.
struct MapRunRegistry {
    struct Run {
        var record: MapRunRecord
        var children: [Int: MapRunExecutionRecord] = [:]

        init(record: MapRunRecord) {
            self.record = record
        }

        init(_ stored: StoredMapRun) {
            record = stored.record
            children = Dictionary(stored.children.map { ($0.index, $0) }) { _, last in last }
        }
    }

    private(set) var runs: [String: Run] = [:]
    /// Map Run ARNs by the execution that started them, in start order.
    private(set) var byExecution: [String: [String]] = [:]
    /// Child workflow execution ARN → its Map Run and index.
    private var children: [String: (mapRunArn: String, index: Int)] = [:]

    mutating func save(_ record: MapRunRecord) {
        if runs[record.arn] == nil { byExecution[record.executionArn, default: []].append(record.arn) }
        runs[record.arn, default: Run(record: record)].record = record
    }

    /// Children arrive after their run (in one commit, and in that order when loaded).
    mutating func save(_ child: MapRunExecutionRecord) {
        runs[child.mapRunArn]?.children[child.index] = child
        children[child.arn] = (child.mapRunArn, child.index)
    }

    /// Holds a stored run again (its execution resumed or redriven).
    mutating func restore(_ stored: StoredMapRun) {
        save(stored.record)
        for child in stored.children { save(child) }
    }

    /// Forgets the Map Runs of an execution, with their children (the store keeps them).
    mutating func remove(executionArn: String) {
        for arn in byExecution.removeValue(forKey: executionArn) ?? [] {
            guard let run = runs.removeValue(forKey: arn) else { continue }
            for child in run.children.values { children.removeValue(forKey: child.arn) }
        }
    }

    func child(_ arn: String) -> MapRunExecutionRecord? {
        children[arn].flatMap { runs[$0.mapRunArn]?.children[$0.index] }
    }

    mutating func apply(_ changes: MapRunChanges) {
        for record in changes.runs.values { save(record) }
        for child in changes.children.values { save(child) }
    }

    // MARK: - Names

    /// `…:mapRun:<machine>/<label>:<id>` → `…:execution:<machine>/<label>:<uuid>`, the uuid
    /// derived from the run and the index so that it is the same however often it is computed.
    static func childArn(mapRunArn: String, index: Int) -> String {
        let uuid = SeededSource(seed: Engine.seed(for: "\(mapRunArn)#\(index)")).nextUUID().uuidString.lowercased()
        return executionPrefix(ofMapRun: mapRunArn) + ":" + uuid
    }

    /// The machine qualified by the Map's label: `…:stateMachine:<machine>/<label>`.
    static func qualifiedMachine(ofMapRun arn: String) -> String {
        withoutId(arn).replacingOccurrences(of: ":mapRun:", with: ":stateMachine:")
    }

    static func label(ofMapRun arn: String) -> String {
        let qualified = withoutId(arn)
        return qualified.firstIndex(of: "/").map { String(qualified[qualified.index(after: $0)...]) } ?? ""
    }

    private static func executionPrefix(ofMapRun arn: String) -> String {
        withoutId(arn).replacingOccurrences(of: ":mapRun:", with: ":execution:")
    }

    private static func withoutId(_ arn: String) -> String {
        arn.lastIndex(of: ":").map { String(arn[..<$0]) } ?? arn
    }
}

/// The Map Run records one step changes: stored with the step, applied once it is committed.
struct MapRunChanges {
    var runs: [String: MapRunRecord] = [:]
    /// By child execution ARN.
    var children: [String: MapRunExecutionRecord] = [:]

    var writes: [StoreWrite] {
        runs.keys.sorted().map { .saveMapRun(runs[$0]!) } + children.keys.sorted().map { .saveMapRunExecution(children[$0]!) }
    }
}

extension MapRunExecutionRecord {
    var described: DescribeExecutionOutput {
        var output = DescribeExecutionOutput(
            executionArn: arn, stateMachineArn: MapRunRegistry.qualifiedMachine(ofMapRun: mapRunArn), name: ARN.parseName(arn),
            status: status, startDate: startDate, stopDate: stopDate, input: input, output: output, error: error, cause: cause)
        output.mapRunArn = mapRunArn
        output.redriveCount = redriveCount ?? 0
        output.redriveDate = redriveDate
        return output
    }
}

extension Engine {
    /// The Map Run records a step's reports change. Runs of an execution the step ended that
    /// are still going end ABORTED, and so do the iterations still running when a run ends.
    func mapRunChanges(_ commands: [RunCommand], executionArn: String, endsExecution: Bool, at date: Date) -> MapRunChanges {
        var changes = MapRunChanges()
        func run(_ arn: String) -> MapRunRecord? { changes.runs[arn] ?? mapRuns.runs[arn]?.record }
        func child(_ mapRunArn: String, _ index: Int) -> MapRunExecutionRecord? {
            changes.children[MapRunRegistry.childArn(mapRunArn: mapRunArn, index: index)] ?? mapRuns.runs[mapRunArn]?.children[index]
        }
        func endChild(_ mapRunArn: String, _ index: Int, _ status: ExecutionStatus, output: JSONValue? = nil, error: StatesError? = nil) {
            guard var record = child(mapRunArn, index) else { return }
            record.status = status
            record.stopDate = date
            record.output = output.map { JSONSerializer.string($0) }
            record.error = error.flatMap { $0.error.isEmpty ? nil : $0.error }
            record.cause = error.flatMap { $0.cause.isEmpty ? nil : $0.cause }
            changes.children[record.arn] = record
        }
        /// A child workflow execution a redrive runs again, under its ARN.
        func rerunChild(_ mapRunArn: String, _ index: Int) {
            guard var record = child(mapRunArn, index) else { return }
            record.status = .running
            record.stopDate = nil
            record.output = nil
            record.error = nil
            record.cause = nil
            record.redriveCount = (record.redriveCount ?? 0) + 1
            record.redriveDate = date
            changes.children[record.arn] = record
        }
        func endRun(_ arn: String, _ status: MapRunStatus) {
            guard var record = run(arn), record.status == .running else { return }
            record.status = status
            record.stopDate = date
            changes.runs[arn] = record
            let running = Set(mapRuns.runs[arn]?.children.keys.map { $0 } ?? []).union(
                changes.children.values.filter { $0.mapRunArn == arn }.map(\.index))
            for index in running.sorted() where child(arn, index)?.status == .running { endChild(arn, index, .aborted) }
        }
        for command in commands {
            guard case .mapRun(let report) = command else { continue }
            switch report {
            case .started(let arn, let items, let settings):
                changes.runs[arn] = MapRunRecord(
                    arn: arn, executionArn: executionArn, status: .running, startDate: date, stopDate: nil, itemCount: items,
                    maxConcurrency: settings.maxConcurrency, toleratedFailureCount: settings.toleratedFailureCount,
                    toleratedFailurePercentage: settings.toleratedFailurePercentage)
            case .iterationStarted(let arn, let index, _) where child(arn, index) != nil:
                // An item that failed within the tolerance, run again by a redrive.
                rerunChild(arn, index)
            case .iterationStarted(let arn, let index, let input):
                let childArn = MapRunRegistry.childArn(mapRunArn: arn, index: index)
                changes.children[childArn] = MapRunExecutionRecord(
                    arn: childArn, mapRunArn: arn, index: index, status: .running, startDate: date, stopDate: nil,
                    input: JSONSerializer.string(input))
            case .iterationSucceeded(let arn, let index, let output):
                endChild(arn, index, .succeeded, output: output)
            case .iterationFailed(let arn, let index, let error):
                endChild(arn, index, .failed, error: error)
            case .updated(let arn, let settings):
                guard var record = run(arn) else { continue }
                record.maxConcurrency = settings.maxConcurrency
                record.toleratedFailureCount = settings.toleratedFailureCount
                record.toleratedFailurePercentage = settings.toleratedFailurePercentage
                changes.runs[arn] = record
            case .ended(let arn, let status):
                endRun(arn, status)
            case .redriven(let arn, let iterations):
                guard var record = run(arn) else { continue }
                record.status = .running
                record.stopDate = nil
                record.redriveCount = (record.redriveCount ?? 0) + 1
                record.redriveDate = date
                changes.runs[arn] = record
                for index in iterations { rerunChild(arn, index) }
            }
        }
        if endsExecution {
            for arn in mapRuns.byExecution[executionArn] ?? [] { endRun(arn, .aborted) }
            for arn in changes.runs.keys.sorted() { endRun(arn, .aborted) }
        }
        return changes
    }

    /// After a restart: runs of executions that are no longer running (ended while the server
    /// was down, or not resumed) end ABORTED.
    func abortOrphanedMapRuns() async throws {
        var writes: [StoreWrite] = []
        for (executionArn, runs) in mapRuns.byExecution.sorted(by: { $0.key < $1.key })
        where executions[executionArn]?.record.status != .running && runs.contains(where: { mapRuns.runs[$0]?.record.status == .running }) {
            let changes = mapRunChanges([], executionArn: executionArn, endsExecution: true, at: clock.now())
            writes += changes.writes
            mapRuns.apply(changes)
        }
        if !writes.isEmpty { try await store.commit(writes) }
    }

    /// A child workflow execution of a Map Run, and the execution whose Map started the run.
    func mapRunChild(_ arn: String) async throws -> (record: MapRunExecutionRecord, parentArn: String)? {
        if let child = mapRuns.child(arn), let run = mapRuns.runs[child.mapRunArn] { return (child, run.record.executionArn) }
        // Only a child's name is qualified by its Map's label (`<machine>/<label>`); machine
        // names cannot hold a slash, so other executions cost no lookup.
        guard arn.contains("/"), let child = try await store.mapRunExecution(arn: arn), let run = try await store.mapRun(arn: child.mapRunArn)
        else { return nil }
        return (child, run.record.executionArn)
    }

    func mapRun(_ arn: String) async throws -> MapRunRegistry.Run {
        _ = try ARN.parse(arn, expecting: [.mapRun])
        if let run = mapRuns.runs[arn] { return run }
        guard let stored = try await store.mapRun(arn: arn) else {
            throw StepFunctionsError(.resourceNotFound, "Request references a resource that does not exist.")
        }
        return MapRunRegistry.Run(stored)
    }

    /// The execution's Map Runs, in the order they started.
    func mapRunRecords(of executionArn: String) async throws -> [MapRunRecord] {
        if let held = mapRuns.byExecution[executionArn] { return held.compactMap { mapRuns.runs[$0]?.record } }
        return try await store.mapRuns(executionArn: executionArn).map(\.record)
    }

    public func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput {
        let run = try await mapRun(input.mapRunArn)
        let record = run.record
        let children = run.children.values
        func count(_ status: ExecutionStatus) -> Int { children.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }
        // AWS counts the results of succeeded items as written even without a ResultWriter.
        let counts = MapRunCounts(
            pending: record.itemCount - children.count, running: count(.running), succeeded: count(.succeeded), failed: count(.failed),
            timedOut: count(.timedOut), aborted: count(.aborted), total: record.itemCount, resultsWritten: count(.succeeded))
        // One item per child workflow execution: the engine does not batch items.
        var output = DescribeMapRunOutput(
            mapRunArn: record.arn, executionArn: record.executionArn, status: record.status, startDate: record.startDate,
            stopDate: record.stopDate, maxConcurrency: record.maxConcurrency,
            toleratedFailurePercentage: record.toleratedFailurePercentage ?? 0, toleratedFailureCount: record.toleratedFailureCount ?? 0,
            itemCounts: counts, executionCounts: counts)
        output.redriveCount = record.redriveCount ?? 0
        output.redriveDate = record.redriveDate
        return output
    }

    public func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput {
        _ = try await record(of: input.executionArn)
        let runs = try await mapRunRecords(of: input.executionArn)
        let (page, next) = try Paging.page(runs, maxResults: input.maxResults, nextToken: input.nextToken)
        return ListMapRunsOutput(
            mapRuns: page.map {
                MapRunListItem(
                    executionArn: $0.executionArn, mapRunArn: $0.arn, stateMachineArn: MapRunRegistry.qualifiedMachine(ofMapRun: $0.arn),
                    startDate: $0.startDate, stopDate: $0.stopDate)
            },
            nextToken: next)
    }

    /// New settings for a running Map Run, handed to the execution running it, which honours
    /// them from its next step.
    public func updateMapRun(_ input: UpdateMapRunInput) async throws -> EmptyOutput {
        try input.checkLimits()
        let record = try await mapRun(input.mapRunArn).record
        guard input.maxConcurrency != nil || input.toleratedFailureCount != nil || input.toleratedFailurePercentage != nil else {
            throw StepFunctionsError(
                .validation, "At least one of maxConcurrency, toleratedFailureCount and toleratedFailurePercentage must be specified",
                reason: "MISSING_REQUIRED_PARAMETER")
        }
        guard record.status == .running else {
            throw StepFunctionsError(
                .validation, "The Map Run '\(record.arn)' has ended (\(record.status.rawValue)) and cannot be updated",
                reason: "CANNOT_UPDATE_COMPLETED_MAP_RUN")
        }
        try requireHealthyStore()
        let update = MapRunUpdate(
            mapRunArn: record.arn, maxConcurrency: input.maxConcurrency, toleratedFailureCount: input.toleratedFailureCount,
            toleratedFailurePercentage: input.toleratedFailurePercentage)
        try await deliver(.updateMapRun(update), to: record.executionArn)
        return EmptyOutput()
    }
}
