import EngineTestSupport
import Foundation
import GRDB
import StepFunctions
import StepwiseJSON
import Synchronization
import Testing

@testable import StepwiseEngine
@testable import StepwiseSQLite

/// Restarts simulated in-process: the first engine is dropped mid-execution (its timers die
/// with it) and a second one opens the same database and recovers.
@Suite struct RecoveryTests {
    let role = "arn:aws:iam::123456789012:role/r"

    func databasePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-\(UUID().uuidString).sqlite").path
    }

    func engine(_ path: String, _ clock: ManualClock) throws -> Engine {
        Engine(clock: clock, store: try SQLiteEngineStore(path: path))
    }

    func types(_ events: [RecordedEvent]) -> [String] { events.map(\.type.rawValue) }

    func assertContiguous(_ events: [RecordedEvent]) {
        #expect(events.map(\.id) == Array(1...events.count), "ids are 1…n with no gap or repeat")
    }

    /// Runs `definition` to the end without a restart, for comparison.
    func uninterrupted(_ definition: String, input: String, drive: (Engine, ManualClock, String) async throws -> Void) async throws -> (DescribeExecutionOutput, [RecordedEvent]) {
        let clock = ManualClock()
        let engine = Engine(clock: clock)
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let started = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "e", input: input))
        try await drive(engine, clock, started.executionArn)
        return (try await engine.waitForExecution(started.executionArn), try await engine.recordedEvents(started.executionArn))
    }

    @Test func aWaitingExecutionResumesWithTheTimeItHadLeft() async throws {
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},"P":{"Type":"Pass","Result":"done","End":true}}}"#
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "e", input: "{}")).executionArn
        clock.advance(by: 20)
        first = nil

        let second = try engine(path, clock)
        let report = try await second.recover()
        #expect(report.resumedExecutions == 1)
        #expect(report.stateMachines == 1)
        #expect(await second.nextTimerDeadline() == clock.now().addingTimeInterval(40))
        clock.advance(by: 40)
        let result = try await second.waitForExecution(arn)
        #expect(result.status == .succeeded)
        #expect(result.output == #""done""#)
        let events = try await second.recordedEvents(arn)
        assertContiguous(events)
        let (_, expected) = try await uninterrupted(definition, input: "{}") { _, clock, _ in clock.advance(by: 60) }
        #expect(types(events) == types(expected))
    }

    @Test func aTaskNoWorkerTookIsOfferedAgain() async throws {
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let activity = try await first!.createActivity(CreateActivityInput(name: "work")).activityArn
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: #"{"n":1}"#)).executionArn
        first = nil

        let second = try engine(path, clock)
        try await second.recover()
        let task = try await second.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        #expect(task.input == #"{"n":1}"#)
        _ = try await second.sendTaskSuccess(SendTaskSuccessInput(taskToken: try #require(task.taskToken), output: #"{"n":2}"#))
        let result = try await second.waitForExecution(arn)
        #expect(result.output == #"{"n":2}"#)
        #expect(types(try await second.recordedEvents(arn)) == [
            "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
            "ExecutionSucceeded",
        ])
    }

    @Test func aTaskAWorkerHoldsKeepsItsTokenValid() async throws {
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let activity = try await first!.createActivity(CreateActivityInput(name: "work")).activityArn
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","HeartbeatSeconds":30,"End":true}}}"#
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "{}")).executionArn
        let token = try #require(try await first!.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0).taskToken)
        first = nil

        let second = try engine(path, clock)
        try await second.recover()
        let offered = try await second.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        #expect(offered.taskToken == nil, "a started task is not offered to another worker")
        _ = try await second.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: token))
        _ = try await second.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: #""ok""#))
        let result = try await second.waitForExecution(arn)
        #expect(result.output == #""ok""#)
        assertContiguous(try await second.recordedEvents(arn))
    }

    @Test func aMapResumesBetweenIterations() async throws {
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let activity = try await first!.createActivity(CreateActivityInput(name: "double")).activityArn
        let definition = #"""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"\#(activity)","End":true}}},"End":true}}}
            """#
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "[1,2,3]")).executionArn
        func answer(_ engine: Engine) async throws {
            let task = try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
            let n = try JSONParser.parse(try #require(task.input)).intValue ?? 0
            _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: try #require(task.taskToken), output: "\(n * 2)"))
        }
        try await answer(first!)
        first = nil

        let second = try engine(path, clock)
        try await second.recover()
        try await answer(second)
        try await answer(second)
        let result = try await second.waitForExecution(arn)
        #expect(result.output == "[2,4,6]")
        let events = try await second.recordedEvents(arn)
        assertContiguous(events)
        #expect(events.filter { $0.type == .mapIterationSucceeded }.count == 3)
    }

    /// A restart after the process died in a step of `arn`: what `FileStepMarkers` leaves behind
    /// when a crash interrupts an evaluation thread, written here by hand.
    func crashDuringAStep(of arn: String, _ path: String) throws {
        try FileStepMarkers(path: path + ".steps").begin(slot: 1, executionArn: arn)
    }

    @Test func anExecutionWhoseStepsKeepCrashingTheProcessIsQuarantined() async throws {
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "poison", input: "{}")).executionArn
        let bystander = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "bystander", input: "{}")).executionArn
        first = nil

        for restart in 1...3 {
            try crashDuringAStep(of: arn, path)
            let engine = try engine(path, clock)
            let report = try await engine.recover()
            if restart < 3 {
                #expect(report.resumedExecutions == 2, "restart \(restart)")
                #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: arn)).status == .running)
            } else {
                #expect(report.quarantinedExecutions == [arn])
                #expect(report.resumedExecutions == 1)
                let quarantined = try await engine.describeExecution(DescribeExecutionInput(executionArn: arn))
                #expect(quarantined.status == .failed)
                #expect(quarantined.error == "Stepwise.Quarantined")
                #expect(quarantined.cause?.contains("3 times") == true)
                let events = try await engine.recordedEvents(arn)
                assertContiguous(events)
                #expect(types(events) == ["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"])
                // The other execution goes on.
                clock.advance(by: 3)
                #expect(try await engine.waitForExecution(bystander).status == .succeeded)
            }
        }
    }

    @Test func aStepThatCompletesClearsTheCrashesCountedAgainstItsExecution() async throws {
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        let activity = try await first!.createActivity(CreateActivityInput(name: "work")).activityArn
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "{}")).executionArn
        first = nil

        // Two crashes, then a step of the execution completes: the count starts again.
        for _ in 1...2 {
            try crashDuringAStep(of: arn, path)
            _ = try await engine(path, clock).recover()
        }
        var engine: Engine? = try engine(path, clock)
        try await engine!.recover()
        _ = try await engine!.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0)
        engine = nil
        for _ in 1...2 {
            try crashDuringAStep(of: arn, path)
            #expect(try await self.engine(path, clock).recover().quarantinedExecutions.isEmpty)
        }
    }

    @Test func tokensCannotBeComputedFromTheExecution() async throws {
        // The same machine and execution name on two engines: an ARN and a history alike, tokens not.
        var tokens: [String] = []
        for _ in 0..<2 {
            let engine = Engine(clock: ManualClock())
            let activity = try await engine.createActivity(CreateActivityInput(name: "work")).activityArn
            let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#
            let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
            _ = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "same", input: "{}"))
            tokens.append(try #require(try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity), waitingAtMost: 0).taskToken))
        }
        #expect(tokens[0] != tokens[1])
    }

    @Test func finishedExecutionsMachinesAndActivitiesSurvive() async throws {
        let path = databasePath()
        let clock = ManualClock()
        var first: Engine? = try engine(path, clock)
        _ = try await first!.createActivity(CreateActivityInput(name: "kept"))
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"big":123456789012345678901234567890},"End":true}}}"#
        let machine = try await first!.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first!.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "{}")).executionArn
        let before = try await first!.getExecutionHistory(GetExecutionHistoryInput(executionArn: arn))
        first = nil

        let second = try engine(path, clock)
        let report = try await second.recover()
        #expect(report.resumedExecutions == 0)
        #expect(await second.executions.isEmpty, "finished executions stay in the store")
        #expect(try await second.listActivities(ListActivitiesInput()).activities.map(\.name) == ["kept"])
        let described = try await second.describeExecution(DescribeExecutionInput(executionArn: arn))
        #expect(described.output == #"{"big":123456789012345678901234567890}"#)
        #expect(try await second.getExecutionHistory(GetExecutionHistoryInput(executionArn: arn)) == before)
        #expect(try await second.listExecutions(ListExecutionsInput()).executions.map(\.executionArn) == [arn])
    }

    @Test func evictedExecutionsAreListedInTheirOrderBesideResumedOnesAfterARestart() async throws {
        let path = databasePath()
        let clock = ManualClock()
        let quick = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
        let waiting = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#
        var first: Engine? = Engine(configuration: .init(finishedExecutionCache: 1), clock: clock, store: try SQLiteEngineStore(path: path))
        let quickMachine = try await first!.createStateMachine(CreateStateMachineInput(name: "q", definition: quick, roleArn: role)).stateMachineArn
        let waitingMachine = try await first!.createStateMachine(CreateStateMachineInput(name: "w", definition: waiting, roleArn: role)).stateMachineArn
        var started: [String] = []
        for n in 0..<4 {
            // Two executions per instant: the listing orders them as they started.
            if n % 2 == 0 { clock.advance(by: 1) }
            let machine = n == 1 ? waitingMachine : quickMachine
            started.append(try await first!.startExecution(StartExecutionInput(stateMachineArn: machine, name: "e\(n)", input: "{}")).executionArn)
        }
        await first!.idle()
        #expect(await first!.executions.keys.sorted() == [started[1]])
        let page = try await first!.listExecutions(ListExecutionsInput(maxResults: 2))
        first = nil

        let second = Engine(clock: clock, store: try SQLiteEngineStore(path: path))
        #expect(try await second.recover().resumedExecutions == 1)
        #expect(await second.executions.keys.sorted() == [started[1]], "only the running execution is loaded")
        let rest = try await second.listExecutions(ListExecutionsInput(maxResults: 2, nextToken: page.nextToken))
        #expect((page.executions + rest.executions).map(\.executionArn) == started.reversed(), "a token outlives the restart")
        #expect(rest.nextToken == nil)
        for arn in started {
            #expect(try await second.getExecutionHistory(GetExecutionHistoryInput(executionArn: arn, reverseOrder: true)).events.first?.type != nil)
        }
        clock.advance(by: 60)
        await second.fireDueTimers()
        #expect(try await second.describeExecution(DescribeExecutionInput(executionArn: started[1])).status == .succeeded)
        #expect(await second.executions.isEmpty)
    }

    @Test func aFailedExecutionThatLeftMemoryIsRedrivenFromItsJournal() async throws {
        let engine = Engine(configuration: .init(finishedExecutionCache: 0), clock: ManualClock(), store: try SQLiteEngineStore(path: databasePath()))
        let activity = try await engine.createActivity(CreateActivityInput(name: "work")).activityArn
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"n":1},"Next":"T"},"T":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "e", input: "{}")).executionArn
        let first = try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity))
        _ = try await engine.sendTaskFailure(SendTaskFailureInput(taskToken: try #require(first.taskToken), error: "Boom"))
        await engine.idle()
        #expect(try await engine.describeExecution(DescribeExecutionInput(executionArn: arn)).status == .failed)
        #expect(await engine.executions.isEmpty, "a failed execution leaves memory when its journal can rebuild it")

        _ = try await engine.redrive(arn)
        let again = try await engine.getActivityTask(GetActivityTaskInput(activityArn: activity))
        #expect(again.input == #"{"n":1}"#, "the Task runs again on the input it had")
        _ = try await engine.sendTaskSuccess(SendTaskSuccessInput(taskToken: try #require(again.taskToken), output: "{}"))
        #expect(try await engine.waitForExecution(arn).status == .succeeded)
        let types = try await engine.getExecutionHistory(GetExecutionHistoryInput(executionArn: arn)).events.map(\.type)
        #expect(types.filter { $0 == .executionRedriven }.count == 1)
        #expect(types.last == .executionSucceeded)
    }

    /// A database as an earlier release left it: the store's first `migrations` (recorded under
    /// their names, as that release did), then `fill`'s rows.
    func earlierDatabase(at path: String, migrations: Int, fill: @escaping @Sendable (Database) throws -> Void) throws {
        let database = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        for (name, sql) in SQLiteEngineStore.tableMigrations.prefix(migrations) {
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        try migrator.migrate(database)
        try database.write(fill)
    }

    @Test func aDatabaseOfTheFirstSchemaIsMigrated() async throws {
        let path = databasePath()
        let record = ExecutionRecord(
            arn: "arn:aws:states:us-east-1:123456789012:execution:m:old", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m",
            name: "old", status: .succeeded, startDate: Date(timeIntervalSince1970: 1_700_000_000), stopDate: Date(timeIntervalSince1970: 1_700_000_001),
            input: "{}", output: "{}", error: nil, cause: nil, definition: "{}", roleArn: role, machineType: .standard)
        try earlierDatabase(at: path, migrations: 1) { db in
            try db.execute(
                sql: "INSERT INTO executions (arn, status, record) VALUES (?, ?, ?)",
                arguments: [record.arn, record.status.rawValue, try SQLiteEngineStore.encode(record)])
        }
        let store = try SQLiteEngineStore(path: path)
        #expect(try await store.execution(arn: record.arn) == record)
        #expect(try await store.executions(ExecutionQuery(status: .succeeded, limit: 10)).map(\.item) == [record.listItem])
    }

    /// A database of main's schema before the listing columns (v1, then versions, aliases and
    /// Map Runs): its executions are listed by version and redrives, its Map Run's children by
    /// the run, and retention deletes the run and its children with their execution.
    @Test func aDatabaseWithMapRunsButNoListingColumnsIsMigrated() async throws {
        let path = databasePath()
        let machine = "arn:aws:states:us-east-1:123456789012:stateMachine:m"
        var stored = ExecutionRecord(
            arn: "arn:aws:states:us-east-1:123456789012:execution:m:old", stateMachineArn: machine, name: "old", status: .failed,
            startDate: Date(timeIntervalSince1970: 1_700_000_000), stopDate: Date(timeIntervalSince1970: 1_700_000_001), input: "{}", output: nil,
            error: "Boom", cause: nil, definition: "{}", roleArn: role, machineType: .standard)
        stored.stateMachineVersionArn = machine + ":1"
        stored.redriveCount = 2
        stored.redriveDate = Date(timeIntervalSince1970: 1_700_000_000.5)
        let record = stored
        let run = MapRunRecord(
            arn: "arn:aws:states:us-east-1:123456789012:mapRun:m/Map:old-3", executionArn: record.arn, status: .failed, startDate: record.startDate,
            stopDate: record.stopDate, itemCount: 1, maxConcurrency: 0)
        let child = MapRunExecutionRecord(
            arn: "arn:aws:states:us-east-1:123456789012:execution:m/Map:0b0e4c1e-0000-4000-8000-000000000000", mapRunArn: run.arn, index: 0,
            status: .failed, startDate: record.startDate, stopDate: record.stopDate, input: "1")
        try earlierDatabase(at: path, migrations: 2) { db in
            try db.execute(
                sql: "INSERT INTO executions (arn, status, record) VALUES (?, ?, ?)",
                arguments: [record.arn, record.status.rawValue, try SQLiteEngineStore.encode(record)])
            try db.execute(sql: "INSERT INTO map_runs (arn, record) VALUES (?, ?)", arguments: [run.arn, try SQLiteEngineStore.encode(run)])
            try db.execute(
                sql: "INSERT INTO map_run_executions (arn, map_run, record) VALUES (?, ?, ?)",
                arguments: [child.arn, run.arn, try SQLiteEngineStore.encode(child)])
        }
        let store = try SQLiteEngineStore(path: path)
        #expect(try await store.execution(arn: record.arn) == record)
        #expect(try await store.executions(ExecutionQuery(stateMachineVersionArn: machine + ":1", redriveFilter: .redriven, limit: 10)).map(\.item) == [record.listItem])
        #expect(try await store.executions(ExecutionQuery(redriveFilter: .notRedriven, limit: 10)).isEmpty)
        #expect(try await store.executions(ExecutionQuery(mapRunArn: run.arn, status: .failed, limit: 10)).map(\.item) == [child.listItem])
        #expect(try await store.deleteExecutions(stoppedBefore: .distantFuture, limit: 10) == [record.arn])
        #expect(try await store.mapRuns(executionArn: record.arn).isEmpty)
        #expect(try await store.mapRunExecution(arn: child.arn) == nil)
    }

    /// The SQLite store, until it has committed `steps` execution steps; every later one fails
    /// (as a process that dies there would never commit it).
    func cutOffStore(path: String, steps: Int) throws -> ForwardingStore {
        let left = Mutex(steps)
        return ForwardingStore(try SQLiteEngineStore(path: path)) { writes in
            guard writes.contains(where: \.isStep) else { return }
            let allowed = left.withLock { left in
                left -= 1
                return left >= 0
            }
            guard allowed else { throw CocoaError(.fileWriteOutOfSpace) }
        }
    }

    /// A step that paused (its slice used up) is taken up again after a restart, from where it
    /// paused, when the process died before the step that goes on from there was committed.
    @Test func aPausedStepGoesOnAfterARestart() async throws {
        let definition = #"""
            {"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.a","Next":"B"},
              "B":{"Type":"Pass","Result":2,"ResultPath":"$.b","Next":"C"},"C":{"Type":"Pass","End":true}}}
            """#
        let path = databasePath()
        let clock = ManualClock()
        let everyState = Engine.Configuration(stepSlice: .zero)
        let first = Engine(configuration: everyState, clock: clock, store: try cutOffStore(path: path, steps: 1))
        let machine = try await first.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        let arn = try await first.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, name: "e", input: "{}")).executionArn
        await first.idle()
        #expect(try await first.describeExecution(DescribeExecutionInput(executionArn: arn)).status == .running, "the step after the pause was never committed")

        let second = Engine(configuration: everyState, clock: clock, store: try SQLiteEngineStore(path: path))
        #expect(try await second.recover().resumedExecutions == 1)
        let result = try await second.waitForExecution(arn)
        #expect(result.status == .succeeded)
        #expect(result.output == #"{"a":1,"b":2}"#)
        let events = try await second.recordedEvents(arn)
        assertContiguous(events)
        let (_, expected) = try await uninterrupted(definition, input: "{}") { _, _, _ in }
        #expect(types(events) == types(expected))
    }

    @Test func aFailingStoreStopsTheEngineInsteadOfLosingWork() async throws {
        // The store keeps machines and activities but fails every execution step.
        let engine = Engine(store: ForwardingStore(InMemoryEngineStore()) { writes in
            if writes.contains(where: \.isStep) { throw CocoaError(.fileWriteOutOfSpace) }
        })
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
        let machine = try await engine.createStateMachine(CreateStateMachineInput(name: "m", definition: definition, roleArn: role))
        await #expect(throws: StepFunctionsError.self) {
            _ = try await engine.startExecution(StartExecutionInput(stateMachineArn: machine.stateMachineArn, input: "{}"))
        }
        do {
            _ = try await engine.createActivity(CreateActivityInput(name: "later"))
            Issue.record("the engine kept working after its store failed")
        } catch let error as StepFunctionsError {
            #expect(error.code == .internalFailure)
            #expect(error.message.contains("restart"))
        }
    }
}
