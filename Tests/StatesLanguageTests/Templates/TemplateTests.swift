import OrderedCollections
import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct TemplateTests {
    @Test(arguments: [
        ("${Fn}", ["Fn"]), ("arn:${AWS::Partition}:lambda:${AWS::Region}:x", ["AWS::Partition", "AWS::Region"]),
        ("${ var.arn }", ["var.arn"]), ("a ${A}${B} b", ["A", "B"]),
        // The tools' escapes, empty braces, and what never closes are no placeholders.
        ("${!Literal}", []), ("$${escaped}", []), ("States.Format('{}', $.x)", []), ("${}", []), ("${open", []),
        ("${a\nb}", []), ("${\"q\"}", []), ("$$.Execution.Id", []), ("{% $x %}", []), ("${${inner}}", ["inner"]),
    ])
    func placeholdersAreRead(text: String, names: [String]) {
        #expect(TemplatePlaceholders.scan(text).map(\.name) == names)
    }

    @Test func wholePlaceholders() {
        #expect(TemplatePlaceholders.whole("${Timeout}") == "Timeout")
        #expect(TemplatePlaceholders.whole(" ${Timeout}") == nil)
        #expect(TemplatePlaceholders.whole("${A}${B}") == nil)
    }

    @Test func namesAreListedOnceInDocumentOrder() {
        let document: JSONValue = ["b": "${Second}", "a": ["${First} ${Second}", ["${Key}": "${Third}"]]]
        let (names, first) = TemplatePlaceholders.names(in: document)
        #expect(names == ["Second", "First", "Key", "Third"])
        #expect(first == "/b")
        #expect(TemplatePlaceholders.names(in: ["x": 1]).firstPointer == nil)
    }

    @Test func substitutionIsTextualAndTypedWhereAFieldTakesANumberOrABoolean() {
        let substitutions = DefinitionSubstitutions(["Timeout": "30", "Fn": "fn", "Flag": "true", "Word": "soon"])
        let document: JSONValue = [
            "TimeoutSeconds": "${Timeout}", "Resource": "arn:aws:lambda:::function:${Fn}", "End": "${Flag}",
            "Seconds": "${Word}", "Comment": "${Timeout}", "${Fn}Key": "${Missing}",
            "Parameters": ["Seconds": "${Timeout}", "n.$": "$.n"], "Retry": [["MaxAttempts": "${Timeout}"]],
        ]
        #expect(substitutions.apply(to: document) == [
            "TimeoutSeconds": 30, "Resource": "arn:aws:lambda:::function:fn", "End": true,
            "Seconds": "soon", "Comment": "30", "fnKey": "${Missing}",
            "Parameters": ["Seconds": "30", "n.$": "$.n"], "Retry": [["MaxAttempts": 30]],
        ])
    }

    @Test func assignmentsAndMerging() throws {
        var substitutions = DefinitionSubstitutions()
        try substitutions.add(assignment: "A=x=y")
        try substitutions.add(assignment: "B=")
        #expect(substitutions.values == ["A": "x=y", "B": ""])
        #expect(throws: SubstitutionError.self) { try substitutions.add(assignment: "=v") }
        let merged = DefinitionSubstitutions(["A": "old", "C": "c"]).merging(substitutions)
        #expect(merged.values == ["A": "x=y", "C": "c", "B": ""])
    }

    @Test func aPlainMapOfValues() throws {
        let json = try DefinitionSubstitutions.read(#"{"Timeout": 30, "Fn": "arn:fn", "On": true}"#)
        #expect(json.values == ["Timeout": "30", "Fn": "arn:fn", "On": "true"])
        let yaml = try DefinitionSubstitutions.read("Timeout: 30\nFn: arn:fn\n")
        #expect(yaml.values == ["Timeout": "30", "Fn": "arn:fn"])
        #expect(throws: SubstitutionError.self) { try DefinitionSubstitutions.read("[1, 2]") }
        #expect(throws: SubstitutionError.self) { try DefinitionSubstitutions.read("A: 1", resource: "Machine") }
    }

    static let samTemplate = """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Stage: {Type: String, Default: dev}
          Table: {Type: String}
        Resources:
          Process:
            Type: AWS::Serverless::Function
          Orders:
            Type: AWS::Serverless::StateMachine
            Properties:
              DefinitionUri: statemachine/orders.asl.json
              DefinitionSubstitutions:
                ProcessArn: !GetAtt Process.Arn
                StageName: !Ref Stage
                TableName: !Ref Table
                Region: !Ref AWS::Region
                Bucket: !Sub "orders-${Stage}"
                Limit: 5
          Audit:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              DefinitionSubstitutions: {Queue: audit-queue}
        """

    @Test func aSAMTemplatesStateMachine() throws {
        let orders = try DefinitionSubstitutions.read(Self.samTemplate, resource: "Orders")
        #expect(orders.values == ["StageName": "dev", "Region": "us-east-1", "Limit": "5"])
        #expect(orders.deferred == ["ProcessArn": "Fn::GetAtt", "TableName": "Ref Table", "Bucket": "Fn::Sub"])
        #expect(try DefinitionSubstitutions.read(Self.samTemplate, resource: "Audit").values == ["Queue": "audit-queue"])
        #expect(throws: SubstitutionError("the template has several state machines (Orders, Audit); pick one by name")) {
            try DefinitionSubstitutions.read(Self.samTemplate)
        }
        #expect(throws: SubstitutionError("the template has no state machine Process; its state machines: Orders, Audit")) {
            try DefinitionSubstitutions.read(Self.samTemplate, resource: "Process")
        }
        let json = #"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionSubstitutions": {"Fn": {"Fn::GetAtt": ["F", "Arn"]}, "N": 1}}}}}"#
        let only = try DefinitionSubstitutions.read(json)
        #expect(only.values == ["N": "1"] && only.deferred == ["Fn": "Fn::GetAtt"])
    }

    @Test func aGivenValueReplacesADeferredOne() throws {
        var orders = try DefinitionSubstitutions.read(Self.samTemplate, resource: "Orders")
        try orders.add(assignment: "ProcessArn=arn:aws:lambda:us-east-1:123456789012:function:process")
        #expect(orders.deferred["ProcessArn"] == nil)
        #expect(orders.values["ProcessArn"] == "arn:aws:lambda:us-east-1:123456789012:function:process")
    }

    @Test func templatesReadAsTemplatesOrAsText() throws {
        let text = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${Fn}", "HeartbeatSeconds": 60, "TimeoutSeconds": "${T}", "End": true}}}"#
        #expect(throws: DefinitionError.self) { try DefinitionLoader.load(text, format: .json) }
        let warned = try DefinitionLoader.load(text, format: .json, options: LoadOptions(placeholders: .warn))
        #expect(warned.warnings.map(\.code) == ["UNFILLED_PLACEHOLDER"])
        #expect(warned.warnings.first?.location == SourceLocation(line: 1, column: 63))
        #expect(throws: DefinitionError.self) { try DefinitionLoader.load(text, format: .json, options: LoadOptions(placeholders: .require)) }
        let filled = try DefinitionLoader.load(text, format: .json, options: LoadOptions(
            substitutions: DefinitionSubstitutions(["Fn": "arn:aws:lambda:us-east-1:123456789012:function:f", "T": "300"]), placeholders: .require))
        #expect(filled.warnings.isEmpty && filled.machine.states["T"]?.timeoutSeconds == .value(300))
        // A placeholder stands in for a value, not for the checks of the values around it: a
        // heartbeat longer than a literal timeout is still an error.
        do {
            _ = try DefinitionLoader.load(text.replacingOccurrences(of: "\"${T}\"", with: "30"), format: .json, options: LoadOptions(placeholders: .warn))
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.map(\.code) == ["UNFILLED_PLACEHOLDER", "OUT_OF_RANGE"])
        }
    }

    @Test func warningsCanCountAsErrors() throws {
        let text = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.QuorumMet"]}], "End": true}}}"#
        #expect(try DefinitionLoader.load(text, format: .json).warnings.map(\.code) == ["UNKNOWN_ERROR_NAME"])
        do {
            _ = try DefinitionLoader.load(text, format: .json, options: LoadOptions(warningsAreErrors: true))
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.map(\.severity) == [.error])
        }
    }

    @Test func sugaredDefinitionsAreTemplatesToo() throws {
        let text = #"{:start-at :t :states {:t {:type :task :resource "${Fn}" :timeout-seconds "${T}" :end true}}}"#
        let loaded = try DefinitionLoader.load(text, format: .edn, file: "t.edn", options: LoadOptions(placeholders: .warn))
        #expect(loaded.warnings.map(\.description) == [#"t.edn:1:50: warning: UNFILLED_PLACEHOLDER at /States/t/Resource: ${Fn} and ${T} are template placeholders with no value here; a deploy tool fills them in"#])
    }
}
