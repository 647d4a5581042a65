import AWSSigV4
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StepwiseEngine
import StepwiseSQLite
import StepwiseServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the embedded engine over the Step Functions API (AWS JSON 1.0), for any AWS SDK or the AWS CLI.",
        discussion: """
            HOST NAMES: requests must name this server in their Host header (port ignored): \
            localhost, 127.0.0.1, [::1], the --host address unless it is 0.0.0.0 or ::, or a name \
            given with --allow-host. Others get HTTP 403 AccessDeniedException. This stops a web \
            page from driving the server through DNS rebinding. When binding 0.0.0.0 or ::, list \
            the names clients use with --allow-host (--allow-host '*' accepts any).

            CREDENTIALS: SigV4 signatures are checked when key pairs are given by any of \
            STEPWISE_REQUIRE_CREDENTIALS=KEY:SECRET (several separated by spaces or newlines), \
            --require-credentials env (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), \
            --require-credentials-file PATH (one KEY:SECRET per line, # comments), or \
            --require-credentials KEY:SECRET, which works but shows the secret in ps. All given \
            pairs are accepted. Bodies must be signed: x-amz-content-sha256, when sent, must be \
            the body's SHA-256 in lowercase hex (UNSIGNED-PAYLOAD is refused).

            DURABILITY (with a data directory): normal (default) loses nothing committed when the \
            process is killed; after a power loss or OS crash the most recent committed steps may \
            be lost, but the database is never corrupted and the server restarts where it stood before them. \
            full also survives power loss (if the disk honours fsync), at the cost of an fsync \
            per committed step: about 3 ms each on a virtio disk, where a one-commit call went \
            from 1.6 to 4.5 ms and back-to-back two-state executions from 160/s to 110/s.

            RETENTION: finished executions (record, history and journal) are deleted once they \
            stopped --retention-days ago, 90 by default as in AWS; the server checks at start and \
            then hourly. Running executions are never deleted. --retention-days never keeps them all.

            EXAMPLES:
              stepwise serve --in-memory
              stepwise serve --data-dir ~/.stepwise --port 8083
              aws stepfunctions list-state-machines --endpoint-url http://127.0.0.1:8083
            """)

    @Option(name: .long, help: "The address to listen on (loopback unless told otherwise); requests may name it as their Host (see HOST NAMES).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on; 0 picks a free one (the start line tells which).")
    var port = 8083

    @Option(name: .long, help: "Where machines, activities and executions are kept across restarts.")
    var dataDir: String?

    @Flag(name: .long, help: "Keep everything in memory: nothing survives the process.")
    var inMemory = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "What a committed step survives: normal (a killed process) or full (power loss too, an fsync per step); see DURABILITY above.",
            valueName: "normal|full"))
    var durability: SQLiteEngineStore.Durability?

    @Option(
        name: .long,
        help: ArgumentHelp("How many days (1 or more) finished executions are kept after they stop, or never (see RETENTION above).", valueName: "days|never"))
    var retentionDays = RetentionDays.days(90)

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp(
            "Accept only SigV4-signed requests: 'env' takes the pair from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; KEY:SECRET works but shows the secret in ps (repeatable).",
            valueName: "env|KEY:SECRET"))
    var requireCredentials: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Accept only requests signed with a key pair from this file: one KEY:SECRET per line, # comments.", valueName: "PATH"))
    var requireCredentialsFile: String?

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp("Also answer requests whose Host header is this name (repeatable; '*' for any).", valueName: "NAME"))
    var allowHost: [String] = []

    @Option(name: .long, help: "The region in the ARNs the engine makes.")
    var region = "us-east-1"

    @Option(name: .long, help: "The account id in the ARNs the engine makes.")
    var account = "123456789012"

    @Option(
        name: .long,
        help: ArgumentHelp("What the server writes to stderr: debug adds a line as each request starts and as it is answered."))
    var logLevel = LogLevel.warning

    @OptionGroup var forwarding: IntegrationsOption

    @OptionGroup var mocking: MockOptions

    /// Tests shorten the long poll so that their workers can be stopped between polls.
    @Option(name: .long, help: .hidden)
    var activityPollTimeout: Double = 60

    static let credentialsVariable = "STEPWISE_REQUIRE_CREDENTIALS"

    func validate() throws {
        if inMemory, dataDir != nil { throw ValidationError("--in-memory and --data-dir exclude each other") }
        if inMemory, durability != nil { throw ValidationError("--durability applies to a data directory; --in-memory keeps nothing") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard activityPollTimeout > 0, activityPollTimeout <= 60 else { throw ValidationError("--activity-poll-timeout must be in (0, 60]") }
        guard account.count == 12, account.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw ValidationError("--account must be 12 digits, got '\(account)'") }
        guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw ValidationError("--region must be a region name such as us-east-1, got '\(region)'")
        }
        if let bad = allowHost.first(where: { $0 != "*" && HostAllowList.normalized($0) == nil }) {
            throw ValidationError("--allow-host takes a host name or IP address (no port), got '\(bad)'")
        }
        _ = try credentials()
    }

    /// Every key pair given, from the environment, the file and the command line.
    func credentials() throws -> CredentialPolicy {
        let environment = ProcessInfo.processInfo.environment
        var pairs: [SigningCredentials] = []
        do {
            if let text = environment[Self.credentialsVariable], !text.isEmpty {
                pairs += try CredentialPolicy.keyPairs(in: text, source: Self.credentialsVariable)
            }
            if let path = requireCredentialsFile {
                let text: String
                do {
                    text = try String(contentsOfFile: path, encoding: .utf8)
                } catch {
                    throw ValidationError("--require-credentials-file: cannot read \(path): \(error.localizedDescription)")
                }
                let filePairs = try CredentialPolicy.keyPairs(in: text, source: path)
                guard !filePairs.isEmpty else { throw ValidationError("--require-credentials-file: \(path) has no KEY:SECRET line") }
                pairs += filePairs
            }
            for value in requireCredentials {
                if value == "env" {
                    guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty, let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                        throw ValidationError("--require-credentials env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
                    }
                    pairs.append(SigningCredentials(accessKeyId: key, secretAccessKey: secret))
                } else if let pair = CredentialPolicy.keyPair(Substring(value)) {
                    pairs.append(pair)
                } else {
                    throw ValidationError("--require-credentials takes KEY:SECRET or env (the value given is not shown)")
                }
            }
            return try CredentialPolicy.requiring(pairs)
        } catch let error as CredentialFormatError {
            throw ValidationError(error.description)
        }
    }

    /// Warnings about how credentials were given, for the operator to act on.
    func credentialWarnings() -> [String] {
        var warnings: [String] = []
        if requireCredentials.contains(where: { $0 != "env" }) {
            warnings.append(
                "--require-credentials KEY:SECRET puts the secret on the command line, where ps shows it to every user of this machine; "
                    + "use \(Self.credentialsVariable), --require-credentials env or --require-credentials-file instead")
        }
        if let path = requireCredentialsFile, let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
            mode & 0o077 != 0
        {
            warnings.append("\(path) can be read by other users (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        return warnings
    }

    func run() async throws {
        let storage = EngineStorage(inMemory: inMemory, dataDirectory: dataDir ?? ".stepwise", durability: durability ?? .normal)
        let credentials = try credentials()
        for warning in credentialWarnings() { printError("stepwise serve: warning: \(warning)") }
        // StartExecution on <machine ARN>#<test case> runs that test case of the mock file.
        let configuration = try forwarding.configuring(
            Engine.Configuration(
                region: region, account: account, activityPollTimeout: activityPollTimeout, mocks: try mocking.loadMocks()?.configuration,
                retention: retentionDays.interval))
        let engine: Engine
        let recovery: RecoveryReport?
        do {
            (engine, recovery) = try await storage.engine(configuration: configuration, clock: mocking.clock)
        } catch {
            printError("stepwise serve: cannot open the data in \(storage): \(error)")
            throw ExitCode(1)
        }
        for problem in recovery?.problems ?? [] { printError("stepwise serve: recovery: \(problem)") }
        // stdout carries only the start line; everything logged goes to stderr.
        var logger = Logger(label: "stepwise.serve", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = logLevel.level
        let server = StepwiseServer(
            backend: engine,
            configuration: ServerConfiguration(host: host, port: port, credentials: credentials, allowedHosts: allowHost),
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

extension SQLiteEngineStore.Durability: ExpressibleByArgument {}

/// `--log-level`: swift-log's levels by their names.
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}

/// `--retention-days`: a whole number of days (at least 1), or `never`.
enum RetentionDays: ExpressibleByArgument, Equatable {
    case days(Int)
    case never

    init?(argument: String) {
        if argument == "never" {
            self = .never
        } else if let days = Int(argument), days >= 1 {
            self = .days(days)
        } else {
            return nil
        }
    }

    var defaultValueDescription: String {
        switch self {
        case .days(let days): "\(days)"
        case .never: "never"
        }
    }

    /// How long the engine keeps finished executions; nil for ever.
    var interval: TimeInterval? {
        switch self {
        case .days(let days): TimeInterval(days) * 86_400
        case .never: nil
        }
    }
}
