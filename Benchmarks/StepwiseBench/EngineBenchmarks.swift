import ArgumentParser
import Foundation
import JSONata
import StatesLanguage
import StepFunctions
import StepwiseEngine
import StepwiseJSON

let role = "arn:aws:iam::123456789012:role/bench"

func passChain(_ count: Int) -> String {
    var states: [String] = []
    for i in 0..<count {
        let next = i == count - 1 ? #""End": true"# : #""Next": "S\#(i + 1)""#
        states.append(#""S\#(i)": {"Type": "Pass", \#(next)}"#)
    }
    return #"{"StartAt": "S0", "States": {\#(states.joined(separator: ", "))}}"#
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func residentMemoryBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
    return kilobytes * 1024
}

func format(_ value: Double) -> String { String(format: "%.0f", value) }

func benchPassChain(states: Int, executions: Int) async throws {
    let engine = Engine()
    let machine = try await engine.createStateMachine(.init(name: "chain\(states)", definition: passChain(states), roleArn: role))
    let input = #"{"order": {"id": 42, "items": ["a", "b"]}}"#
    let elapsed = try await seconds {
        for _ in 0..<executions {
            _ = try await engine.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: input))
        }
    }
    let transitions = Double(states * executions)
    print("pass chain \(states) states: \(format(transitions / elapsed)) transitions/s, \(format(Double(executions) / elapsed)) executions/s (\(executions) executions)")
}

func benchActivityRoundTrip(executions: Int) async throws {
    let engine = Engine()
    let activity = try await engine.createActivity(.init(name: "work"))
    let definition = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activity.activityArn)", "End": true}}}"#
    let machine = try await engine.createStateMachine(.init(name: "one-activity", definition: definition, roleArn: role))
    var samples: [Double] = []
    samples.reserveCapacity(executions)
    for _ in 0..<executions {
        let start = DispatchTime.now().uptimeNanoseconds
        let started = try await engine.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: #"{"x": 1}"#))
        let task = try await engine.getActivityTask(.init(activityArn: activity.activityArn, workerName: "bench"))
        _ = try await engine.sendTaskSuccess(.init(taskToken: task.taskToken!, output: #"{"y": 2}"#))
        _ = try await engine.waitForExecution(started.executionArn)
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    }
    samples.sort()
    let p50 = samples[samples.count / 2]
    let p99 = samples[samples.count * 99 / 100]
    print("activity round trip (start, poll, answer, complete): p50 \(String(format: "%.1f", p50)) µs, p99 \(String(format: "%.1f", p99)) µs (\(executions) executions)")
}

func benchMap(items: Int) async throws {
    let engine = Engine()
    // Distributed: an inline Map this large would pass AWS's 25,000-event history quota.
    let definition = #"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#
    let machine = try await engine.createStateMachine(.init(name: "map", definition: definition, roleArn: role))
    let input = "[" + (0..<items).map { #"{"i": \#($0)}"# }.joined(separator: ",") + "]"
    let elapsed = try await seconds {
        let started = try await engine.startExecution(.init(stateMachineArn: machine.stateMachineArn, input: input))
        let result = try await engine.waitForExecution(started.executionArn)
        guard result.status == .succeeded else { fatalError("the Map failed: \(result.error ?? "") \(result.cause ?? "")") }
    }
    print("distributed Map over \(items) items: \(String(format: "%.1f", elapsed * 1000)) ms")
}

func benchWaitingExecutions(count: Int) async throws {
    let before = residentMemoryBytes()
    let engine = Engine()
    let activity = try await engine.createActivity(.init(name: "never-answered"))
    let definition = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activity.activityArn)", "End": true}}}"#
    let machine = try await engine.createStateMachine(.init(name: "waiting", definition: definition, roleArn: role))
    let elapsed = try await seconds {
        for i in 0..<count {
            _ = try await engine.startExecution(.init(stateMachineArn: machine.stateMachineArn, name: "e\(i)", input: #"{"n": \#(i)}"#))
        }
    }
    let after = residentMemoryBytes()
    print("\(count) executions waiting on an activity: RSS +\(format(Double(after - before) / 1_048_576)) MiB (\(format(Double(after - before) / Double(count))) bytes each), started in \(String(format: "%.2f", elapsed)) s")
}

/// A definition of `count` states mixing Pass, Choice, Wait and Task, in EDN and in JSON.
func largeDefinition(_ count: Int) -> (edn: String, json: String) {
    var edn: [String] = []
    var json: [String] = []
    for i in 0..<count {
        let next = i == count - 1 ? nil : "s\(i + 1)"
        let transition = next.map { (":next :\($0)", #""Next": "\#($0)""#) } ?? (":end true", #""End": true"#)
        switch i % 4 {
        case 0:
            edn.append(":s\(i) {:type :pass :result {:i \(i)} :result-path \"$.r\" \(transition.0)}")
            json.append(#""s\#(i)": {"Type": "Pass", "Result": {"i": \#(i)}, "ResultPath": "$.r", \#(transition.1)}"#)
        case 1 where next != nil:
            edn.append(":s\(i) {:type :choice :choices [{:condition [:and [:present? \"$.r\"] [:>= \"$.r.i\" 0]] :next :\(next!)}] :default :\(next!)}")
            json.append(#""s\#(i)": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.r", "IsPresent": true}, {"Variable": "$.r.i", "NumericGreaterThanEquals": 0}], "Next": "\#(next!)"}], "Default": "\#(next!)"}"#)
        case 2:
            edn.append(":s\(i) {:type :wait :seconds 1 \(transition.0)}")
            json.append(#""s\#(i)": {"Type": "Wait", "Seconds": 1, \#(transition.1)}"#)
        default:
            edn.append(":s\(i) {:type :task :resource :activity/work :retry [{:error-equals :states/all :max-attempts 2}] \(transition.0)}")
            json.append(#""s\#(i)": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work", "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}], \#(transition.1)}"#)
        }
    }
    return ("{:start-at :s0 :states {\(edn.joined(separator: "\n"))}}", #"{"StartAt": "s0", "States": {\#(json.joined(separator: ", "))}}"#)
}

func benchLargeDefinition(states: Int) throws {
    let (edn, json) = largeDefinition(states)
    for (format, text) in [(DefinitionFormat.json, json), (.edn, edn)] {
        var samples: [Double] = []
        for _ in 0..<20 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try DefinitionLoader.load(text, format: format)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        samples.sort()
        print("parse + validate \(states)-state definition (\(format.rawValue), \(text.utf8.count / 1024) KiB): median \(String(format: "%.1f", samples[samples.count / 2])) ms, best \(String(format: "%.1f", samples[0])) ms")
    }
}

func benchJSONata(elements: Int) throws {
    let expression = try JSONataExpression("$reduce($map($filter($.items, function($v) { $v.n % 3 = 0 }), function($v) { $v.n * 2 }), function($a, $b) { $a + $b }, 0)")
    let input: JSONValue = ["items": .array((0..<elements).map { ["n": .number($0)] })]
    var samples: [Double] = []
    var result: JSONValue?
    for _ in 0..<10 {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try expression.evaluate(input: input)
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    samples.sort()
    print("JSONata $filter/$map/$reduce over \(elements) elements: median \(String(format: "%.1f", samples[samples.count / 2])) ms (result \(result.map { JSONSerializer.string($0) } ?? "undefined"))")
}

/// The embedded engine through its public API (`Engine`, in process): what the figures in
/// BENCHMARKS.md under "Embedded engine" come from. Each benchmark prints one line; the
/// repetitions show the machine's noise.
struct EngineBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "The embedded engine in process: Pass chains, activity round trips, a large Map, definitions, JSONata, memory.")

    static let names = ["pass", "activity", "map", "definition", "jsonata", "waiting"]

    @Argument(help: ArgumentHelp("Which benchmarks to run (all when none is named).", valueName: names.joined(separator: "|")))
    var selected: [String] = []

    func validate() throws {
        if let unknown = selected.first(where: { !Self.names.contains($0) }) {
            throw ValidationError("no benchmark named '\(unknown)'; the names are \(Self.names.joined(separator: ", "))")
        }
    }

    func wanted(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

    func run() async throws {
        if wanted("pass") {
            for _ in 0..<3 {
                try await benchPassChain(states: 10, executions: 20_000)
                try await benchPassChain(states: 100, executions: 2_000)
            }
        }
        if wanted("activity") {
            for _ in 0..<3 { try await benchActivityRoundTrip(executions: 5_000) }
        }
        if wanted("map") {
            for _ in 0..<3 { try await benchMap(items: 10_000) }
        }
        if wanted("definition") {
            try benchLargeDefinition(states: 1_000)
        }
        if wanted("jsonata") {
            try benchJSONata(elements: 10_000)
        }
        if wanted("waiting") {
            try await benchWaitingExecutions(count: 100_000)
        }
    }
}
