import Foundation
import Testing

/// How to run one emulator (see /work/shared/peers.md).
struct PeerSpec: Sendable {
    /// Names the running instance (its PID file and log); suites running side by side need
    /// different names.
    let name: String
    /// The virtualenv under `.build-peers/` it runs from.
    let installation: String
    let executable: String
    let readyPath: String
    let readyWithin: Duration
    /// Arguments (the first relative to the virtualenv) and environment for a port.
    let launch: @Sendable (_ port: Int) -> (arguments: [String], environment: [String: String])
    /// Runs once the peer answers, before any test.
    let prepare: @Sendable (PeerProcess) async throws -> Void

    /// moto server: Step Functions executions (no activities) and S3.
    static let moto = PeerSpec(
        name: "moto", installation: "moto", executable: "bin/moto_server", readyPath: "moto-api/", readyWithin: .seconds(60),
        launch: motoLaunch,
        prepare: { peer in
            // Executions only run when this is switched on before anything is created.
            try await PeerHTTP.post(
                peer.endpoint.appendingPathComponent("moto-api/config"), json: #"{"stepfunctions":{"execute_state_machine":true}}"#)
        }
    )

    /// moto server as the services integrations call: DynamoDB, SQS, SNS, EventBridge, S3, and
    /// Lambda without Docker (its "simple" backend, which answers each invocation with the
    /// event it was given, or with results queued through `/moto-api/static/lambda-simple/response`).
    static let motoServices = PeerSpec(
        name: "moto-services", installation: "moto", executable: "bin/moto_server", readyPath: "moto-api/", readyWithin: .seconds(60),
        launch: motoLaunch,
        prepare: { peer in
            try await PeerHTTP.post(peer.endpoint.appendingPathComponent("moto-api/config"), json: #"{"lambda":{"use_docker":false}}"#)
        }
    )

    private static let motoLaunch: @Sendable (Int) -> (arguments: [String], environment: [String: String]) = { port in
        (["bin/moto_server", "-H", "127.0.0.1", "-p", "\(port)"], ["MOTO_PORT": "\(port)"])
    }

    /// LocalStack in host mode: activities end to end, and S3.
    static let localStack = PeerSpec(
        name: "localstack", installation: "localstack", executable: "bin/python", readyPath: "_localstack/health", readyWithin: .seconds(180),
        launch: { port in
            let state = PeerProcess.runDirectory.appendingPathComponent("localstack-state").path
            return (["bin/python", "-m", "localstack.runtime.main"], [
                "GATEWAY_LISTEN": "127.0.0.1:\(port)", "GATEWAY_SERVER": "hypercorn", "DNS_ADDRESS": "0",
                "SERVICES": "stepfunctions,s3,sqs,sts", "DISABLE_EVENTS": "1", "SKIP_SSL_CERT_DOWNLOAD": "1",
                "LOCALSTACK_VOLUME_DIR": state, "FILESYSTEM_ROOT": state + "/fs",
            ])
        },
        prepare: { _ in }
    )

    /// Nil when installed; otherwise why not, for the skip message.
    var unavailability: String? { PeerProcess.unavailability(installation, executable: executable) }

    var isInstalled: Bool { unavailability == nil }

    var skipComment: Comment { Comment(rawValue: unavailability ?? "\(name) is installed") }

    /// The instance the enclosing suite started.
    func running() throws -> PeerProcess {
        guard let peer = PeerScope.running[name] else { throw PeerError("\(name) is not running: add .peer(.\(name)) to the suite") }
        return peer
    }
}

/// Starts a peer once for a whole suite and stops it (by PID) when the suite's tests are done.
struct PeerScope: SuiteTrait, TestScoping {
    let spec: PeerSpec

    @TaskLocal static var running: [String: PeerProcess] = [:]

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard spec.isInstalled else {
            try await function()
            return
        }
        let port = try PeerProcess.freePort()
        let (arguments, environment) = spec.launch(port)
        let peer = try await PeerProcess.start(
            name: spec.name, installation: spec.installation, arguments: arguments, environment: environment, port: port, readyPath: spec.readyPath,
            readyWithin: spec.readyWithin)
        do {
            try await spec.prepare(peer)
            try await Self.$running.withValue(Self.running.merging([spec.name: peer]) { $1 }) { try await function() }
        } catch {
            await peer.stop()
            throw error
        }
        await peer.stop()
    }
}

extension Trait where Self == PeerScope {
    /// Runs the suite against a peer started for it.
    static func peer(_ spec: PeerSpec) -> Self { PeerScope(spec: spec) }
}
