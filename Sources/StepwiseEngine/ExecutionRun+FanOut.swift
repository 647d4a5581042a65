import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

// Parallel branches and Map iterations run as child threads of the state's thread. Children
// of a distributed Map run as separate child workflows on AWS, so their events are not part of
// the parent's history here either.

extension ExecutionRun {
    func startParallel(_ id: Int, _ evaluator: inout StateEvaluator) throws {
        let cursor = cursors[id]!
        let effective = try evaluator.effectiveInput()
        let branchInput = try evaluator.taskInput(effective)
        cursors[id]!.effectiveInput = effective
        record(.parallelStateStarted, .none, on: id)
        let branches = cursor.state.branches
        var fan = FanOut(
            results: Array(repeating: nil, count: branches.count), items: [], maxConcurrency: 0,
            toleratedCount: nil, toleratedPercentage: nil, isMap: false, isDistributed: false)
        var children: [Int] = []
        for (slot, graph) in branches.enumerated() {
            let child = spawn(
                graph: graph, input: branchInput, parent: ParentLink(cursor: id, slot: slot),
                scope: newScope(parent: cursor.scope), lastEventId: cursors[id]!.lastEventId, mapItem: nil)
            fan.active.insert(child)
            children.append(child)
        }
        cursors[id]!.phase = .fanOut(fan)
        ready.append(contentsOf: children.reversed())
    }

    func startMap(_ id: Int, _ evaluator: inout StateEvaluator) throws {
        let cursor = cursors[id]!
        let effective = try evaluator.effectiveInput()
        let items = try evaluator.mapItems(effective)
        let maxConcurrency = try evaluator.maxConcurrency(effective)
        cursors[id]!.effectiveInput = effective
        // AWS reads the tolerated-failure settings after announcing the Map's start.
        record(.mapStateStarted, .mapStarted(length: items.count), on: id)
        let tolerance = try evaluator.toleratedFailure(effective)
        let distributed = cursor.state.state.mapProcessor?.processorConfig?.mode == .distributed
        if distributed {
            let mapRunArn = mapRunArn(for: cursor)
            record(.mapRunStarted, .other(["mapRunArn": .string(mapRunArn)]), on: id)
        }
        let fan = FanOut(
            results: Array(repeating: nil, count: items.count), items: items, maxConcurrency: maxConcurrency,
            toleratedCount: tolerance.count, toleratedPercentage: tolerance.percentage, isMap: true, isDistributed: distributed)
        reportMapRun(cursor, fan) { .started(mapRunArn: $0, items: items.count, settings: MapRunSettings(fan)) }
        cursors[id]!.phase = .fanOut(fan)
        if items.isEmpty {
            finishFanOut(id)
        } else {
            startIterations(id, previous: cursors[id]!.lastEventId)
        }
    }

    /// Unique in the execution: each entry of the state, and each retry of it, runs a new Map Run.
    func mapRunArn(for cursor: Cursor) -> String {
        let label = cursor.state.state.label ?? cursor.state.name
        let machine = info.stateMachineArn.replacingOccurrences(of: ":stateMachine:", with: ":mapRun:")
        let attempt = cursor.retryCount == 0 ? "" : "-\(cursor.retryCount)"
        return "\(machine)/\(label):\(info.name)-\(cursor.enteredEventId)\(attempt)"
    }

    /// Moves a fan-out's progress out of its cursor so that updating it does not copy its
    /// arrays (a Map over n items would otherwise be quadratic). Callers put it back.
    func takeFanOut(_ id: Int) -> FanOut? {
        guard case .fanOut(let fan)? = cursors[id]?.phase else { return nil }
        cursors[id]!.phase = .entering
        return fan
    }

    /// Starts as many pending iterations as MaxConcurrency allows.
    func startIterations(_ id: Int, previous: Int) {
        guard var fan = takeFanOut(id) else { return }
        let cursor = cursors[id]!
        var started: [Int] = []
        var evaluator = makeEvaluator(id)
        while !fan.redriven.isEmpty || fan.nextToStart < fan.items.count, fan.maxConcurrency == 0 || fan.active.count < fan.maxConcurrency {
            let redriven = !fan.redriven.isEmpty
            let index = redriven ? fan.redriven.removeFirst() : fan.nextToStart
            if !redriven { fan.nextToStart += 1 }
            let item = MapItem(index: index, value: fan.items[index])
            let input: JSONValue
            do {
                evaluator.context = context(for: cursor, mapItem: item)
                input = try evaluator.mapItemInput(item.value, index: index, effective: cursor.effectiveInput)
            } catch {
                // The item whose input failed is started again if the Map is redriven.
                if redriven { fan.redriven.insert(index, at: 0) } else { fan.nextToStart = index }
                cursors[id]!.phase = .fanOut(fan)
                for child in started { cursors.removeValue(forKey: child) }
                ready.removeAll { started.contains($0) }
                failFanOut(id, error: Self.statesError(error), previous: cursors[id]!.lastEventId)
                return
            }
            let startEvent = record(
                .mapIterationStarted, .iteration(name: cursor.state.name, index: index), previous: previous,
                silent: fan.isDistributed || cursor.silent)
            // Distributed children are separate workflows on AWS: no access to outer variables.
            let child = spawn(
                graph: cursor.state.processor!, input: input, parent: ParentLink(cursor: id, slot: index),
                scope: newScope(parent: fan.isDistributed ? nil : cursor.scope), lastEventId: startEvent, mapItem: item,
                silent: fan.isDistributed)
            fan.active.insert(child)
            started.append(child)
            reportMapRun(cursor, fan) { .iterationStarted(mapRunArn: $0, index: index, input: input) }
        }
        random = evaluator.random
        cursors[id]!.phase = .fanOut(consume fan)
        ready.append(contentsOf: started.reversed())
    }

    static func statesError(_ error: any Error) -> StatesError {
        if let failure = error as? EvaluationFailure { return failure.error }
        if let error = error as? StatesError { return error }
        return .runtime(String(describing: error))
    }

    func childSucceeded(_ link: ParentLink, child: Int, output: JSONValue, lastEventId childLast: Int) {
        guard var fan = takeFanOut(link.cursor) else { return }
        let parent = cursors[link.cursor]!
        reportMapRun(parent, fan) { .iterationSucceeded(mapRunArn: $0, index: link.slot, output: output) }
        fan.active.remove(child)
        fan.results[link.slot] = output
        fan.finished += 1
        if fan.isMap {
            if !fan.isDistributed {
                let event = record(
                    .mapIterationSucceeded, .iteration(name: parent.state.name, index: link.slot), previous: childLast,
                    silent: parent.silent)
                cursors[link.cursor]!.lastEventId = event
            }
        } else {
            cursors[link.cursor]!.lastEventId = childLast
        }
        let done = fan.finished == fan.results.count
        let startMore = fan.isMap
        let previous = fan.isDistributed ? parent.lastEventId : childLast
        cursors[link.cursor]!.phase = .fanOut(consume fan)
        if done {
            finishFanOut(link.cursor)
        } else if startMore {
            startIterations(link.cursor, previous: previous)
        }
    }

    func childFailed(_ link: ParentLink, child failed: Cursor, error: StatesError, lastEventId childLast: Int) {
        guard var fan = takeFanOut(link.cursor) else { return }
        let parent = cursors[link.cursor]!
        reportMapRun(parent, fan) { .iterationFailed(mapRunArn: $0, index: link.slot, error: error) }
        let child = failed.id
        fan.active.remove(child)
        if fan.isMap {
            if !fan.isDistributed {
                record(.mapIterationFailed, .iteration(name: parent.state.name, index: link.slot), previous: childLast, silent: parent.silent)
            }
            fan.failures += 1
            fan.finished += 1
            if fan.tolerates(fan.failures) {
                fan.results[link.slot] = ["Error": .string(error.error), "Cause": .string(error.cause)]
                fan.toleratedFailures.append(link.slot)
                let done = fan.finished == fan.results.count
                cursors[link.cursor]!.phase = .fanOut(consume fan)
                if done {
                    finishFanOut(link.cursor)
                } else {
                    startIterations(link.cursor, previous: childLast)
                }
                return
            }
            // A redrive takes the failed iteration up again as if it had not ended.
            var resumable = fan
            resumable.failures -= 1
            resumable.finished -= 1
            cursors[link.cursor]!.phase = .fanOut(fan)
            let reported = fan.toleratedCount != nil || fan.toleratedPercentage != nil ? .toleratedFailureThresholdExceeded : error
            failFanOut(link.cursor, error: reported, previous: childLast, failed: failed, resumable: resumable)
        } else {
            cursors[link.cursor]!.phase = .fanOut(fan)
            failFanOut(link.cursor, error: error, previous: childLast, failed: failed, resumable: fan)
        }
    }

    /// A child failed beyond tolerance: stop the others, record the state's failure, and let
    /// the state's Retry/Catch decide. The failed child and the stopped ones are kept with the
    /// state (`resumable` is its progress without them), for a redrive.
    func failFanOut(_ id: Int, error: StatesError, previous: Int, failed: Cursor? = nil, resumable: FanOut? = nil) {
        guard let cursor = cursors[id], case .fanOut(let fan) = cursor.phase else { return }
        let stopped = fan.active.sorted().compactMap { abortCursor($0, recordEvents: !fan.isDistributed) }
        cursor.stranded = Stranded(fan: resumable ?? fan, children: (failed.map { [$0] } ?? []) + stopped)
        if fan.isDistributed {
            record(.mapRunFailed, .failure(error: error.error, cause: error.cause), previous: previous, silent: cursor.silent)
        }
        reportMapRun(cursor, fan) { .ended(mapRunArn: $0, status: .failed) }
        cursors[id]!.lastEventId = previous
        cursors[id]!.phase = .entering
        handleError(id, error, failedEvent: fan.isMap ? .mapStateFailed : .parallelStateFailed)
    }

    func finishFanOut(_ id: Int) {
        guard let cursor = cursors[id], case .fanOut(let fan) = cursor.phase else { return }
        let previous = cursor.silent ? cursor.lastEventId : lastEventId
        var runEvent = previous
        if fan.isDistributed {
            runEvent = record(.mapRunSucceeded, .none, previous: previous, silent: cursor.silent)
            cursor.lastEventId = runEvent
        }
        reportMapRun(cursor, fan) { .ended(mapRunArn: $0, status: .succeeded) }
        record(fan.isMap ? .mapStateSucceeded : .parallelStateSucceeded, .none, previous: runEvent, silent: cursor.silent)
        cursors[id]!.phase = .entering
        let results = JSONValue.array(fan.results.map { $0 ?? .null })
        evaluating(id) { run, evaluator in
            try run.exitState(id, evaluator.finish(result: results, effective: cursor.effectiveInput))
        }
    }
}

extension FanOut {
    /// Whether `failures` failed items are still within ToleratedFailureCount/Percentage.
    func tolerates(_ failures: Int) -> Bool {
        var tolerated = false
        if let count = toleratedCount { tolerated = failures <= count }
        if let percentage = toleratedPercentage, !items.isEmpty {
            tolerated = tolerated || Double(failures) * 100 / Double(items.count) <= percentage
        }
        return tolerated
    }
}
