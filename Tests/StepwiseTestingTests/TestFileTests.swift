import Foundation
import StatesLanguage
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import StepwiseTesting
import Testing

/// Writes files into a fresh temporary folder.
struct Scratch {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-testing-\(UUID().uuidString)")

    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// The test file format: the same file in JSON, YAML and EDN, every problem with its pointer
/// and line, and the model written back.
@Suite struct TestFileTests {
    static let json = #"""
        {"definition": "orders.asl.json", "mock-config": "mocks.json", "state-machine-name": "Orders",
         "substitutions": {"Table": "orders", "Retries": 3},
         "cases": [
           {"name": "happy", "input": {"id": 7}, "test-case": "HappyPath",
            "expect": {"status": "SUCCEEDED", "output-includes": {"charged": true}, "visited": ["Charge"], "not-visited": ["Refund"]}},
           {"name": "declined",
            "mocks": {"Charge": [{"Throw": {"Error": "Card.Declined", "Cause": "no funds"}}],
                      "Notify": {"0-1": {"Return": {"ok": true}}}},
            "expect": {"status": "FAILED", "error": "Declined", "cause": {"contains": "funds"}, "output": null}}]}
        """#

    static let yaml = """
        definition: orders.asl.json
        mock-config: mocks.json
        state-machine-name: Orders
        substitutions: {Table: orders, Retries: 3}
        cases:
          - name: happy
            input: {id: 7}
            test-case: HappyPath
            expect:
              status: SUCCEEDED
              output-includes: {charged: true}
              visited: [Charge]
              not-visited: [Refund]
          - name: declined
            mocks:
              Charge: [{Throw: {Error: Card.Declined, Cause: no funds}}]
              Notify: {0-1: {Return: {ok: true}}}
            expect: {status: FAILED, error: Declined, cause: {contains: funds}, output: null}
        """

    static let edn = """
        {:definition "orders.asl.json" :mock-config "mocks.json" :state-machine-name "Orders"
         :substitutions {:Table "orders" :Retries 3}
         :cases [{:name "happy" :input {:id 7} :test-case "HappyPath"
                  :expect {:status :succeeded :output-includes {:charged true} :visited [:Charge] :not-visited [:Refund]}}
                 {:name "declined"
                  :mocks {:Charge [{:Throw {:Error "Card.Declined" :Cause "no funds"}}]
                          :Notify {"0-1" {:Return {:ok true}}}}
                  :expect {:status :failed :error "Declined" :cause {:contains "funds"} :output nil}}]}
        """

    @Test func theThreeFormsReadAlike() throws {
        let fromJSON = try TestFile.read(Self.json, format: .json, path: "orders.test.json")
        #expect(try TestFile.read(Self.yaml, format: .yaml, path: "orders.test.yaml") == fromJSON)
        #expect(try TestFile.read(Self.edn, format: .edn, path: "orders.test.edn") == fromJSON)

        #expect(fromJSON.machineName == "Orders")
        #expect(fromJSON.substitutions == .values(["Table": "orders", "Retries": "3"]))
        let happy = fromJSON.cases[0]
        #expect(happy.input == ["id": 7])
        #expect(happy.testCase == "HappyPath")
        #expect(happy.expect == Expectations(status: .succeeded, outputIncludes: ["charged": true], visited: ["Charge"], notVisited: ["Refund"]))
        let declined = fromJSON.cases[1]
        #expect(declined.input == [:])
        #expect(declined.mocks["Charge"] == .init([.throw(error: "Card.Declined", cause: "no funds")]))
        #expect(declined.mocks["Notify"] == .init(answers: [(0...1, .return(["ok": true]))]))
        #expect(declined.expect.output == .null)
        #expect(declined.expect.error == .equals("Declined"))
        #expect(declined.expect.cause == .contains("funds"))
    }

    @Test func theMachineIsNamedAfterTheDefinitionUnlessTold() throws {
        let file = try TestFile.read(
            #"{"definition": "flows/orders.asl.json", "cases": [{"name": "a", "expect": {"status": "SUCCEEDED"}}]}"#, format: .json, path: "t.test.json")
        #expect(file.machineName == "orders.asl")
        #expect(file.cases[0].input == [:])
    }

    @Test func aFileWrittenBackReadsTheSame() throws {
        let file = try TestFile.read(Self.json, format: .json, path: "orders.test.json")
        let text = JSONSerializer.string(file.json, pretty: true)
        #expect(try TestFile.read(text, format: .json, path: "again.test.json") == file)
        let yaml = YAMLDefinition.render(file.json)
        #expect(try TestFile.read(yaml, format: .yaml, path: "again.test.yaml") == file)
        // Answers for invocations 0, 1, 2 … are written as a list; ranges as the mock file writes them.
        #expect(file.json["cases"]?.arrayValue?[1]["mocks"]?["Charge"] == [["Throw": ["Error": "Card.Declined", "Cause": "no funds"]]])
        #expect(file.json["cases"]?.arrayValue?[1]["mocks"]?["Notify"] == ["0-1": ["Return": ["ok": true]]])
    }

    func problems(_ text: String, format: DefinitionFormat = .json) -> [String] {
        do {
            _ = try TestFile.read(text, format: format, path: "t.test.\(format.rawValue)")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test(arguments: [
        (#"{"cases": [{"name": "a", "expect": {"status": "SUCCEEDED"}}]}"#, "t.test.json:1:1: /definition: missing"),
        (#"{"definition": "d.json"}"#, "t.test.json:1:1: /cases: missing: a test file has a list of cases"),
        (#"{"definition": "d.json", "cases": []}"#, "t.test.json:1:35: /cases: must be a non-empty list of cases"),
        (#"{"definition": "d.json", "cases": [{"name": "a"}]}"#, "t.test.json:1:36: /cases/0/expect: missing: a case says what it expects"),
        (
            #"{"definition": "d.json", "cases": [{"name": "a", "expect": {}}]}"#,
            "t.test.json:1:60: /cases/0/expect: expects nothing; give at least one of status"
        ),
        (
            #"{"definition": "d.json", "cases": [{"name": "a", "expect": {"statis": "FAILED"}}]}"#,
            "/cases/0/expect/statis: unknown key 'statis'; expect has status, output"
        ),
        (#"{"definition": "d.json", "cases": [{"name": "a", "expect": {"status": "DONE"}}]}"#, "/cases/0/expect/status: 'DONE' is not how an execution ends"),
        (
            #"{"definition": "d.json", "cases": [{"name": "a", "expect": {"error": 3}}]}"#,
            "/cases/0/expect/error: must be the exact text, or {contains: TEXT}, not 3"
        ),
        (
            #"{"definition": "d.json", "cases": [{"name": "a", "expect": {"visited": "S"}}]}"#,
            "/cases/0/expect/visited: must be a list of state names, not string"
        ),
        (#"{"definition": "d.json", "cases": [{"name": "a", "expect": {"output-includes": [1]}}]}"#, "/cases/0/expect/output-includes: must be a map"),
        (
            #"{"definition": "d.json", "case": [], "cases": [{"name": "a", "expect": {"status": "FAILED"}}]}"#,
            "t.test.json:1:34: /case: unknown key 'case'; a test file has definition"
        ),
        (
            #"{"definition": "d.json", "substitutions": {"A": [1]}, "cases": [{"name": "a", "expect": {"status": "FAILED"}}]}"#,
            "/substitutions/A: a placeholder's value is a string, number or boolean, not array"
        ),
        (
            #"{"definition": "d.json", "cases": [{"name": "a", "expect": {"status": "FAILED"}}, {"name": "a", "expect": {"status": "FAILED"}}]}"#,
            "/cases/1/name: another case is named 'a'"
        ),
        (
            #"{"definition": "d.json", "cases": [{"name": "a", "mocks": {"S": [{"Retrun": 1}]}, "expect": {"status": "FAILED"}}]}"#,
            "/cases/0/mocks/S/0: has neither Return nor Throw"
        ),
        (
            #"{"definition": "d.json", "cases": [{"name": "a", "mocks": {"S": {"x": {"Return": 1}}}, "expect": {"status": "FAILED"}}]}"#,
            #"/cases/0/mocks/S/x: 'x' is not an invocation number or range ("0", "1-2")"#
        ),
        (
            "{\n  \"definition\": \"d.json\",\n  \"cases\": [{\"name\": \"a\",\n    \"mocks\": {\"S\": [{\"Throw\": {\"Error\": \"E\"}}]}, \"expect\": {\"status\": \"FAILED\"}}]}",
            "t.test.json:4:31: /cases/0/mocks/S/0/Throw: Throw must be an object with the strings Error and Cause"
        ),
        ("{\"definition\": ", "t.test.json:1:16: not JSON"),
    ])
    func everyProblemIsPlacedInTheFile(text: String, expected: String) {
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix(expected) || $0.contains(expected) }, "\(found)")
    }

    @Test func yamlAndEDNProblemsHaveTheirLinesToo() {
        #expect(
            problems("definition: d.json\ncases:\n  - name: a\n    expect: {stauts: FAILED}\n", format: .yaml)
                == [
                    "t.test.yaml:4:22: /cases/0/expect/stauts: unknown key 'stauts'; expect has status, output, output-includes, error, cause, visited, not-visited"
                ])
        #expect(
            problems("{:definition \"d.json\"\n :cases [{:name \"a\" :expect {:status :failed :visited #{:a}}}]}", format: .edn).first?
                .hasPrefix("t.test.edn:2:55: /cases/0/expect/visited: a set has no JSON form") == true)
        #expect(problems("{:definition", format: .edn).first?.hasPrefix("t.test.edn:1:") == true)
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let found = problems(#"{"definition": 1, "cases": [{"expect": {"status": "X"}}, {"name": "b", "expect": {"nope": 1}}]}"#)
        #expect(found.count == 4, "\(found)")
    }
}
