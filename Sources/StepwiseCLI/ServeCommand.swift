import AWSSigV4
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StepwiseEngine
import StepwiseServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the embedded engine over the Step Functions API (AWS JSON 1.0), for any AWS SDK or the AWS CLI.")

    @Option(name: .long, help: "The address to listen on (loopback unless told otherwise).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on; 0 picks a free one (the start line tells which).")
    var port = 8083

    @Option(name: .long, help: "Where machines, activities and executions are kept across restarts.")
    var dataDir: String?

    @Flag(name: .long, help: "Keep everything in memory: nothing survives the process.")
    var inMemory = false

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp("Accept only requests SigV4-signed with this key pair (repeatable).", valueName: "KEY:SECRET"))
    var requireCredentials: [String] = []

    @Option(name: .long, help: "The region in the ARNs the engine makes.")
    var region = "us-east-1"

    @Option(name: .long, help: "The account id in the ARNs the engine makes.")
    var account = "123456789012"

    /// Tests shorten the long poll so that their workers can be stopped between polls.
    @Option(name: .long, help: .hidden)
    var activityPollTimeout: Double = 60

    func validate() throws {
        if inMemory, dataDir != nil { throw ValidationError("--in-memory and --data-dir exclude each other") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard activityPollTimeout > 0, activityPollTimeout <= 60 else { throw ValidationError("--activity-poll-timeout must be in (0, 60]") }
        guard account.count == 12, account.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw ValidationError("--account must be 12 digits, got '\(account)'") }
        guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw ValidationError("--region must be a region name such as us-east-1, got '\(region)'")
        }
        _ = try credentials()
    }

    func credentials() throws -> CredentialPolicy {
        guard !requireCredentials.isEmpty else { return .acceptAny }
        return .require(try requireCredentials.map { pair in
            guard let colon = pair.firstIndex(of: ":"), colon != pair.startIndex, pair.index(after: colon) != pair.endIndex else {
                throw ValidationError("--require-credentials takes KEY:SECRET, got '\(pair)'")
            }
            return SigningCredentials(accessKeyId: String(pair[..<colon]), secretAccessKey: String(pair[pair.index(after: colon)...]))
        })
    }

    func run() async throws {
        let storage = EngineStorage(inMemory: inMemory, dataDirectory: dataDir ?? ".stepwise")
        let engine: Engine
        let recovery: RecoveryReport?
        do {
            (engine, recovery) = try await storage.engine(
                configuration: Engine.Configuration(region: region, account: account, activityPollTimeout: activityPollTimeout))
        } catch {
            printError("stepwise serve: cannot open the data in \(storage): \(error)")
            throw ExitCode(1)
        }
        for problem in recovery?.problems ?? [] { printError("stepwise serve: recovery: \(problem)") }
        var logger = Logger(label: "stepwise.serve")
        logger.logLevel = .warning
        let server = StepwiseServer(
            backend: engine,
            configuration: ServerConfiguration(host: host, port: port, credentials: try credentials()),
            logger: logger
        ) { address in
            let line = "stepwise serve listening on \(address) (data: \(storage.description))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            printError("stepwise serve on \(host):\(port): \(error)")
            throw ExitCode(1)
        }
    }
}
