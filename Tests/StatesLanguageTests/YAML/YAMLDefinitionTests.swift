import Foundation
import StepwiseJSON
import TestSupport
import Testing
@testable import StatesLanguage

@Suite struct YAMLDefinitionTests {
    static let samDefinition = """
    # statemachine/order.asl.yaml, referenced by DefinitionUri
    Comment: Processes an order
    StartAt: Validate
    States:
      Validate:
        Type: Task
        Resource: arn:aws:states:::lambda:invoke
        Parameters:
          FunctionName: ${ValidateFunctionArn}
          Payload.$: $
        Retry: &standardRetry
          - ErrorEquals:
              - Lambda.ServiceException
              - States.Timeout
            IntervalSeconds: 2
            MaxAttempts: 3
            BackoffRate: 1.5
            JitterStrategy: FULL
        ResultPath: ~
        Next: Wait
      Wait:
        Type: Wait
        Seconds: 10
        Next: Ship
      Ship:
        Type: Task
        Resource: "arn:aws:states:::lambda:invoke"
        Parameters: {FunctionName: "${ShipFunctionArn}", "Payload.$": "$", Priority: "1"}
        Retry: *standardRetry
        Catch:
        - ErrorEquals: [States.ALL]
          ResultPath: $.error
          Next: Failed
        End: true
      Failed:
        Type: Fail
        Error: ShipFailed
        Cause: |
          The shipment could not be created.
          See the logs.
    """

    @Test func samStyleDefinition() throws {
        let (value, _) = try YAMLDefinition.parse(YAMLDefinitionTests.samDefinition)
        let retry: JSONValue = [[
            "ErrorEquals": ["Lambda.ServiceException", "States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 3,
            "BackoffRate": .number(JSONNumber(literal: "1.5")), "JitterStrategy": "FULL",
        ]]
        let expected: JSONValue = [
            "Comment": "Processes an order", "StartAt": "Validate",
            "States": [
                "Validate": [
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": ["FunctionName": "${ValidateFunctionArn}", "Payload.$": "$"],
                    "Retry": retry, "ResultPath": nil, "Next": "Wait",
                ],
                "Wait": ["Type": "Wait", "Seconds": 10, "Next": "Ship"],
                "Ship": [
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": ["FunctionName": "${ShipFunctionArn}", "Payload.$": "$", "Priority": "1"],
                    "Retry": retry, "Catch": [["ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"]], "End": true,
                ],
                "Failed": ["Type": "Fail", "Error": "ShipFailed", "Cause": "The shipment could not be created.\nSee the logs."],
            ],
        ]
        #expect(value == expected)
        #expect(value["States"]?.objectValue.map { Array($0.keys) } == ["Validate", "Wait", "Ship", "Failed"])
        #expect(value["States"]?["Ship"]?["Parameters"]?.objectValue.map { Array($0.keys) } == ["FunctionName", "Payload.$", "Priority"])
        let (machine, diagnostics) = ASLDecoder.decode(value)
        #expect(machine != nil && diagnostics.isEmpty)
    }

    @Test func sourceMapHasEveryValue() throws {
        let (_, map) = try YAMLDefinition.parse(YAMLDefinitionTests.samDefinition)
        #expect(map[""] == SourceLocation(line: 2, column: 1))
        #expect(map["/States/Validate"] == SourceLocation(line: 6, column: 5))
        #expect(map["/States/Validate/Resource"] == SourceLocation(line: 7, column: 15))
        #expect(map["/States/Validate/Retry/0/ErrorEquals/1"] == SourceLocation(line: 14, column: 13))
        #expect(map["/States/Ship/Parameters/Payload.$"] == SourceLocation(line: 28, column: 67))
    }

    @Test(arguments: [
        ("a: 1", JSONValue.number(1)), ("a: -7", -7), ("a: +1", 1), ("a: 007", 7), ("a: 0x1F", 31), ("a: 0o17", 15),
        ("a: 1.5", .number(JSONNumber(literal: "1.5"))), ("a: .5", .number(JSONNumber(literal: "0.5"))),
        ("a: 1.", .number(JSONNumber(literal: "1.0"))), ("a: 1e5", .number(JSONNumber(literal: "1e5"))),
        ("a: -2.5E-3", .number(JSONNumber(literal: "-2.5E-3"))), ("a: 123456789012345678901234567890", .number(JSONNumber(literal: "123456789012345678901234567890"))),
        ("a: 0xFFFFFFFFFFFFFFFFFFFF", .number(JSONNumber(literal: "1208925819614629174706175"))),
        ("a: true", true), ("a: False", false), ("a: TRUE", true), ("a: null", nil), ("a: ~", nil), ("a:", nil), ("a: NULL", nil),
        ("a: yes", "yes"), ("a: off", "off"), ("a: 2024-01-01", "2024-01-01"), ("a: 1_000", "1_000"), ("a: 0b101", "0b101"),
        ("a: '1'", "1"), ("a: \"true\"", "true"), ("a: 'null'", "null"), ("a: \"\"", ""), ("a: ''", ""),
        ("a: !!str 10", "10"), ("a: !!int \"5\"", 5), ("a: !!float 1", 1), ("a: !!bool true", true), ("a: !!null ~", nil), ("a: ! 12", "12"),
        ("a: $.x", "$.x"), ("a: '{% $x %}'", "{% $x %}"), ("a: 1.0.0", "1.0.0"), ("a: .", "."), ("a: -x", "-x"),
        ("a: |\n  x\n  y", "x\ny"), ("a: >\n  folded\n  text\n", "folded text\n"), ("a: [1, b, 'c']", [1, "b", "c"]), ("a: {}", [:]), ("a: []", []),
    ] as [(String, JSONValue)])
    func scalarsFollowTheCoreSchema(text: String, expected: JSONValue) throws {
        let (value, _) = try YAMLDefinition.parse(text)
        #expect(value["a"] == expected, "\(text)")
        if case .number(let n) = expected, case .number(let got)? = value["a"] {
            #expect(got.description == n.description, "\(text)")
        }
    }

    @Test(arguments: [
        ("a: [1, 2", "2:1"), ("a: 1\na: 2", "1:1"), ("a:\n  b: 1\n c: 2", "3:2"), ("1: x", "1:1"), ("true: x", "1:1"),
        ("~: x", "1:1"), ("? [a]\n: b", "1:3"), ("a: !Sub 'x'", "1:4"), ("a: !!binary aGk=", "1:4"), ("a: .inf", "1:4"),
        ("a: !!int abc", "1:4"), ("a: *nope", "1:4"), ("x: 1\n---\ny: 2", "2:1"), ("<<: {a: 1}", "1:1"), ("a: !!set {x}", "1:4"),
        ("a: 0x" + String(repeating: "F", count: 300), "1:4"), ("'a': 1\na: 2", "1:1"), ("a: \"\\q\"", "1:5"), ("\t- x", "1:1"),
    ])
    func errorsArePositioned(text: String, location: String) {
        do {
            let (value, _) = try YAMLDefinition.parse(text)
            Issue.record("expected an error for \(text.debugDescription), got \(value)")
        } catch {
            #expect(error.location?.description == location, "\(text.debugDescription): \(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func errorMessagesAreSpecific() {
        func message(_ text: String) -> String {
            do {
                _ = try YAMLDefinition.parse(text)
                return ""
            } catch {
                return error.message
            }
        }
        #expect(message("1: x").contains("mapping keys must be strings, found the number 1; quote it"))
        #expect(message("a: !Ref Bucket").contains("unsupported tag !Ref"))
        #expect(message("a: .nan").contains("has no JSON form"))
        #expect(message("a: 1\na: 2").contains("duplicate key \"a\""))
        #expect(message("").contains("holds no document"))
        #expect(message("# only a comment\n").contains("holds no document"))
        #expect(message("<<: {a: 1}").contains("merge keys"))
    }

    @Test func hostileInputIsRefusedNotACrash() {
        let laughs = """
        a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        """
        #expect(throws: YAMLDefinitionError.self) { try YAMLDefinition.parse(laughs) }
        #expect(throws: YAMLDefinitionError.self) { try YAMLDefinition.parse(String(repeating: "[", count: 5000)) }
        var chain = "a0: &a0 [x]\n"
        for i in 1...700 { chain += "a\(i): &a\(i) [*a\(i - 1)]\n" }
        #expect(throws: YAMLDefinitionError.self) { try YAMLDefinition.parse(chain) }
    }

    static let trickyStrings = [
        "", " lead", "trail ", "yes", "No", "on", "OFF", "y", "null", "Null", "~", "true", "False", "123", "-1", "1.5", "0x10", "0o7",
        "1e5", ".5", ".inf", "-", "- x", "a: b", "a #b", "#x", "key:", "{% $x %}", "[1]", "*", "&a", "!x", "%x", "@x", "`x`", "'q'",
        "\"dq\"", "multi\nline", "tab\there", "cr\rlf", "\u{85}nel", "line\u{2028}sep", "in\u{FEFF}bom", "😀", "ÜberSchritt", "$.items[0]",
        "States.Format('{}', $.a)", "<<", "? q", "a\\b", "\u{7F}", "\u{1}", "plain words", "$$.Map.Item.Value", "/path/to", "_x", "a:b",
        "2024-01-01", "1_000",
    ]

    @Test func trickyStringsRoundTrip() throws {
        var object = JSONObject()
        for (i, s) in YAMLDefinitionTests.trickyStrings.enumerated() {
            object["v\(i)"] = .string(s)
            object[s] = .number(JSONNumber(i))
        }
        let document = JSONValue.object(object)
        let text = YAMLDefinition.render(document)
        let (back, _) = try YAMLDefinition.parse(text)
        #expect(back == document, "\(text)")
        #expect(back.objectValue.map { Array($0.keys) } == Array(object.keys))
    }

    @Test func renderingLooksLikeHandWrittenYAML() {
        let document: JSONValue = [
            "StartAt": "Check",
            "States": [
                "Check": ["Type": "Choice", "Choices": [["Variable": "$.ok", "BooleanEquals": true, "Next": "Done"]], "Default": "Done"],
                "Done": ["Type": "Pass", "Result": ["list": [[1, 2], [], "yes"], "empty": [:]], "ResultPath": nil, "End": true],
            ],
        ]
        let expected = """
        StartAt: Check
        States:
          Check:
            Type: Choice
            Choices:
              - Variable: $.ok
                BooleanEquals: true
                Next: Done
            Default: Done
          Done:
            Type: Pass
            Result:
              list:
                - - 1
                  - 2
                - []
                - "yes"
              empty: {}
            ResultPath: null
            End: true

        """
        #expect(YAMLDefinition.render(document) == expected)
        #expect(YAMLDefinition.render("text") == "text\n")
        #expect(YAMLDefinition.render([:]) == "{}\n")
        #expect(YAMLDefinition.render(.number(JSONNumber(literal: "1.50"))) == "1.50\n")
    }

    static func roundTrip(_ document: JSONValue) throws {
        let text = YAMLDefinition.render(document)
        let (back, _) = try YAMLDefinition.parse(text)
        #expect(back == document, "\(text)")
        #expect(YAMLDefinition.render(back) == text)
    }

    @Test(.serialized, arguments: ConformanceRecords.ids)
    func conformanceDefinitionRoundTrips(_ id: String) throws {
        try YAMLDefinitionTests.roundTrip(try #require(ConformanceRecords.definition(id)))
    }

    @Test(arguments: SugarRoundTripTests.fixtureNames())
    func corpusRoundTrips(name: String) throws {
        let text = try String(contentsOf: SugarRoundTripTests.fixtureDirectory.appendingPathComponent(name), encoding: .utf8)
        try YAMLDefinitionTests.roundTrip(try JSONParser.parse(text))
    }
}
