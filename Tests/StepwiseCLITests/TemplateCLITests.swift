import Foundation
import StepwiseJSON
import TestSupport
import Testing

/// `${Name}` templates on the command line: validate accepts them with a warning, --strict
/// refuses them, and --substitute / --substitutions fill them in for validate, render and run.
@Suite struct TemplateCLITests {
    let cli = CLITests()

    static let template = #"""
        {"StartAt": "Work", "States": {
          "Work": {"Type": "Task", "Resource": "${FnArn}", "TimeoutSeconds": "${Timeout}", "Next": "Pause"},
          "Pause": {"Type": "Wait", "Seconds": "${Delay}", "End": true}}}
        """#

    @Test func validateWarnsAboutUnfilledPlaceholdersAndExitsZero() async throws {
        let file = try cli.temporaryFile("template.asl.json", Self.template)
        let run = try await cli.stepwise("validate", file)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("template.asl.json:2:40: warning: UNFILLED_PLACEHOLDER at /States/Work/Resource: ${FnArn}, ${Timeout} and ${Delay}") == true)
    }

    @Test func strictMakesWarningsErrors() async throws {
        let file = try cli.temporaryFile("template.asl.json", Self.template)
        let run = try await cli.stepwise("validate", "--strict", file)
        #expect(run.status == 1)
        #expect(run.stdout.contains(": UNFILLED_PLACEHOLDER at /States/Work/Resource") && !run.stdout.contains("warning:"))
    }

    @Test func substitutionsFromATemplateAndTheCommandLine() async throws {
        let file = try cli.temporaryFile("statemachine.asl.json", Self.template)
        let sam = try cli.temporaryFile("template.yaml", """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Delay: {Type: Number, Default: 3}
            Resources:
              Fn:
                Type: AWS::Serverless::Function
              Machine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: statemachine.asl.json
                  DefinitionSubstitutions:
                    FnArn: !GetAtt Fn.Arn
                    Timeout: 30
                    Delay: !Ref Delay
            """)
        let deferred = try await cli.stepwise("validate", "--substitutions", sam, file)
        #expect(deferred.status == 0)
        #expect(deferred.stdout.contains("warning: UNFILLED_PLACEHOLDER at /States/Work/Resource: ${FnArn} (Fn::GetAtt, which a deploy resolves) is a template placeholder"))

        let arn = "arn:aws:lambda:us-east-1:123456789012:function:fn"
        let clean = try await cli.stepwise("validate", "--substitutions", sam, "--resource", "Machine", "--substitute", "FnArn=\(arn)", file)
        #expect(clean.status == 0 && clean.stdout.isEmpty, "\(clean.stdout)")

        let render = try await cli.stepwise("render", file, "--substitutions", sam, "--substitute", "FnArn=\(arn)")
        #expect(render.status == 0 && render.stderr.isEmpty, "\(render.stderr)")
        let rendered = try JSONParser.parse(render.stdout)
        #expect(rendered["States"]?["Work"]?["Resource"] == .string(arn))
        #expect(rendered["States"]?["Work"]?["TimeoutSeconds"] == 30)
        #expect(rendered["States"]?["Pause"]?["Seconds"] == 3)
    }

    @Test func renderKeepsUnfilledPlaceholdersAndWarnsOnStandardError() async throws {
        let file = try cli.temporaryFile("template.asl.json", Self.template)
        let render = try await cli.stepwise("render", file, "--to", "yaml")
        #expect(render.status == 0)
        #expect(render.stdout.contains("${FnArn}"))
        #expect(render.stderr.contains("warning: UNFILLED_PLACEHOLDER"))
    }

    @Test func runNeedsEveryPlaceholderFilledIn() async throws {
        let file = try cli.temporaryFile("wait.json", #"""
            {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": "${Delay}", "Next": "Done"},
             "Done": {"Type": "Pass", "Result": "${Greeting}", "End": true}}}
            """#)
        let refused = try await cli.stepwise("run", file, "--json")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("UNFILLED_PLACEHOLDER at /States/Pause/Seconds: ${Delay} and ${Greeting} are not filled in"))
        let values = try cli.temporaryFile("values.json", #"{"Delay": 0, "Greeting": "hello"}"#)
        let run = try await cli.stepwise("run", file, "--substitutions", values, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let last = try JSONParser.parse(String(run.stdout.split(separator: "\n").last ?? ""))
        #expect(last["output"] == "hello")
    }

    @Test func badSubstitutionsAreUsageErrors() async throws {
        let file = try cli.temporaryFile("template.asl.json", Self.template)
        let malformed = try await cli.stepwise("validate", "--substitute", "NoEquals", file)
        #expect(malformed.status != 0 && malformed.stderr.contains("\"NoEquals\" is not NAME=VALUE"))
        let sam = try cli.temporaryFile("template.yaml", "Resources:\n  A: {Type: AWS::Serverless::StateMachine}\n  B: {Type: AWS::StepFunctions::StateMachine}\n")
        let ambiguous = try await cli.stepwise("validate", "--substitutions", sam, file)
        #expect(ambiguous.status != 0 && ambiguous.stderr.contains("several state machines (A, B)"))
    }

    /// The source map once held a JSON pointer per value: a long key copied into every pointer
    /// below it took more than 6 GB. Now memory follows the file: both fit in 1 GB of address space.
    @Test func validateStaysWithinMemoryProportionalToTheFile() async throws {
        let longKey = String(repeating: "k", count: 100_000)
        var values = JSONObject()
        for i in 0..<25_000 { values["v\(i)"] = [.number(i), ["x": "y"]] }
        let json = JSONSerializer.string(["StartAt": "P", "States": ["P": ["Type": "Pass", "Result": .object([longKey: .object(values)]), "End": true]]])
        let yamlKey = String(repeating: "y", count: 20_000)
        let yaml = (["StartAt: P", "States:", "  P:", "    Type: Pass", "    Result:", "      base: &r", "        ? \(yamlKey)", "        : [1, 2, 3]", "      copies:"]
            + Array(repeating: "        - [*r, *r, *r, *r]", count: 1000) + ["    End: true"]).joined(separator: "\n")
        let files = [try cli.temporaryFile("long-key.json", json), try cli.temporaryFile("long-key.yaml", yaml)]
        #expect(json.utf8.count > 500_000 && yaml.utf8.count < 100_000)
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build the package first (swift build)")
        let run = try await ChildRun.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", #"ulimit -v 1000000 && exec "$0" validate "$@""#, CLITests.binary.path] + files)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
