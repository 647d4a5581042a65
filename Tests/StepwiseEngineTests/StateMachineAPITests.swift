import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import Testing

@Suite struct StateMachineAPITests {
    let h = Harness()
    static let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#
    static let other = #"{"StartAt":"B","States":{"B":{"Type":"Pass","Result":"other","End":true}}}"#

    func create(_ name: String, _ definition: String = definition, role: String = Harness.role, type: StateMachineType? = nil) async throws -> CreateStateMachineOutput {
        try await h.engine.createStateMachine(CreateStateMachineInput(name: name, definition: definition, roleArn: role, type: type))
    }

    @Test func createThenDescribe() async throws {
        let created = try await create("orders", type: .express)
        #expect(created.stateMachineArn == "arn:aws:states:us-east-1:123456789012:stateMachine:orders")
        #expect(created.creationDate == Harness.start)
        let described = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: created.stateMachineArn))
        #expect(described.name == "orders")
        #expect(described.definition == Self.definition)
        #expect(described.roleArn == Harness.role)
        #expect(described.type == .express)
        #expect(described.status == .active)
        // AWS gives the revision a machine is created with no id.
        #expect(described.revisionId == nil)
    }

    @Test func anIdenticalCreateIsIdempotent() async throws {
        let first = try await create("same")
        await h.advance(by: 100)
        let second = try await create("same")
        #expect(second == first)
    }

    @Test func aCreateDifferingOnlyInRoleOrTagsIsIdempotentAndChangesNothing() async throws {
        let first = try await create("same")
        let again = try await h.engine.createStateMachine(CreateStateMachineInput(
            name: "same", definition: Self.definition, roleArn: "arn:aws:iam::123456789012:role/other", tags: [Tag(key: "k", value: "v")]))
        #expect(again == first)
        let described = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: first.stateMachineArn))
        #expect(described.roleArn == Harness.role)
        #expect(try await h.engine.listTagsForResource(ListTagsForResourceInput(resourceArn: first.stateMachineArn)).tags.isEmpty)
    }

    @Test func aDifferentCreateWithTheSameNameFails() async throws {
        _ = try await create("taken")
        var traced = CreateStateMachineInput(name: "taken", definition: Self.definition, roleArn: Harness.role)
        traced.tracingConfiguration = TracingConfiguration(enabled: true)
        var logged = CreateStateMachineInput(name: "taken", definition: Self.definition, roleArn: Harness.role)
        logged.loggingConfiguration = LoggingConfiguration(level: "ALL")
        for attempt in [
            { _ = try await create("taken", Self.other) },
            { _ = try await create("taken", type: .express) },
            { [traced] in _ = try await h.engine.createStateMachine(traced) },
            { [logged] in _ = try await h.engine.createStateMachine(logged) },
        ] as [() async throws -> Void] {
            let error = try await #require(throws: StepFunctionsError.self) { try await attempt() }
            #expect(error.code == .stateMachineAlreadyExists)
            #expect(error.message == "State Machine Already Exists: 'arn:aws:states:us-east-1:123456789012:stateMachine:taken'")
        }
    }

    @Test(arguments: [
        ("{not json", "INVALID_JSON_DESCRIPTION"),
        (#"{"States":{"A":{"Type":"Pass","End":true}}}"#, "StartAt"),
        (#"{"StartAt":"A","States":{"A":{"Type":"Teleport","End":true}}}"#, "Teleport"),
        (#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Colour":"red"}}}"#, "Colour"),
        (#"{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$$$","End":true}}}"#, "InputPath"),
    ])
    func anInvalidDefinitionIsRefusedWithAMessageSayingWhy(definition: String, mentioned: String) async throws {
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await create("bad", definition) }
        #expect(error.code == .invalidDefinition)
        #expect(error.message.hasPrefix("Invalid State Machine Definition: '"))
        #expect(error.message.contains(mentioned))
    }

    @Test(arguments: [
        (#"{"StartAt":"Nowhere","States":{"A":{"Type":"Pass","End":true}}}"#, "Nowhere"),
        (#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Lost"}}}"#, "Lost"),
        (#"{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"Gone"}],"Default":"A"}}}"#, "Gone"),
        (#"{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"A"}],"Default":"Away"}}}"#, "Away"),
        (#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Missing"}],"End":true}}}"#, "Missing"),
        (#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"In","States":{"X":{"Type":"Pass","End":true}}}]}}}"#, "In"),
    ])
    func aTransitionToAStateThatDoesNotExistIsAnInvalidDefinition(definition: String, missing: String) async throws {
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await create("dangling", definition) }
        #expect(error.code == .invalidDefinition)
        #expect(error.message.contains("\"\(missing)\""))
    }

    @Test(arguments: ["", "has space", "slash/name", "colon:name", String(repeating: "n", count: 81)])
    func anInvalidNameIsRefused(_ name: String) async throws {
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await create(name) }
        #expect(error.code == .invalidName)
        #expect(error.message.hasPrefix("Invalid Name: '\(name)'"))
    }

    @Test func anEmptyRoleIsRefused() async throws {
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await create("m", role: "") }
        #expect(error.code == .validation)
    }

    @Test(arguments: [
        ("not-an-arn", "Invalid Arn: 'not-an-arn'"),
        ("arn:aws:states:us-east-1:123456789012:activity:a", "Invalid Arn: 'Resource type not valid in this context: activity'"),
        ("arn:aws:states:us-east-1:123456789012:stateMachine:", "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:'"),
    ])
    func aMalformedArnIsAnInvalidArn(arn: String, message: String) async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        }
        #expect(error.code == .invalidArn)
        #expect(error.message == message)
    }

    @Test func describingAMissingMachineFails() async throws {
        let arn = "arn:aws:states:us-east-1:123456789012:stateMachine:ghost"
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        }
        #expect(error.code == .stateMachineDoesNotExist)
        #expect(error.message == "State Machine Does Not Exist: '\(arn)'")
    }

    @Test func updateChangesTheDefinitionForNewExecutions() async throws {
        let arn = try await create("evolving").stateMachineArn
        await h.advance(by: 5)
        let before = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        let updated = try await h.engine.updateStateMachine(UpdateStateMachineInput(stateMachineArn: arn, definition: Self.other))
        #expect(updated.updateDate == Harness.start.addingTimeInterval(5))
        #expect(updated.revisionId != before.revisionId)
        let after = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        #expect(after.definition == Self.other)
        #expect(after.creationDate == Harness.start)
        #expect(try json(try await h.finish(try await h.start(arn)).output) == "other")
    }

    @Test func aRunningExecutionKeepsTheDefinitionItStartedWith() async throws {
        let waiting = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"Old"},"Old":{"Type":"Pass","Result":"old","End":true}}}"#
        let arn = try await create("versioned", waiting).stateMachineArn
        let execution = try await h.start(arn)
        _ = try await h.engine.updateStateMachine(UpdateStateMachineInput(stateMachineArn: arn, definition: Self.other))
        #expect(try json(try await h.finish(execution).output) == "old")
        let forExecution = try await h.engine.describeStateMachineForExecution(DescribeStateMachineForExecutionInput(executionArn: execution))
        #expect(forExecution.definition == waiting)
    }

    @Test func updateNeedsSomethingToChange() async throws {
        let arn = try await create("idle").stateMachineArn
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.updateStateMachine(UpdateStateMachineInput(stateMachineArn: arn))
        }
        #expect(error.code == .missingRequiredParameter)
    }

    @Test func anInvalidUpdateLeavesTheMachineAsItWas() async throws {
        let arn = try await create("stable").stateMachineArn
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.updateStateMachine(UpdateStateMachineInput(stateMachineArn: arn, definition: "{}"))
        }
        #expect(error.code == .invalidDefinition)
        #expect(try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn)).definition == Self.definition)
    }

    @Test func deleteRemovesTheMachineAndIsIdempotent() async throws {
        let arn = try await create("doomed").stateMachineArn
        _ = try await h.engine.deleteStateMachine(DeleteStateMachineInput(stateMachineArn: arn))
        _ = try await h.engine.deleteStateMachine(DeleteStateMachineInput(stateMachineArn: arn))
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        }
        #expect(error.code == .stateMachineDoesNotExist)
        #expect(try await h.engine.listStateMachines(ListStateMachinesInput()).stateMachines.isEmpty)
        // The name is free again.
        _ = try await create("doomed", Self.other)
    }

    @Test func aDeletedMachinesRunningExecutionFinishes() async throws {
        let arn = try await create("leaving", #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}}"#).stateMachineArn
        let execution = try await h.start(arn)
        _ = try await h.engine.deleteStateMachine(DeleteStateMachineInput(stateMachineArn: arn))
        #expect(try await h.finish(execution).status == .succeeded)
        let error = try await #require(throws: StepFunctionsError.self) { _ = try await h.start(arn) }
        #expect(error.code == .stateMachineDoesNotExist)
    }

    @Test func listPagesInCreationOrder() async throws {
        for name in ["a", "b", "c", "d", "e"] {
            _ = try await create(name)
            await h.advance(by: 1)
        }
        let first = try await h.engine.listStateMachines(ListStateMachinesInput(maxResults: 2))
        #expect(first.stateMachines.map(\.name) == ["a", "b"])
        let second = try await h.engine.listStateMachines(ListStateMachinesInput(maxResults: 2, nextToken: first.nextToken))
        #expect(second.stateMachines.map(\.name) == ["c", "d"])
        let third = try await h.engine.listStateMachines(ListStateMachinesInput(maxResults: 2, nextToken: second.nextToken))
        #expect(third.stateMachines.map(\.name) == ["e"])
        #expect(third.nextToken == nil)
        #expect(third.stateMachines.first?.type == .standard)
    }

    @Test func aBadNextTokenIsRefused() async throws {
        let error = try await #require(throws: StepFunctionsError.self) {
            _ = try await h.engine.listStateMachines(ListStateMachinesInput(nextToken: "garbage"))
        }
        #expect(error.code == .invalidToken)
    }

    @Test func validateReportsProblemsWithoutCreating() async throws {
        let good = try await h.engine.validateStateMachineDefinition(ValidateStateMachineDefinitionInput(definition: Self.definition))
        #expect(good.result == "OK")
        #expect(good.diagnostics.isEmpty)
        let bad = try await h.engine.validateStateMachineDefinition(ValidateStateMachineDefinitionInput(definition: #"{"StartAt":"A"}"#))
        #expect(bad.result == "FAIL")
        #expect(!bad.diagnostics.isEmpty)
        #expect(try await h.engine.listStateMachines(ListStateMachinesInput()).stateMachines.isEmpty)
    }
}
