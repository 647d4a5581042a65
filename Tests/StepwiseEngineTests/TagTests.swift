import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct TagTests {
    let h = Harness()

    func tags(_ arn: String) async throws -> [String: String] {
        let listed = try await h.engine.listTagsForResource(ListTagsForResourceInput(resourceArn: arn)).tags
        return Dictionary(uniqueKeysWithValues: listed.map { ($0.key ?? "", $0.value ?? "") })
    }

    @Test func machinesKeepTheTagsTheyWereCreatedWith() async throws {
        let arn = try await h.engine.createStateMachine(CreateStateMachineInput(
            name: "tagged", definition: #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#, roleArn: Harness.role,
            tags: [Tag(key: "team", value: "core")])).stateMachineArn
        #expect(try await tags(arn) == ["team": "core"])
    }

    @Test func tagAddsAndReplacesUntagRemoves() async throws {
        let arn = try await h.createMachine(#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#)
        _ = try await h.engine.tagResource(TagResourceInput(resourceArn: arn, tags: [Tag(key: "a", value: "1"), Tag(key: "b", value: "2")]))
        _ = try await h.engine.tagResource(TagResourceInput(resourceArn: arn, tags: [Tag(key: "a", value: "changed")]))
        #expect(try await tags(arn) == ["a": "changed", "b": "2"])
        _ = try await h.engine.untagResource(UntagResourceInput(resourceArn: arn, tagKeys: ["b", "not-there"]))
        #expect(try await tags(arn) == ["a": "changed"])
    }

    @Test func activitiesCanBeTagged() async throws {
        let arn = try await h.engine.createActivity(CreateActivityInput(name: "act", tags: [Tag(key: "k", value: "v")])).activityArn
        _ = try await h.engine.tagResource(TagResourceInput(resourceArn: arn, tags: [Tag(key: "x", value: "y")]))
        #expect(try await tags(arn) == ["k": "v", "x": "y"])
    }

    @Test func taggingAMissingResourceFails() async throws {
        let machine = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.tagResource(TagResourceInput(resourceArn: "arn:aws:states:us-east-1:123456789012:stateMachine:ghost", tags: []))
        }
        #expect(machine.code == .stateMachineDoesNotExist)
        let activity = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.listTagsForResource(ListTagsForResourceInput(resourceArn: "arn:aws:states:us-east-1:123456789012:activity:ghost"))
        }
        #expect(activity.code == .activityDoesNotExist)
    }

    @Test func executionsCannotBeTagged() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.listTagsForResource(ListTagsForResourceInput(resourceArn: "arn:aws:states:us-east-1:123456789012:execution:m:e"))
        }
        #expect(error.code == .invalidArn)
    }
}
