import Foundation
import StepFunctions
import StepwiseJSON

extension Engine {
    public func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput {
        try ResourceName.validate(input.name)
        try input.checkLimits()
        let arn = ARN.activity(region: configuration.region, account: configuration.account, name: input.name).description
        if let existing = activities[arn] {
            // CreateActivity is idempotent (tags aside).
            return CreateActivityOutput(activityArn: arn, creationDate: existing.creationDate)
        }
        let record = ActivityRecord(arn: arn, name: input.name, creationDate: clock.now(), tags: input.tags ?? [])
        activities[arn] = record
        try await persist([.saveActivity(record)])
        return CreateActivityOutput(activityArn: arn, creationDate: record.creationDate)
    }

    public func deleteActivity(_ input: DeleteActivityInput) async throws -> EmptyOutput {
        _ = try ARN.parse(input.activityArn, expecting: [.activity])
        guard activities[input.activityArn] != nil else { return EmptyOutput() }
        activities.removeValue(forKey: input.activityArn)
        for poller in broker.removeActivity(input.activityArn) {
            poller.answer.give(GetActivityTaskOutput())
        }
        try await persist([.deleteActivity(arn: input.activityArn)])
        return EmptyOutput()
    }

    public func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput {
        let record = try activity(input.activityArn)
        return DescribeActivityOutput(activityArn: record.arn, name: record.name, creationDate: record.creationDate)
    }

    public func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput {
        let sorted = activities.values.sorted { ($0.creationDate, $0.name) < ($1.creationDate, $1.name) }
        let (page, next) = try Paging.page(sorted, maxResults: input.maxResults, nextToken: input.nextToken)
        return ListActivitiesOutput(
            activities: page.map { ActivityListItem(activityArn: $0.arn, name: $0.name, creationDate: $0.creationDate) },
            nextToken: next)
    }

    func activity(_ arn: String) throws(StepFunctionsError) -> ActivityRecord {
        _ = try ARN.parse(arn, expecting: [.activity])
        guard let record = activities[arn] else {
            throw StepFunctionsError(.activityDoesNotExist, "Activity Does Not Exist: '\(arn)'")
        }
        return record
    }

    /// A real long poll: answers at once when a task is queued, otherwise when one arrives,
    /// the poll window passes (empty answer), or the caller is cancelled (empty answer).
    public func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        try await getActivityTask(input, waitingAtMost: configuration.activityPollTimeout)
    }

    /// `GetActivityTask` with a chosen poll window (0 answers at once).
    public func getActivityTask(_ input: GetActivityTaskInput, waitingAtMost window: TimeInterval) async throws -> GetActivityTaskOutput {
        try requireHealthyStore()
        _ = try activity(input.activityArn)
        try input.checkLimits()
        if let task = broker.dequeue(activityArn: input.activityArn) {
            broker.hold(token: task.token)
            try await deliver(.taskStarted(token: task.token, workerName: input.workerName), to: task.executionArn)
            return GetActivityTaskOutput(taskToken: task.token, input: task.input)
        }
        guard window > 0 else { return GetActivityTaskOutput() }
        nextPollId += 1
        let pollId = nextPollId
        let answer = Answer<GetActivityTaskOutput>()
        broker.addPoller(.init(id: pollId, workerName: input.workerName, answer: answer), activityArn: input.activityArn)
        // In virtual time a poll's window does not end by itself: time moves only for the
        // executions' own timers, not for workers waiting for work.
        if !(clock is VirtualClock) { schedule(.pollWindow(id: pollId), at: clock.now().addingTimeInterval(window)) }
        notifyPollWatchers(input.activityArn)
        let output = await withTaskCancellationHandler {
            await answer.wait()
        } onCancel: {
            answer.give(GetActivityTaskOutput())
        }
        timers.cancel(.pollWindow(id: pollId))
        _ = broker.removePoller(id: pollId)
        return output
    }

    /// Returns once at least `count` long polls of the activity are parked, waiting for a task:
    /// how a test knows that a poll it started is in place before it schedules work.
    public func pollsParked(_ count: Int, activityArn: String) async {
        guard broker.parkedCount(activityArn: activityArn) < count else { return }
        let answer = Answer<Void>()
        pollWatchers.append((activityArn, count, answer))
        await answer.wait()
    }

    private func notifyPollWatchers(_ activityArn: String) {
        let parked = broker.parkedCount(activityArn: activityArn)
        pollWatchers.removeAll { watcher in
            guard watcher.activityArn == activityArn, watcher.count <= parked else { return false }
            watcher.answer.give(())
            return true
        }
    }

    /// Delivers a task's answer from SendTaskSuccess/Failure. A callback can arrive before the
    /// call that sent its token has answered (a queue's consumer is quick): it then waits for
    /// that call, so that TaskSubmitted comes first, as on AWS.
    private func deliverCallback(_ event: RunEvent, token: String, to executionArn: String) async throws {
        guard localWork[token] != nil else { return try await deliver(event, to: executionArn) }
        deferredCallbacks[token] = (executionArn, event)
    }

    /// Answers a waiting poll with "no task" (its window passed).
    func endPoll(_ pollId: Int) {
        broker.removePoller(id: pollId)?.answer.give(GetActivityTaskOutput())
    }

    /// Gives a parked poll the task whose start has just been committed; a poll whose caller
    /// went away in the meantime leaves the task to its timeout, as a worker that dies would.
    func handOut(_ task: ActivityBroker.PendingTask, to poller: ActivityBroker.Poller) {
        broker.hold(token: task.token)
        poller.answer.give(GetActivityTaskOutput(taskToken: task.token, input: task.input))
    }

    /// Closes a task's token (see `ActivityBroker.close`), telling virtual time when no worker
    /// holds a task any more.
    @discardableResult
    func closeToken(_ token: String) -> String? {
        let executionArn = broker.close(token: token)
        if broker.held.isEmpty, !heldTaskWaiters.isEmpty {
            let waiters = heldTaskWaiters
            heldTaskWaiters.removeAll()
            for waiter in waiters { waiter.give(()) }
        }
        return executionArn
    }

    /// Returns once nothing is in flight and no worker holds an activity task: when virtual
    /// time may jump to the next timer.
    func settledForVirtualTime() async {
        while true {
            await idle()
            guard !broker.held.isEmpty else { return }
            let released = Answer<Void>()
            heldTaskWaiters.append(released)
            await released.wait()
        }
    }

    /// Finds the execution a token belongs to, with AWS's errors for bad, unknown and
    /// timed-out tokens.
    func openToken(_ token: String) throws(StepFunctionsError) -> String {
        try InputLimits.checkTaskToken(token)
        switch broker.state(of: token) {
        case .open(let executionArn)?: return executionArn
        case .closed?: throw StepFunctionsError(.taskTimedOut, "Task Timed Out: 'Provided task does not exist anymore'")
        case nil: throw StepFunctionsError(.taskDoesNotExist, "Task Does Not Exist: '\(token)'")
        }
    }

    public func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> EmptyOutput {
        try requireHealthyStore()
        let executionArn = try openToken(input.taskToken)
        if input.output.utf8.count > payloadByteLimit {
            throw StepFunctionsError(.validation, "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to \(payloadByteLimit)")
        }
        let output: JSONValue
        do {
            output = try JSONParser.parse(input.output)
        } catch {
            throw StepFunctionsError(.invalidOutput, "Invalid Output: '\(input.output)': \(error)")
        }
        closeToken(input.taskToken)
        try await deliverCallback(.taskSucceeded(token: input.taskToken, output: output), token: input.taskToken, to: executionArn)
        return EmptyOutput()
    }

    public func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> EmptyOutput {
        try requireHealthyStore()
        let executionArn = try openToken(input.taskToken)
        try input.checkLimits()
        closeToken(input.taskToken)
        try await deliverCallback(.taskFailed(token: input.taskToken, error: input.error, cause: input.cause), token: input.taskToken, to: executionArn)
        return EmptyOutput()
    }

    public func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> EmptyOutput {
        let executionArn = try openToken(input.taskToken)
        try await deliver(.taskHeartbeat(token: input.taskToken), to: executionArn)
        return EmptyOutput()
    }
}

/// `nextToken` paging: over a sorted list (the token is the offset), or in the store (the
/// token is where the page ended). Tokens are opaque to callers.
enum Paging {
    static let defaultSize = 100
    static let largestSize = 1000

    /// The page size `maxResults` asks for (0 or none: the default).
    static func size(_ maxResults: Int?) throws(StepFunctionsError) -> Int {
        let size = maxResults ?? 0
        guard (0...largestSize).contains(size) else {
            throw StepFunctionsError(.validation, "1 validation error detected: Value '\(size)' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to \(largestSize)")
        }
        return size == 0 ? defaultSize : size
    }

    static func encode(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// What follows `prefix` in a token `encode` made; nil for anything else.
    static func decode(_ token: String, prefix: String) -> Substring? {
        guard let text = Data(base64Encoded: token).flatMap({ String(data: $0, encoding: .utf8) }), text.hasPrefix(prefix) else { return nil }
        return text.dropFirst(prefix.count)
    }

    static func page<T>(_ items: [T], maxResults: Int?, nextToken: String?) throws(StepFunctionsError) -> ([T], String?) {
        let size = try size(maxResults)
        var start = 0
        if let nextToken {
            guard let offset = decode(nextToken, prefix: "offset:").flatMap({ Int($0) }), offset >= 0, offset <= items.count else {
                throw StepFunctionsError(.invalidToken, "Invalid Token: '\(nextToken)'")
            }
            start = offset
        }
        let end = min(items.count, start + size)
        let next = end < items.count ? encode("offset:\(end)") : nil
        return (Array(items[start..<end]), next)
    }
}
