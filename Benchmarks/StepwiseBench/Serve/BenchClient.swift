import AWSSigV4
import Foundation
import NIOCore

/// The Step Functions calls the scenarios make. One worker owns a session and calls it from
/// its own task only, so a session need not be Sendable (the raw client's is one connection).
protocol BenchSession: AnyObject {
    func createStateMachine(name: String, definition: String) async throws -> String
    func createActivity(name: String) async throws -> String
    func startExecution(stateMachineArn: String, name: String, input: String) async throws -> String
    func describeExecution(_ executionArn: String) async throws -> ExecutionState
    /// nil when the long poll ended without a task.
    func getActivityTask(activityArn: String, workerName: String) async throws -> ActivityTask?
    func sendTaskSuccess(taskToken: String, output: String) async throws
    func close() async
}

struct ExecutionState: Sendable {
    var status: String
    var error: String?
    var cause: String?

    var isRunning: Bool { status == "RUNNING" }
}

struct ActivityTask: Sendable {
    var token: String
    var input: String
}

/// One way of reaching an endpoint; makes a session per worker.
protocol BenchClient: Sendable {
    /// A session whose I/O, where it has any say, happens on `eventLoop`: the loop the worker
    /// using it runs on.
    func session(on eventLoop: any EventLoop) async throws -> any BenchSession
    func shutdown() async throws
}

/// What went wrong, in words for the report.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Where a benchmark sends its requests, as given by `--endpoint [NAME=]URL`.
struct Endpoint: Sendable, CustomStringConvertible {
    var name: String
    var url: URL
    var description: String { "\(name)=\(url.absoluteString)" }

    init(parsing text: String) throws {
        let name: String?
        let address: Substring
        if let equals = text.firstIndex(of: "="), !text[..<equals].contains(":") {
            name = String(text[..<equals])
            address = text[text.index(after: equals)...]
        } else {
            name = nil
            address = Substring(text)
        }
        guard let url = URL(string: String(address)), let scheme = url.scheme, ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty else {
            throw BenchError("'\(text)' is not [NAME=]URL with an http:// or https:// URL")
        }
        self.url = url
        self.name = name ?? (url.port.map { "\(host):\($0)" } ?? host)
    }
}

/// Credentials to sign with: the environment's, or a placeholder pair, which local servers
/// that check no signature (moto, `stepwise serve` without --require-credentials) accept.
func signingCredentials() -> SigningCredentials {
    let environment = ProcessInfo.processInfo.environment
    if let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty, let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty {
        return SigningCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }
    return SigningCredentials(accessKeyId: "AKIDSTEPWISEBENCH", secretAccessKey: "stepwise-bench")
}
