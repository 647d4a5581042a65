import Foundation
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct ActivityAPITests {
    let h = Harness()

    @Test func createDescribeAndList() async throws {
        let created = try await h.engine.createActivity(CreateActivityInput(name: "resize"))
        #expect(created.activityArn == "arn:aws:states:us-east-1:123456789012:activity:resize")
        let described = try await h.engine.describeActivity(DescribeActivityInput(activityArn: created.activityArn))
        #expect(described.name == "resize")
        #expect(described.creationDate == Harness.start)
        await h.advance(by: 1)
        _ = try await h.createActivity("crop")
        let listed = try await h.engine.listActivities(ListActivitiesInput())
        #expect(listed.activities.map(\.name) == ["resize", "crop"])
    }

    @Test func createIsIdempotent() async throws {
        let first = try await h.engine.createActivity(CreateActivityInput(name: "again"))
        await h.advance(by: 9)
        let second = try await h.engine.createActivity(CreateActivityInput(name: "again"))
        #expect(second == first)
    }

    @Test func anInvalidActivityNameIsRefused() async throws {
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.createActivity("bad name") }
        #expect(error.code == .invalidName)
    }

    @Test func deleteRemovesItAndIsIdempotent() async throws {
        let arn = try await h.createActivity("gone")
        _ = try await h.engine.deleteActivity(DeleteActivityInput(activityArn: arn))
        _ = try await h.engine.deleteActivity(DeleteActivityInput(activityArn: arn))
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.describeActivity(DescribeActivityInput(activityArn: arn))
        }
        #expect(error.code == .activityDoesNotExist)
    }

    @Test func listPages() async throws {
        for name in ["a", "b", "c"] {
            _ = try await h.createActivity(name)
            await h.advance(by: 1)
        }
        let first = try await h.engine.listActivities(ListActivitiesInput(maxResults: 2))
        let second = try await h.engine.listActivities(ListActivitiesInput(maxResults: 2, nextToken: first.nextToken))
        #expect((first.activities + second.activities).map(\.name) == ["a", "b", "c"])
        #expect(second.nextToken == nil)
    }
}
