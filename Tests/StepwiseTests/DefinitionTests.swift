import Foundation
import StepFunctions
import StepwiseEngine
import Testing
@testable import Stepwise

@Suite struct LibraryDefinitionTests {
    @Test func ensureStateMachineCreatesKeywordActivitiesAndUpdatesOnSecondCall() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine))
        let arn = try await stepwise.ensureStateMachine("adder", definition: .edn(adderEDN))
        let activities = try await engine.listActivities(ListActivitiesInput())
        #expect(activities.activities.map(\.name) == ["activity__add"])
        let described = try await engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        #expect(described.definition.contains(activities.activities[0].activityArn))

        let again = try await stepwise.ensureStateMachine("adder", definition: .json("""
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
            """))
        #expect(again == arn)
        let updated = try await engine.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        #expect(updated.definition.contains("\"Pass\""))
    }

    @Test func ensureStateMachinePublishesAndMovesAnAlias() async throws {
        let engine = Engine()
        let stepwise = Stepwise(backend: .local(engine))
        let v1 = try await stepwise.ensureStateMachine("greeter", definition: .edn("{:start-at :p :states {:p {:type :pass :result \"v1\" :end true}}}"), publish: true, alias: "live")
        #expect(v1.versionArn == v1.stateMachineArn + ":1")
        #expect(v1.aliasArn == v1.stateMachineArn + ":live")
        let unchanged = try await stepwise.ensureStateMachine("greeter", definition: .edn("{:start-at :p :states {:p {:type :pass :result \"v1\" :end true}}}"), publish: true, alias: "live")
        #expect(unchanged == v1, "nothing changed, so nothing new is published")
        let v2 = try await stepwise.ensureStateMachine("greeter", definition: .edn("{:start-at :p :states {:p {:type :pass :result \"v2\" :end true}}}"), publish: true, alias: "live")
        #expect(v2.versionArn == v1.stateMachineArn + ":2")
        let alias = try await engine.describeStateMachineAlias(DescribeStateMachineAliasInput(stateMachineAliasArn: try #require(v2.aliasArn)))
        #expect(alias.routingConfiguration == [RoutingConfigurationListItem(stateMachineVersionArn: try #require(v2.versionArn), weight: 100)])
        #expect(try await stepwise.startExecution(try #require(v2.aliasArn), wait: true).output == "v2")
        await #expect(throws: StepwiseError.self) {
            _ = try await stepwise.ensureStateMachine("greeter", definition: .json(#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#), publish: false, alias: "live")
        }
    }

    @Test func definitionsComeFromEveryForm() throws {
        let yaml = try Definition.yaml("""
            StartAt: P
            States:
              P:
                Type: Pass
                End: true
            """)
        let json = try Definition.json(#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#)
        let model = try Definition.model(json.loaded.machine)
        #expect(yaml.loaded.machine == json.loaded.machine)
        #expect(model.loaded.machine == json.loaded.machine)
    }

    @Test func aBadDefinitionIsRejectedWithLocatedDiagnostics() {
        do {
            _ = try Definition.edn("""
                {:start-at :a
                 :states {:a {:type :pass :next :missing}}}
                """)
            Issue.record("expected diagnostics")
        } catch {
            let diagnostic = error.diagnostics.first
            #expect(diagnostic?.code == "MISSING_TRANSITION_TARGET")
            #expect(diagnostic?.location?.line == 2)
        }
    }

    @Test func aFailedExecutionIsAResultNotAnError() async throws {
        let stepwise = Stepwise()
        try await stepwise.ensureStateMachine("fails", definition: .edn("""
            {:start-at :no :states {:no {:type :fail :error "my/error" :cause "because"}}}
            """))
        let result = try await stepwise.startExecution("fails", wait: true)
        #expect(result.status == .failed)
        #expect(result.error == "my/error")
        #expect(result.cause == "because")
        #expect(throws: StepwiseError.self) { _ = try result.output(as: Int.self) }
    }

    @Test func unknownMachinesAreNamedInTheError() async throws {
        await #expect(throws: StepwiseError.self) { _ = try await Stepwise().startExecution("nope") }
    }
}
