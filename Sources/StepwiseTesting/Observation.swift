import OrderedCollections
import StepFunctions
import StepwiseEngine
import StepwiseJSON

/// How an execution went, as its description and history tell: what `stepwise run --json`
/// prints, what a test case's expectations are checked against, and what a case recorded from
/// a run is made of.
public struct Observation: Sendable, Hashable {
    public typealias Answer = MockConfiguration.MockedResponse.Answer

    public var executionArn: String
    public var status: ExecutionStatus
    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    /// The names of the states entered, in history order (Parallel branches and Map iterations included).
    public var path: [String]
    /// What each Task state's invocations answered, in order, in the mock file's terms: a
    /// result is a `Return`, an error or a timeout a `Throw`.
    public var taskAnswers: OrderedDictionary<String, [Answer]>
    /// Task states whose task was scheduled and has not ended (an execution still running waits in them).
    public var waitingIn: [String]

    public init(
        executionArn: String, status: ExecutionStatus, output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
        path: [String] = [], taskAnswers: OrderedDictionary<String, [Answer]> = [:], waitingIn: [String] = []
    ) {
        self.executionArn = executionArn
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
        self.path = path
        self.taskAnswers = taskAnswers
        self.waitingIn = waitingIn
    }

    /// Reads an execution's description and history.
    public init(_ description: DescribeExecutionOutput, history: [HistoryEvent]) {
        self.init(
            executionArn: description.executionArn, status: description.status,
            output: description.output.map(Self.payload), error: description.error, cause: description.cause)
        var byId: [Int: HistoryEvent] = [:]
        var stateOf: [Int: String] = [:]
        /// The state an event belongs to: its chain of previous events leads back to the
        /// state's entry (within a branch or iteration, whatever else ran meanwhile).
        func state(of event: HistoryEvent) -> String? {
            var chain: [Int] = []
            var current: HistoryEvent? = event
            var found: String?
            while let step = current {
                if let known = stateOf[step.id] {
                    found = known
                    break
                }
                chain.append(step.id)
                if let entered = step.enteredState {
                    found = entered
                    break
                }
                current = byId[step.previousEventId]
            }
            for id in chain { stateOf[id] = found }
            return found
        }
        var open: OrderedDictionary<String, Int> = [:]
        for event in history {
            byId[event.id] = event
            if let entered = event.enteredState {
                path.append(entered)
                continue
            }
            guard let kind = TaskEventKind(event.type), let name = state(of: event) else { continue }
            switch kind {
            case .scheduled:
                open[name, default: 0] += 1
                continue
            case .succeeded:
                taskAnswers[name, default: []].append(.return(event.details?["output"]?.stringValue.map(Self.payload) ?? .null))
            case .failed:
                let error = event.details?["error"]?.stringValue ?? ""
                taskAnswers[name, default: []].append(.throw(error: error, cause: event.details?["cause"]?.stringValue ?? ""))
            }
            open[name, default: 1] -= 1
        }
        waitingIn = open.filter { $0.value > 0 }.map(\.key)
    }

    /// A payload's JSON text as a value; other text (from a foreign server) is kept as a string
    /// rather than lost.
    private static func payload(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .string(text)
    }

    /// The one-line JSON of `stepwise run --json`: members without a value are left out.
    public var summary: JSONValue {
        var object: JSONObject = ["status": .string(status.rawValue)]
        object["output"] = output
        object["error"] = error.map(JSONValue.string)
        object["cause"] = cause.map(JSONValue.string)
        object["executionArn"] = .string(executionArn)
        object["path"] = .array(path.map(JSONValue.string))
        return .object(object)
    }
}

extension HistoryEvent {
    /// The state a `…StateEntered` event enters.
    fileprivate var enteredState: String? {
        type.rawValue.hasSuffix("StateEntered") ? details?["name"]?.stringValue : nil
    }
}

/// The history events that start and end a task, whatever serves it (activity, Lambda
/// function, integration).
private enum TaskEventKind {
    case scheduled, succeeded, failed

    init?(_ type: HistoryEventType) {
        switch type {
        case .activityScheduled, .lambdaFunctionScheduled, .taskScheduled: self = .scheduled
        case .activitySucceeded, .lambdaFunctionSucceeded, .taskSucceeded: self = .succeeded
        case .activityFailed, .lambdaFunctionFailed, .taskFailed, .activityTimedOut, .lambdaFunctionTimedOut, .taskTimedOut,
            .activityScheduleFailed, .lambdaFunctionScheduleFailed, .lambdaFunctionStartFailed, .taskStartFailed, .taskSubmitFailed:
            self = .failed
        default: return nil
        }
    }
}
