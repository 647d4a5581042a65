import Foundation
import StepFunctions
import StepwiseEngine
import Testing

/// Versions and aliases as the API reference and AWS's recorded answers describe them.
@Suite struct VersionTests {
    let h = Harness()
    static let first = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"first","End":true}}}"#
    static let second = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"second","End":true}}}"#
    static let machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:orders"

    func create(_ definition: String = first, publish: Bool? = nil, description: String? = nil) async throws -> CreateStateMachineOutput {
        try await h.engine.createStateMachine(CreateStateMachineInput(
            name: "orders", definition: definition, roleArn: Harness.role, publish: publish, versionDescription: description))
    }

    func update(_ definition: String, publish: Bool? = nil) async throws -> UpdateStateMachineOutput {
        try await h.engine.updateStateMachine(UpdateStateMachineInput(stateMachineArn: Self.machineArn, definition: definition, publish: publish))
    }

    func publish(revision: String? = nil, description: String? = nil) async throws -> PublishStateMachineVersionOutput {
        try await h.engine.publishStateMachineVersion(
            PublishStateMachineVersionInput(stateMachineArn: Self.machineArn, revisionId: revision, description: description))
    }

    func alias(_ name: String, _ routing: [(version: Int, weight: Int)], description: String? = nil) async throws -> CreateStateMachineAliasOutput {
        try await h.engine.createStateMachineAlias(CreateStateMachineAliasInput(
            name: name, routingConfiguration: routing.map { RoutingConfigurationListItem(stateMachineVersionArn: "\(Self.machineArn):\($0.version)", weight: $0.weight) },
            description: description))
    }

    func output(of arn: String) async throws -> String? {
        try await h.finish(try await h.start(arn)).output
    }

    func failure(_ body: () async throws -> Void) async -> StepFunctionsError? {
        await #expect(throws: StepFunctionsError.self) { try await body() }
    }

    // MARK: - Versions

    @Test func createWithPublishPublishesVersionOne() async throws {
        let created = try await create(publish: true, description: "launch")
        #expect(created.stateMachineVersionArn == Self.machineArn + ":1")
        let version = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: Self.machineArn + ":1"))
        #expect(version.stateMachineArn == Self.machineArn + ":1")
        #expect(version.name == "orders")
        #expect(version.definition == Self.first)
        #expect(version.description == "launch")
        #expect(version.revisionId == nil, "published from the revision the machine was created with, which has no id")
        let machine = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: Self.machineArn))
        #expect(machine.description == nil)
        #expect(try await create(publish: true, description: "launch") == created, "an identical create is idempotent")
    }

    @Test func aVersionDescriptionNeedsPublish() async throws {
        let error = await failure { _ = try await create(description: "no publish") }
        #expect(error?.code == .validation)
        #expect(error?.message == "Version description can only be set when publish is true")
    }

    @Test func anUpdateThatChangesNothingKeepsTheRevisionAndItsVersion() async throws {
        _ = try await create()
        let published = try await update(Self.first, publish: true)
        #expect(published.stateMachineVersionArn == Self.machineArn + ":1")
        #expect(published.revisionId == nil)
        let again = try await update(Self.first, publish: true)
        #expect(again.stateMachineVersionArn == Self.machineArn + ":1")
        let changed = try await update(Self.second, publish: true)
        #expect(changed.stateMachineVersionArn == Self.machineArn + ":2")
        #expect(changed.revisionId != nil)
    }

    @Test func publishingIsIdempotentAndChecksTheRevision() async throws {
        _ = try await create()
        #expect(try await publish(revision: "INITIAL").stateMachineVersionArn == Self.machineArn + ":1")
        #expect(try await publish().stateMachineVersionArn == Self.machineArn + ":1", "the current revision is already published")
        let revision = try #require(try await update(Self.second).revisionId)
        let error = await failure { _ = try await publish(revision: "INITIAL") }
        #expect(error?.code == .conflict)
        #expect(error?.httpStatus == 409)
        #expect(error?.message == "Failed to publish the State Machine version for revision INITIAL. The current State Machine revision is \(revision).")
        #expect(try await publish(revision: revision).stateMachineVersionArn == Self.machineArn + ":2")
    }

    @Test func aVersionRunsTheDefinitionItWasPublishedWith() async throws {
        _ = try await create(publish: true)
        _ = try await update(Self.second)
        #expect(try await output(of: Self.machineArn + ":1") == #""first""#)
        #expect(try await output(of: Self.machineArn) == #""second""#)
        let execution = try await h.start(Self.machineArn + ":1")
        let described = try await h.describe(execution)
        #expect(described.stateMachineArn == Self.machineArn)
        #expect(described.stateMachineVersionArn == Self.machineArn + ":1")
        #expect(described.stateMachineAliasArn == nil)
        let machine = try await h.engine.describeStateMachineForExecution(DescribeStateMachineForExecutionInput(executionArn: execution))
        #expect(machine.definition == Self.first)
        #expect(machine.stateMachineArn == Self.machineArn)
    }

    @Test func versionNumbersAreNeverReused() async throws {
        _ = try await create(publish: true)
        _ = try await update(Self.second, publish: true)
        _ = try await h.engine.deleteStateMachineVersion(DeleteStateMachineVersionInput(stateMachineVersionArn: Self.machineArn + ":2"))
        _ = try await update(Self.first.replacingOccurrences(of: "first", with: "third"), publish: true)
        let listed = try await h.engine.listStateMachineVersions(ListStateMachineVersionsInput(stateMachineArn: Self.machineArn))
        #expect(listed.stateMachineVersions.map(\.stateMachineVersionArn) == [Self.machineArn + ":3", Self.machineArn + ":1"])
        // Deleting what is already gone succeeds, as on AWS.
        _ = try await h.engine.deleteStateMachineVersion(DeleteStateMachineVersionInput(stateMachineVersionArn: Self.machineArn + ":2"))
    }

    @Test func qualifiedArnsThatNameNothingAreMachinesThatDoNotExist() async throws {
        _ = try await create(publish: true)
        for arn in [Self.machineArn + ":7", Self.machineArn + ":nope"] {
            let error = await failure { _ = try await h.start(arn) }
            #expect(error?.code == .stateMachineDoesNotExist)
            #expect(error?.message == "State Machine Does Not Exist: '\(arn)'")
        }
        let error = await failure {
            _ = try await h.engine.updateStateMachine(UpdateStateMachineInput(stateMachineArn: Self.machineArn + ":1", definition: Self.second))
        }
        #expect(error?.code == .stateMachineDoesNotExist, "a version cannot be updated")
    }

    // MARK: - Aliases

    @Test func anAliasRoutesToTheVersionsItNames() async throws {
        _ = try await create(publish: true)
        _ = try await update(Self.second, publish: true)
        let created = try await alias("live", [(1, 100)], description: "production")
        #expect(created.stateMachineAliasArn == Self.machineArn + ":live")
        let live = created.stateMachineAliasArn
        #expect(try await output(of: live) == #""first""#)
        let execution = try await h.start(live)
        let described = try await h.describe(execution)
        #expect(described.stateMachineVersionArn == Self.machineArn + ":1")
        #expect(described.stateMachineAliasArn == live)

        await h.advance(by: 10)
        let routing = [
            RoutingConfigurationListItem(stateMachineVersionArn: Self.machineArn + ":1", weight: 0),
            RoutingConfigurationListItem(stateMachineVersionArn: Self.machineArn + ":2", weight: 100),
        ]
        let updated = try await h.engine.updateStateMachineAlias(UpdateStateMachineAliasInput(stateMachineAliasArn: live, routingConfiguration: routing))
        #expect(updated.updateDate == Harness.start.addingTimeInterval(10))
        #expect(try await output(of: live) == #""second""#)
        let shown = try await h.engine.describeStateMachineAlias(DescribeStateMachineAliasInput(stateMachineAliasArn: live))
        #expect(shown.routingConfiguration == routing)
        #expect(shown.description == "production")
        #expect(shown.creationDate == Harness.start)
    }

    @Test func aSplitAliasRunsBothVersions() async throws {
        _ = try await create(publish: true)
        _ = try await update(Self.second, publish: true)
        let live = try await alias("canary", [(1, 50), (2, 50)]).stateMachineAliasArn
        var outputs: Set<String> = []
        for _ in 0..<100 { outputs.insert(try await output(of: live) ?? "") }
        #expect(outputs == [#""first""#, #""second""#])
        let byVersion = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: Self.machineArn + ":2", maxResults: 1000))
        let byAlias = try await h.engine.listExecutions(ListExecutionsInput(stateMachineArn: live, maxResults: 1000))
        #expect(byAlias.executions.count == 100)
        #expect(byAlias.executions.allSatisfy { $0.stateMachineAliasArn == live })
        #expect(!byVersion.executions.isEmpty && byVersion.executions.allSatisfy { $0.stateMachineVersionArn == Self.machineArn + ":2" })
    }

    @Test func aliasesAreCheckedAsAWSChecksThem() async throws {
        _ = try await create(publish: true)
        _ = try await update(Self.second, publish: true)
        let one = Self.machineArn + ":1"
        let cases: [(CreateStateMachineAliasInput, String)] = [
            (.init(name: "123", routingConfiguration: [.init(stateMachineVersionArn: one, weight: 100)]),
             #"1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"#),
            (.init(name: "a", routingConfiguration: [.init(stateMachineVersionArn: one, weight: 101)]),
             "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100"),
            (.init(name: "a", routingConfiguration: [.init(stateMachineVersionArn: one, weight: 70), .init(stateMachineVersionArn: Self.machineArn + ":2", weight: 29)]),
             "Sum of routing configuration weights must equal 100. Received: [70, 29]"),
            (.init(name: "a", routingConfiguration: [.init(stateMachineVersionArn: one, weight: 50), .init(stateMachineVersionArn: one, weight: 50)]),
             "Routing configuration must contain distinct state machine version ARNs. Received: [\(one), \(one)]"),
            (.init(name: "a", routingConfiguration: [.init(stateMachineVersionArn: Self.machineArn, weight: 100)]),
             "Routing configuration must contain state machine version ARNs. Received: [\(Self.machineArn)]"),
        ]
        for (input, message) in cases {
            let error = await failure { _ = try await h.engine.createStateMachineAlias(input) }
            #expect(error?.code == .validation)
            #expect(error?.message == message)
        }
        let tooMany = await failure {
            _ = try await h.engine.createStateMachineAlias(CreateStateMachineAliasInput(
                name: "a", routingConfiguration: (1...3).map { .init(stateMachineVersionArn: "\(Self.machineArn):\($0)", weight: 33) }))
        }
        #expect(tooMany?.message.hasSuffix("at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2") == true)
        let missing = await failure { _ = try await alias("ghost", [(9, 100)]) }
        #expect(missing?.code == .resourceNotFound)
    }

    @Test func creatingAnAliasAgainIsIdempotentOnlyWhenNothingDiffers() async throws {
        _ = try await create(publish: true)
        _ = try await update(Self.second, publish: true)
        let first = try await alias("live", [(1, 100)])
        await h.advance(by: 5)
        #expect(try await alias("live", [(1, 100)]) == first)
        let error = await failure { _ = try await alias("live", [(2, 100)]) }
        #expect(error?.code == .conflict)
        #expect(error?.message == "Failed to create alias because an alias with the same name and a different routing configuration already exists.")
    }

    @Test func aVersionAnAliasRoutesToCannotBeDeleted() async throws {
        _ = try await create(publish: true)
        _ = try await alias("live", [(1, 100)])
        let error = await failure {
            _ = try await h.engine.deleteStateMachineVersion(DeleteStateMachineVersionInput(stateMachineVersionArn: Self.machineArn + ":1"))
        }
        #expect(error?.code == .conflict)
        #expect(error?.message == "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]")
        let aliases = try await h.engine.listStateMachineAliases(ListStateMachineAliasesInput(stateMachineArn: Self.machineArn + ":1"))
        #expect(aliases.stateMachineAliases.map(\.stateMachineAliasArn) == [Self.machineArn + ":live"])
        _ = try await h.engine.deleteStateMachineAlias(DeleteStateMachineAliasInput(stateMachineAliasArn: Self.machineArn + ":live"))
        _ = try await h.engine.deleteStateMachineVersion(DeleteStateMachineVersionInput(stateMachineVersionArn: Self.machineArn + ":1"))
        let gone = await failure { _ = try await h.engine.describeStateMachineAlias(DescribeStateMachineAliasInput(stateMachineAliasArn: Self.machineArn + ":live")) }
        #expect(gone?.code == .resourceNotFound)
    }

    @Test func aliasesAreListedNewestFirst() async throws {
        _ = try await create(publish: true)
        for name in ["a", "b", "c"] {
            _ = try await alias(name, [(1, 100)])
            await h.advance(by: 1)
        }
        let listed = try await h.engine.listStateMachineAliases(ListStateMachineAliasesInput(stateMachineArn: Self.machineArn))
        #expect(listed.stateMachineAliases.map(\.stateMachineAliasArn) == ["c", "b", "a"].map { Self.machineArn + ":" + $0 })
    }

    @Test func deletingTheMachineDeletesItsVersionsAndAliases() async throws {
        _ = try await create(publish: true)
        _ = try await alias("live", [(1, 100)])
        _ = try await h.engine.deleteStateMachine(DeleteStateMachineInput(stateMachineArn: Self.machineArn))
        _ = try await create()
        #expect(try await h.engine.listStateMachineVersions(ListStateMachineVersionsInput(stateMachineArn: Self.machineArn)).stateMachineVersions.isEmpty)
        #expect(try await h.engine.listStateMachineAliases(ListStateMachineAliasesInput(stateMachineArn: Self.machineArn)).stateMachineAliases.isEmpty)
        #expect(try await publish().stateMachineVersionArn == Self.machineArn + ":1", "a new machine of the same name counts from 1")
    }
}
