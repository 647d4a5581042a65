import Foundation
import StepFunctions
import Stepwise
import StepwiseJSON

/// How `:succeed`, `:fail` and `:heartbeat` answer a task waiting for its callback.
public enum CallbackAnswer: Sendable, Hashable {
    case success(output: String)
    case failure(error: String?, cause: String?)
    case heartbeat
}

extension Session {
    /// `:tasks` — the tasks waiting for a callback, with their tokens.
    func listTasks() async -> CommandResult {
        guard let listing = stepwise.backend.pendingCallbacks else {
            return fail("the \(backendName) backend does not say which tasks wait: their tokens reach whoever the tasks send them to")
        }
        let waiting = await listing.pendingCallbacks()
        rememberTokens(waiting)
        guard !waiting.isEmpty else {
            say(["no task is waiting for a callback"])
            return .succeeded
        }
        say(TaskView.render(waiting, runs: runs, now: Date(), style: console.style))
        return .succeeded
    }

    /// `:succeed TOKEN [OUTPUT]`, `:fail TOKEN [ERROR [CAUSE]]`, `:heartbeat TOKEN` — sent on the
    /// backend of the run the task belongs to. An answer then follows the run as `:run` does:
    /// its result when it ends, or the next callback it waits for.
    func answer(_ token: String, _ reply: CallbackAnswer) async throws -> CommandResult {
        let waiting = await stepwise.backend.pendingCallbacks?.pendingCallbacks().first { $0.taskToken == token }
        let run = waiting.flatMap { task in runs.last { $0.executionArn == task.rootExecutionArn } }
        let api = (run?.stepwise ?? stepwise).backend.api
        switch reply {
        case .success(let outputText):
            let output = JSONSerializer.string(try InputValue.parse(outputText))
            _ = try await api.sendTaskSuccess(SendTaskSuccessInput(taskToken: token, output: output))
        case .failure(let error, let cause):
            _ = try await api.sendTaskFailure(SendTaskFailureInput(taskToken: token, error: error, cause: cause))
        case .heartbeat:
            _ = try await api.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: token))
        }
        let task = waiting.map { "task \($0.stateName)" } ?? "the task"
        let of = run.map { " of run \($0.number)" } ?? ""
        guard reply != .heartbeat else {
            say([console.style.green("✓ ") + "heartbeat sent to \(task)\(of)"])
            return .succeeded
        }
        completion.update { $0.tasks.removeAll { $0 == token } }
        say([console.style.green("✓ ") + "answered \(task)\(of)"])
        guard let run, runTasks[run.number] != nil else { return .succeeded }
        return try await follow(run.number)
    }

    /// Offers the tokens of waiting tasks to Tab completion.
    func rememberTokens(_ waiting: [PendingCallback]) {
        completion.update { $0.tasks = waiting.map(\.taskToken) }
    }
}
