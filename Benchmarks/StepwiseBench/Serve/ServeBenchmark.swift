import ArgumentParser
import Foundation
import NIOPosix

/// A load generator for any Step Functions endpoint: `stepwise serve`, moto, LocalStack, or
/// anything else that speaks the protocol. Built to cost the server's host little, so that the
/// figures are the server's and not the client's (boto3 saturates first).
struct ServeBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Drive Step Functions endpoints with concurrent workers; report executions/s and p50/p99 latency per scenario.",
        discussion: """
            Scenarios: chain (a 10-state Pass chain: StartExecution, then DescribeExecution at once \
            and again until it is not RUNNING; latency from the start to the observed end), start \
            (StartExecution of the same chain alone; latency of the call; each starter waits for \
            its last execution after the window so the next cell starts on an idle server), \
            activity (a one-state activity machine, start + wait, answered by --activity-workers \
            long-polling GetActivityTask + SendTaskSuccess loops inside this process), map (an \
            inline Map over 100 items, each a Pass state, start + wait).

            Each cell (scenario × concurrency × endpoint) creates its own machine, runs --warmup \
            seconds unmeasured, then --duration seconds measured: executions that end inside the \
            window count. Cells run one after another: for each scenario and concurrency, every \
            endpoint in turn, so that the endpoints are measured side by side under the same \
            conditions. A cell that fails is reported n/a with the reason, and the run goes on.

            The client CPU figure of the progress lines (stderr) is this process's CPU time per request: \
            what the generator takes from a host it shares with the server.
            """)

    @Option(
        name: .customLong("endpoint"), parsing: .singleValue,
        help: ArgumentHelp("An endpoint to drive, optionally named (repeatable).", valueName: "[NAME=]URL"))
    var endpointArguments: [String]

    @Option(help: ArgumentHelp("The endpoint the others are compared with (ratio columns).", valueName: "NAME"))
    var baseline: String?

    @Option(name: .customLong("concurrency"), help: ArgumentHelp("Concurrent starters, one cell each (comma-separated or repeated).", valueName: "N,…"))
    var concurrencyArguments: [String] = ["8"]

    @Option(name: .customLong("scenario"), help: ArgumentHelp("Scenarios to run (comma-separated or repeated; default all).", valueName: "chain,start,activity,map"))
    var scenarioArguments: [String] = []

    @Option(help: "Measured seconds per cell.")
    var duration = 10.0

    @Option(help: "Unmeasured seconds before each cell's window.")
    var warmup = 2.0

    @Option(help: "Activity worker loops in the activity scenario (0: as many as starters).")
    var activityWorkers = 0

    @Option(help: "raw: one keep-alive HTTP/1.1 connection per worker on NIO (http:// only, cheapest); aws: StepwiseAWS.AWSStepFunctionsClient.")
    var client: ClientKind = .raw

    @Flag(help: "With --client raw: send an Authorization header naming the credential scope but no signature. Cheaper; only for servers that check none (moto, stepwise serve without --require-credentials).")
    var unsigned = false

    @Option(help: "The region requests are signed for.")
    var region = "us-east-1"

    @Option(help: "Seconds an execution may run before the cell fails.")
    var executionTimeout = 120.0

    @Option(
        help: ArgumentHelp(
            "Executions on each endpoint that burn their evaluation budget again and again through every cell: "
                + "the figures of the others while a neighbour is hostile (their Pass state's JSONata runs out of budget, and its Catch starts it over).",
            valueName: "N"))
    var burning = 0

    enum ClientKind: String, ExpressibleByArgument, Sendable { case raw, aws }

    var clientDescription: String { client == .raw && unsigned ? "raw, unsigned" : client.rawValue }

    var endpoints: [Endpoint] { get throws { try endpointArguments.map(Endpoint.init(parsing:)) } }

    var concurrencies: [Int] { get throws { try list(concurrencyArguments, "--concurrency") { Int($0).flatMap { $0 >= 1 ? $0 : nil } } } }

    var scenarios: [Scenario] {
        get throws {
            let named = try list(scenarioArguments, "--scenario") { Scenario(rawValue: $0) }
            // Report order, whatever the order given.
            return named.isEmpty ? Scenario.allCases : Scenario.allCases.filter(named.contains)
        }
    }

    private func list<T>(_ arguments: [String], _ option: String, _ parse: (String) -> T?) throws -> [T] {
        try arguments.flatMap { $0.split(separator: ",") }.map { text in
            guard let value = parse(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("\(option): '\(text)' is not valid") }
            return value
        }
    }

    func validate() throws {
        let endpoints = try endpoints
        guard !endpoints.isEmpty else { throw ValidationError("name at least one --endpoint") }
        guard Set(endpoints.map(\.name)).count == endpoints.count else { throw ValidationError("--endpoint names must differ") }
        if let baseline, !endpoints.contains(where: { $0.name == baseline }) { throw ValidationError("--baseline \(baseline) names no --endpoint") }
        guard try !concurrencies.isEmpty else { throw ValidationError("--concurrency needs a number") }
        _ = try scenarios
        if unsigned, client != .raw { throw ValidationError("--unsigned applies to --client raw (the AWS client always signs)") }
        guard duration > 0, warmup >= 0, executionTimeout > 0, activityWorkers >= 0, burning >= 0 else {
            throw ValidationError("--duration and --execution-timeout must be positive, --warmup, --activity-workers and --burning not negative")
        }
    }

    func run() async throws {
        let endpoints = try endpoints
        let concurrencies = try concurrencies
        let scenarios = try scenarios
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let maxWorkers = concurrencies.max()! + (activityWorkers == 0 ? concurrencies.max()! : activityWorkers)
        var clients: [any BenchClient] = []
        for endpoint in endpoints {
            switch client {
            case .raw: clients.append(try RawBenchClient(endpoint: endpoint, region: region, signed: !unsigned))
            case .aws: clients.append(AWSBenchClient(endpoint: endpoint, region: region, connections: maxWorkers))
            }
        }
        let executors = MultiThreadedEventLoopGroup.singleton.makeIterator().map(EventLoopExecutor.init)
        let loadBefore = loadAverage()
        progress("stepwise-bench serve: client \(clientDescription), warm-up \(warmup) s + \(duration) s per cell, load average \(loadBefore)")
        if burning > 0 {
            for (endpoint, client) in zip(endpoints, clients) {
                do {
                    try await startBurners(burning, tag: tag, client: client, on: executors[0])
                    progress("\(endpoint.name): \(burning) executions burning their evaluation budget")
                } catch {
                    progress("\(endpoint.name): burners not started: \(error)")
                }
            }
        }

        var report = Report(endpoints: endpoints.map(\.name), baseline: baseline)
        for scenario in scenarios {
            for concurrency in concurrencies {
                for (endpoint, client) in zip(endpoints, clients) {
                    let settings = CellSettings(
                        scenario: scenario, concurrency: concurrency, activityWorkers: activityWorkers == 0 ? concurrency : activityWorkers,
                        warmup: warmup, duration: duration, executionTimeout: executionTimeout, tag: "\(tag)-\(endpoint.name.filter { $0.isLetter || $0.isNumber })")
                    let load = loadAverage()
                    do {
                        let result = try await runCell(settings, client: client, executors: executors)
                        report.record(scenario, concurrency, endpoint.name, .success(result))
                        progress("\(scenario.rawValue) c=\(concurrency) \(endpoint.name): \(Report.describe(result)), load \(load)")
                    } catch {
                        // One line, whatever the server answered (moto's errors are HTML pages).
                        let reason = "\(error)".split(whereSeparator: \.isWhitespace).joined(separator: " ")
                        report.record(scenario, concurrency, endpoint.name, .failure(BenchError(String(reason.prefix(240)))))
                        progress("\(scenario.rawValue) c=\(concurrency) \(endpoint.name): failed: \(reason), load \(load)")
                    }
                }
            }
        }
        for client in clients { try await client.shutdown() }
        print(report.markdown(scenarios: scenarios, concurrencies: concurrencies))
        print("")
        for note in report.notes(scenarios: scenarios, concurrencies: concurrencies) { print(note) }
        let neighbours = burning > 0 ? "; \(burning) executions burning their evaluation budget on each endpoint throughout" : ""
        print("client \(clientDescription); \(warmup) s warm-up + \(duration) s measured per cell\(neighbours); load average \(loadBefore) before, \(loadAverage()) after")
    }
}
