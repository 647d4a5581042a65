import Foundation
import StepFunctions
import StepwiseEngine
import Synchronization
import TestSupport
import Testing
@testable import Stepwise

let adderEDN = """
    {:start-at :add
     :states {:add {:type :task :resource :activity/add :end true}}}
    """

struct AddInput: Codable, Sendable {
    var x: Int
    var y: Int
}

/// Counts and remembers things across concurrent handler calls.
final class Probe: Sendable {
    private let state = Mutex<[String: Int]>([:])
    func bump(_ key: String, by delta: Int = 1) -> Int {
        state.withLock { s in
            s[key, default: 0] += delta
            return s[key]!
        }
    }
    func set(_ key: String, max value: Int) { state.withLock { s in s[key] = Swift.max(s[key] ?? 0, value) } }
    subscript(key: String) -> Int { state.withLock { $0[key] ?? 0 } }
}

/// A one-shot signal. Waiting ends early if the waiting task is cancelled (a time limit), so
/// a test that never sees its signal fails instead of hanging.
final class Signal: Sendable {
    private let fired = Recorder<Void>()
    func fire() { fired.record(()) }
    func wait() async { _ = await fired.wait(forCount: 1) }
}

/// Suspends until the calling task is cancelled, as a handler stuck in a long call does.
func suspendUntilCancelled() async {
    let cancelled = Signal()
    await withTaskCancellationHandler {
        await cancelled.wait()
    } onCancel: {
        cancelled.fire()
    }
}

/// Passes every call to an engine while hiding that it is one, so the library takes the code
/// paths it takes for remote backends (polling waits), and lets a test watch the calls.
struct InterceptedBackend: StepFunctionsTransport {
    /// A call the engine answered or refused.
    struct Call: Sendable {
        let operation: String
        let failure: StepFunctionsError.Code?
        /// The caller was cancelled by the time the engine answered.
        let cancelled: Bool
    }

    let base: Engine
    /// Told each operation (by wire name) before it is passed on; throwing fails the call instead.
    var before: @Sendable (String) throws -> Void = { _ in }
    /// Told each call once the engine has answered it.
    var after: @Sendable (Call) -> Void = { _ in }

    func send<Input, Output>(_ operation: StepFunctionsOperation<Input, Output>, _ input: Input) async throws -> Output {
        try before(operation.name)
        do {
            let output = try await operation.call(base, input)
            after(Call(operation: operation.name, failure: nil, cancelled: Task.isCancelled))
            return output
        } catch {
            after(Call(operation: operation.name, failure: (error as? StepFunctionsError)?.code, cancelled: Task.isCancelled))
            throw error
        }
    }
}

extension Engine {
    /// The ARN of an activity the engine has, by name.
    func activityArn(_ name: String) async throws -> String {
        try #require(try await listActivities(ListActivitiesInput()).activities.first { $0.name == name }?.activityArn)
    }
}
