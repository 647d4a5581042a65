import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing
@testable import Stepwise

@Suite struct OffloadTests {
    static let twoSteps = """
        {:start-at :produce
         :states {:produce {:type :task :resource :activity/produce :next :consume}
                  :consume {:type :task :resource :activity/consume :end true}}}
        """

    func temporaryStore() -> LocalDirectoryBlobStore {
        LocalDirectoryBlobStore(root: FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-blobs-\(UUID().uuidString)"))
    }

    /// 300 KB: over both the offload threshold and Step Functions' 256 KiB payload limit.
    static let big = JSONValue.string(String(repeating: "x", count: 300_000))

    @Test(arguments: [false, true])
    func largeValuesRoundTripThroughTheBlobStore(allKeys: Bool) async throws {
        let store = temporaryStore()
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine), blobStore: store)
        try await stepwise.ensureStateMachine("offload", definition: .edn(Self.twoSteps))
        let produce = Handler(interceptors: [.offload(keys: allKeys ? nil : ["big"], to: store)]) { (_: JSONValue) -> JSONValue in
            ["big": Self.big, "small": 1]
        }
        let consume = Handler { (input: JSONValue) -> JSONValue in
            ["size": .number(input["big"]?.stringValue?.count ?? -1), "small": input["small"] ?? .null]
        }
        let workers = try await stepwise.startWorkers(["activity/produce": produce, "activity/consume": consume])
        let result = try await stepwise.startExecution("offload", wait: true)
        await workers.shutdown()
        #expect(result.status == .succeeded, "\(result.error ?? ""): \(result.cause ?? "")")
        #expect(result.output == ["size": 300_000, "small": 1])
        let history = try await engine.recordedEvents(result.executionArn)
        let handedOver = history.compactMap { event -> JSONValue? in
            if case .taskSucceeded(let output) = event.details { return output }
            return nil
        }.first
        #expect(handedOver?["big"]?[Offload.tag] != nil, "the large value travelled as a reference")
    }

    @Test func aNonObjectOutputIsOffloadedWhole() async throws {
        let store = temporaryStore()
        let stepwise = Stepwise(blobStore: store)
        try await stepwise.ensureStateMachine("offload", definition: .edn(Self.twoSteps))
        let produce = Handler(interceptors: [.offload(to: store)]) { (_: JSONValue) -> JSONValue in Self.big }
        let consume = Handler { (input: JSONValue) -> Int in input.stringValue?.count ?? -1 }
        let workers = try await stepwise.startWorkers(["activity/produce": produce, "activity/consume": consume])
        let result = try await stepwise.startExecution("offload", wait: true)
        await workers.shutdown()
        #expect(result.output == 300_000)
    }

    @Test func severalReferencesInOneInputAreAllLoaded() async throws {
        let store = temporaryStore()
        let first = try await Offload.store(["a": 1], in: store)
        let second = try await Offload.store([1, 2, 3], in: store)
        let restored = try await Offload.restore(["one": first, "two": second, "plain": "x"], from: store)
        #expect(restored == ["one": ["a": 1], "two": [1, 2, 3], "plain": "x"])
    }

    @Test func smallOutputsStayInline() async throws {
        let store = temporaryStore()
        var context = TaskContext(request: [:], taskToken: "t", activityArn: "a", sendHeartbeat: {})
        context.response = ["small": 1]
        try await Interceptor.offload(to: store).leave!(&context)
        #expect(context.response == ["small": 1])
    }

    @Test(arguments: ["../escape", "/etc/passwd", "a/../../b", "a//b", "./a", ""])
    func keysCannotEscapeTheRoot(key: String) async throws {
        let store = temporaryStore()
        await #expect(throws: BlobStoreError.self) { try await store.put(Data("x".utf8), key: key) }
        await #expect(throws: BlobStoreError.self) { _ = try await store.get(bucket: store.bucket, key: key) }
    }
}
