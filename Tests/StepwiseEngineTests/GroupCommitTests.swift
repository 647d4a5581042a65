import EngineTestSupport
import Foundation
import Synchronization
import Testing

@testable import StepwiseEngine

/// The group committer: what arrives while a commit is in flight goes into the next one.
@Suite(.timeLimit(.minutes(5))) struct GroupCommitTests {
    static func activity(_ number: Int) -> StoreWrite {
        .saveActivity(ActivityRecord(arn: "arn:aws:states:us-east-1:123456789012:activity:a\(number)", name: "a\(number)", creationDate: Date(), tags: []))
    }

    static func names(_ writes: [StoreWrite]) -> Set<String> {
        Set(writes.compactMap { if case .saveActivity(let record) = $0 { record.name } else { nil } })
    }

    /// One transaction for the five callers that came while the first commit was held, and
    /// each caller returns only once its writes are stored.
    @Test func writesSentDuringACommitShareTheNextTransaction() async throws {
        let commits = Mutex<[Set<String>]>([])
        let firstHeld = Answer<Void>()
        let release = Answer<Void>()
        let store = ForwardingStore(InMemoryEngineStore()) { writes in
            let first = commits.withLock { commits in
                commits.append(Self.names(writes))
                return commits.count == 1
            }
            if first {
                firstHeld.give(())
                await release.wait()
            }
        }
        let committer = Committer(store: store)
        async let firstCommit: Void = committer.commit([Self.activity(0)])
        await firstHeld.wait()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 1...5 { group.addTask { try await committer.commit([Self.activity(number)]) } }
            await committer.callersWaiting(5)
            #expect(try store.loadActivities().isEmpty, "nothing is stored before its commit")
            release.give(())
            try await group.waitForAll()
            #expect(try Set(store.loadActivities().map(\.name)) == ["a0", "a1", "a2", "a3", "a4", "a5"])
        }
        try await firstCommit
        #expect(commits.withLock { $0 } == [["a0"], ["a1", "a2", "a3", "a4", "a5"]])
    }

    /// A commit that fails fails every caller whose writes it held; the next batch still goes.
    @Test func aFailedTransactionFailsEachOfItsCallers() async throws {
        let attempts = Mutex(0)
        let firstHeld = Answer<Void>()
        let release = Answer<Void>()
        let store = ForwardingStore(InMemoryEngineStore()) { writes in
            let attempt = attempts.withLock { attempts in
                attempts += 1
                return attempts
            }
            if attempt == 1 {
                firstHeld.give(())
                await release.wait()
            }
            if attempt == 2 { throw CocoaError(.fileWriteOutOfSpace) }
        }
        let committer = Committer(store: store)
        async let firstCommit: Void = committer.commit([Self.activity(0)])
        await firstHeld.wait()
        let failures = try await withThrowingTaskGroup(of: Bool.self) { group in
            for number in 1...3 {
                group.addTask {
                    do {
                        try await committer.commit([Self.activity(number)])
                        return false
                    } catch {
                        return true
                    }
                }
            }
            await committer.callersWaiting(3)
            release.give(())
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try await firstCommit
        #expect(failures == 3)
        try await committer.commit([Self.activity(4)])
        #expect(try Set(store.loadActivities().map(\.name)) == ["a0", "a4"])
    }
}
