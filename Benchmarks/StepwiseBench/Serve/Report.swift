import Foundation

/// The cells of a run, printed as one Markdown table (scenario × concurrency rows, an
/// endpoint per column, then each endpoint's throughput over the baseline's).
struct Report {
    let endpoints: [String]
    let baseline: String?
    private var cells: [Key: Result<CellResult, BenchError>] = [:]

    private struct Key: Hashable {
        var scenario: Scenario
        var concurrency: Int
        var endpoint: String
    }

    init(endpoints: [String], baseline: String?) {
        self.endpoints = endpoints
        self.baseline = baseline
    }

    mutating func record(_ scenario: Scenario, _ concurrency: Int, _ endpoint: String, _ result: Result<CellResult, BenchError>) {
        cells[Key(scenario: scenario, concurrency: concurrency, endpoint: endpoint)] = result
    }

    private var compared: [String] { baseline.map { baseline in endpoints.filter { $0 != baseline } } ?? [] }

    func markdown(scenarios: [Scenario], concurrencies: [Int]) -> String {
        var header = ["scenario", "concurrency"] + endpoints
        if let baseline { header += compared.map { "\($0) ÷ \(baseline)" } }
        var lines = [row(header), row(header.map { _ in "---" })]
        for scenario in scenarios {
            for concurrency in concurrencies {
                var cells = [scenario.rawValue, String(concurrency)]
                for endpoint in endpoints {
                    switch self.cells[Key(scenario: scenario, concurrency: concurrency, endpoint: endpoint)] {
                    case .success(let result)?: cells.append(Self.summary(result))
                    case .failure?, nil: cells.append("n/a")
                    }
                }
                for endpoint in compared {
                    cells.append(ratio(scenario, concurrency, endpoint).map { String(format: "%.1f×", $0) } ?? "n/a")
                }
                lines.append(row(cells))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What each scenario is, and why each n/a cell is one (a reason once for all the
    /// concurrencies it applies to).
    func notes(scenarios: [Scenario], concurrencies: [Int]) -> [String] {
        var notes = scenarios.map { "\($0.rawValue): \($0.title)" }
        for scenario in scenarios {
            for endpoint in endpoints {
                var reasons: [(reason: String, concurrencies: [Int])] = []
                for concurrency in concurrencies {
                    guard case .failure(let error)? = cells[Key(scenario: scenario, concurrency: concurrency, endpoint: endpoint)] else { continue }
                    if let index = reasons.firstIndex(where: { $0.reason == error.description }) {
                        reasons[index].concurrencies.append(concurrency)
                    } else {
                        reasons.append((error.description, [concurrency]))
                    }
                }
                for (reason, failed) in reasons {
                    notes.append("n/a: \(scenario.rawValue) on \(endpoint) (concurrency \(failed.map(String.init).joined(separator: ", "))): \(reason)")
                }
            }
        }
        return notes
    }

    private func ratio(_ scenario: Scenario, _ concurrency: Int, _ endpoint: String) -> Double? {
        guard let baseline,
            case .success(let measured)? = cells[Key(scenario: scenario, concurrency: concurrency, endpoint: endpoint)],
            case .success(let reference)? = cells[Key(scenario: scenario, concurrency: concurrency, endpoint: baseline)],
            reference.executions > 0
        else { return nil }
        return measured.executionsPerSecond / reference.executionsPerSecond
    }

    private func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    static func summary(_ result: CellResult) -> String {
        guard let p50 = result.latency(0.5), let p99 = result.latency(0.99) else { return "0 exec/s" }
        return "\(grouped(result.executionsPerSecond)) exec/s, p50 \(milliseconds(p50)), p99 \(milliseconds(p99))"
    }

    /// The summary, and what it cost: requests per execution and the client's CPU per request.
    static func describe(_ result: CellResult) -> String {
        var text = summary(result)
        if result.executions > 0 { text += String(format: ", %.1f requests/execution", Double(result.requests) / Double(result.executions)) }
        if let cost = result.clientMicrosecondsPerRequest { text += String(format: ", client %.1f µs CPU/request", cost) }
        if let drain = result.drainSeconds { text += String(format: ", drained %.1f s after the window", drain) }
        return text
    }

    static func milliseconds(_ value: Double) -> String {
        switch value {
        case ..<1: String(format: "%.2f ms", value)
        case ..<10: String(format: "%.1f ms", value)
        case ..<1000: String(format: "%.0f ms", value)
        default: String(format: "%.1f s", value / 1000)
        }
    }
}
