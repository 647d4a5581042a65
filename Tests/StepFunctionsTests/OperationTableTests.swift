import Foundation
import StepFunctions
import StepwiseJSON
import Synchronization
import TestSupport
import Testing

/// A transport that remembers which operations it was asked to send and answers with an error,
/// so that what a backend method sends can be seen without a server.
final class RecordingTransport: StepFunctionsTransport {
    struct Refused: Error {}
    private let sent = Mutex<[String]>([])
    var operations: [String] { sent.withLock { $0 } }

    func send<Input, Output>(_ operation: StepFunctionsOperation<Input, Output>, _ input: Input) async throws -> Output {
        sent.withLock { $0.append(operation.name) }
        throw Refused()
    }
}

/// A transport that answers every operation whose output is `Answer` with `answer`.
struct AnsweringTransport<Answer: Sendable>: StepFunctionsTransport {
    let answer: Answer
    init(_ answer: Answer) { self.answer = answer }

    func send<Input, Output>(_ operation: StepFunctionsOperation<Input, Output>, _ input: Input) async throws -> Output {
        try #require(answer as? Output, "\(operation.name) does not answer with \(Answer.self)")
    }
}

/// The operation table: one row per requirement of `StepFunctionsBackend`, each routed to the
/// backend method of its name, and the transports derived from it sending what they are asked.
@Suite struct OperationTableTests {
    static let names = StepFunctionsOperations.all.map(\.name)

    /// The requirements of the backend protocol, read from its source: the table must have a
    /// row for each, and nothing else.
    static func backendRequirements() throws -> [String] {
        let source = try String(
            contentsOf: SharedFixtures.packageRoot.appendingPathComponent("Sources/StepFunctions/StepFunctionsBackend.swift"), encoding: .utf8)
        return source.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.range(of: "func ")?.upperBound, let end = line[start...].firstIndex(of: "(") else { return nil }
            return String(line[start..<end])
        }
    }

    @Test func theTableHasOneRowPerBackendRequirement() throws {
        let requirements = try Self.backendRequirements()
        #expect(requirements.count == 37)
        #expect(Set(Self.names.map { $0.prefix(1).lowercased() + $0.dropFirst() }) == Set(requirements))
        #expect(Set(Self.names).count == Self.names.count, "each operation is listed once")
    }

    @Test func eachRowIsDeclaredUnderItsOwnName() {
        for child in Mirror(reflecting: StepFunctionsOperations.table).children {
            guard let row = child.value as? any AnyStepFunctionsOperation else { continue }
            #expect(child.label.map { $0.prefix(1).uppercased() + $0.dropFirst() } == row.name)
        }
    }

    @Test func operationsAreFoundByWireName() throws {
        for name in Self.names {
            let row = try #require(StepFunctionsOperations.named(name))
            #expect(row.target == "AWSStepFunctions.\(name)")
        }
        #expect(StepFunctionsOperations.named("LaunchRocket") == nil)
        #expect(StepFunctionsOperations.named("createStateMachine") == nil, "wire names are case-sensitive")
    }

    @Test func everyOperationHasASampleRequest() {
        #expect(Set(WireSamples.requests.keys) == Set(Self.names))
    }

    @Test func dispatchingEncodesTheAnswerAsTheWireDoes() async throws {
        let row = try #require(StepFunctionsOperations.named("StartExecution"))
        let answer = StartExecutionOutput(executionArn: WireSamples.executionArn, startDate: Date(timeIntervalSince1970: 1_700_000_000.5))
        let body = try await row.dispatch(Data(#"{"stateMachineArn": "\#(WireSamples.machineArn)", "name": "run"}"#.utf8), to: AnsweringTransport(answer))
        let expected: JSONValue = ["executionArn": .string(WireSamples.executionArn), "startDate": 1_700_000_000.5]
        #expect(try JSONParser.parse(String(decoding: body, as: UTF8.self)) == expected)
    }

    @Test func aMalformedRequestNeverReachesTheBackend() async throws {
        let transport = RecordingTransport()
        let row = try #require(StepFunctionsOperations.named("CreateActivity"))
        let error = await #expect(throws: StepFunctionsError.self) { _ = try await row.dispatch(Data("{}".utf8), to: transport) }
        #expect(error?.code == .validation)
        #expect(transport.operations.isEmpty)
    }

    /// Dispatching a request calls the backend method of the operation's name, which a
    /// transport sends as that same operation: the server's routing and the clients agree.
    @Test(arguments: names)
    func aRequestReachesTheMethodOfItsOperation(_ name: String) async throws {
        let row = try #require(StepFunctionsOperations.named(name))
        let transport = RecordingTransport()
        let body = try #require(WireSamples.requests[name])
        await #expect(throws: RecordingTransport.Refused.self) { _ = try await row.dispatch(Data(body.utf8), to: transport) }
        #expect(transport.operations == [name])
    }
}
