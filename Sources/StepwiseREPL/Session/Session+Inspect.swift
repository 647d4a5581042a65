import Foundation
import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseHandlerPackages
import StepwiseJSON

extension Session {
    /// The run `reference` names: its number, execution name, snapshot machine, or the
    /// machine it ran (its latest run); the latest run when nil.
    func runRecord(_ reference: String?) throws(InputError) -> RunRecord {
        guard let latest = runs.last else { throw InputError("nothing has run yet (:run adder x 41 y 1)") }
        guard let reference else { return latest }
        if let number = Int(reference) {
            guard runs.indices.contains(number - 1) else { throw InputError("there is no run \(number); :executions lists them") }
            return runs[number - 1]
        }
        let match = runs.last { [$0.executionName, $0.snapshot, $0.machine, $0.executionArn].contains(reference) }
        guard let match else { throw InputError("no run matches \(reference); :executions lists them") }
        return match
    }

    /// Every event of a run, from the backend it ran on.
    func events(of record: RunRecord) async throws -> [HistoryEvent] {
        try await events(ofExecution: record.executionArn, on: record.stepwise)
    }

    func events(ofExecution executionArn: String, on stepwise: Stepwise) async throws -> [HistoryEvent] {
        try await stepwise.history(executionArn)
    }

    /// `:history [EXEC]` — with the timelines of the executions it started, under their Tasks.
    func history(_ reference: String?) async throws -> CommandResult {
        let record = try runRecord(reference)
        let events = try await events(of: record)
        var nested: [String: [HistoryEvent]] = [:]
        var pending = HistoryTimeline.nestedExecutions(in: events)
        // Bounded: a machine that starts itself would otherwise be read without end.
        while let child = pending.popLast(), nested.count < 100 {
            guard nested[child] == nil, let childEvents = try? await self.events(ofExecution: child, on: record.stepwise) else { continue }
            nested[child] = childEvents
            pending += HistoryTimeline.nestedExecutions(in: childEvents)
        }
        let status = record.result?.status.rawValue ?? "RUNNING"
        say(["run \(record.number) · \(console.style.bold(record.snapshot)) · \(status) · \(events.count) events"])
        say(HistoryTimeline.render(events, style: console.style, nested: nested))
        say(try await mapRuns(of: record).map { MapRunView.render($0, style: console.style) })
        return .succeeded
    }

    /// The runs of the distributed Map states a run started, as they stand.
    func mapRuns(of record: RunRecord) async throws -> [DescribeMapRunOutput] {
        let api = record.stepwise.backend.api
        var runs: [DescribeMapRunOutput] = []
        var token: String?
        repeat {
            let page = try await api.listMapRuns(ListMapRunsInput(executionArn: record.executionArn, maxResults: 1000, nextToken: token))
            for item in page.mapRuns { runs.append(try await api.describeMapRun(DescribeMapRunInput(mapRunArn: item.mapRunArn))) }
            token = page.nextToken
        } while token != nil
        return runs
    }

    /// `:executions`.
    func executions() -> CommandResult {
        guard !runs.isEmpty else {
            say(["no runs yet (:run adder x 41 y 1)"])
            return .succeeded
        }
        let time = DateFormatter()
        time.dateFormat = "HH:mm:ss"
        let width = max(8, runs.map(\.snapshot.count).max() ?? 8)
        var lines = ["  #  " + "machine".padded(to: width) + "  status     started   duration  input"]
        for record in runs.reversed() {
            let result = record.result
            let duration = result.flatMap { r in r.stopDate.map { DurationText.format($0.timeIntervalSince(r.startDate)) } } ?? "–"
            let started = result.map { time.string(from: $0.startDate) } ?? "–"
            let status = result?.status.rawValue ?? "RUNNING"
            lines.append(
                "\(record.number)".leftPadded(to: 3) + "  " + record.snapshot.padded(to: width) + "  " + status.padded(to: 9) + "  "
                    + started.padded(to: 8) + "  " + duration.padded(to: 8) + "  " + DataText.abbreviated(record.input, limit: 40))
        }
        say(lines)
        return .succeeded
    }

    /// `:show NAME [edn|json]` — the definition, then its graph with the last run's path.
    func show(_ name: String, format: ShellCommand.DefinitionView) async throws -> CommandResult {
        let entry = try machine(name)
        guard let definition = entry.definition else { throw InputError("\(name) has never loaded cleanly") }
        var path: ExecutionPath?
        var pathNote = ""
        if let record = runs.last(where: { $0.machine == name }) {
            path = ExecutionPath(events: try await events(of: record))
            pathNote = " — ▶ and ━▶ mark the path of run \(record.number) (\(record.snapshot))"
        }
        let text: String
        switch format {
        case .edn: text = SugaredEDN.render(definition.loaded.document)
        case .json: text = JSONSerializer.string(definition.loaded.document, pretty: true)
        }
        let style = console.style
        say([style.dim(";; \(Self.display(entry.file))" + (entry.problems.isEmpty ? "" : " (last good version; the file has errors)"))])
        say(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        say(["", style.dim(";; graph" + pathNote)])
        say(GraphDrawing.render(definition.loaded.machine, path: path, style: style))
        return .succeeded
    }

    /// `:machines`.
    func listMachines() -> CommandResult {
        guard !machines.isEmpty else {
            say(["no machines loaded (:load examples/adder)"])
            return .succeeded
        }
        let style = console.style
        for entry in machines.values.sorted(by: { $0.name < $1.name }) {
            var line = style.bold(entry.name) + "  " + Self.display(entry.file)
            if let definition = entry.definition {
                let states = definition.loaded.machine.states.count
                line += "  \(states) state\(states == 1 ? "" : "s")"
                let activities = definition.activities.map { ":" + $0.keyword.description }
                if !activities.isEmpty { line += "  activities " + activities.joined(separator: " ") }
            }
            if !entry.problems.isEmpty {
                line += "  " + style.red(entry.definition == nil ? "invalid" : "file has errors, last good version in use")
            }
            if let last = runs.last(where: { $0.machine == entry.name }), let status = last.result?.status.rawValue {
                line += "  last run \(last.number): \(status)"
            }
            console.print(line)
        }
        return .succeeded
    }

    /// `:workers`.
    func listWorkers() async -> CommandResult {
        let packages = await handlers.all
        guard !packages.isEmpty else {
            say(["no handler packages loaded (a folder with a Package.swift, loaded with :load)"])
            return .succeeded
        }
        let style = console.style
        for package in packages {
            let status = await package.status()
            var line = style.bold(status.name) + "  " + Self.display(status.directory)
            if status.building { line += "  " + style.yellow("building") }
            if let build = status.lastBuild {
                let time = DateFormatter()
                time.dateFormat = "HH:mm:ss"
                line += build.succeeded
                    ? "  built \(time.string(from: build.date)) in \(DurationText.format(build.buildSeconds))"
                    : "  " + style.red("last build failed \(time.string(from: build.date))")
            }
            line += status.hostPID.map { "  host pid \($0), \(status.calls) call\(status.calls == 1 ? "" : "s")" } ?? "  host not running"
            if status.restarts > 0 { line += ", restarted \(status.restarts)×" }
            if status.draining > 0 { line += ", \(status.draining) old host(s) finishing" }
            line += ", memory limit \(status.memoryLimit)"
            say([line, "  handlers: " + (status.keys.isEmpty ? "none" : status.keys.map(\.description).joined(separator: ", "))])
        }
        return .succeeded
    }

    /// `:validate [NAME]` — re-reads the files, checks every activity has a handler, and says
    /// what serves the other Task states.
    func validate(_ name: String?) async -> CommandResult {
        let targets = name.map { n in machines[n].map { [$0] } ?? [] } ?? machines.values.sorted { $0.name < $1.name }
        guard !targets.isEmpty else {
            return name.map { fail("no machine named \($0)") } ?? fail("no machines loaded (:load examples/adder)")
        }
        var ok = true
        for entry in targets {
            guard loadDefinition(entry.file), let definition = machines[entry.name]?.definition else {
                ok = false
                continue
            }
            await bindHandlerCalls()
            do {
                var names: [String] = []
                for (activity, target) in try await activityTargets(for: definition).sorted(by: { $0.key < $1.key }) {
                    names.append(":\(activity) → \(await target.package.displayName), calls stopped after \(target.limit)")
                }
                let coverage = await handlers.coverage(of: definition)
                names += coverage.served.map { "\($0.handler) → \($0.package), calls stopped after \($0.limit)" }
                if !names.isEmpty { say(["  handlers " + names.joined(separator: "; ")]) }
                for task in coverage.unserved {
                    say(["  " + console.style.yellow("note: ") + "no handler package serves Task state \(task.state) (\(task.resource)): it fails when it runs"])
                }
            } catch {
                ok = false
                console.print("  " + console.style.red("✗ ") + "\(error)")
            }
        }
        return ok ? .succeeded : .failed
    }

    /// `:help [COMMAND]`.
    func help(_ command: String?) -> CommandResult {
        if let command {
            guard let info = CommandCatalog.info(command) else { return fail("no command \(command); :help lists them") }
            say(HelpText.detail(info, style: console.style))
            return .succeeded
        }
        say(HelpText.overview(style: console.style))
        return .succeeded
    }
}
