import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseJSON
import Testing

/// Intrinsic functions evaluated by a running engine (through a Pass state's Parameters).
@Suite struct IntrinsicFunctionTests {
    let h = Harness()

    struct Case: Sendable, CustomTestStringConvertible {
        let call: String
        let input: String
        let expected: String
        var testDescription: String { call }
    }

    static let input = #"{"n":5,"s":"a,b;c","list":[1,2,2,3],"obj":{"a":1},"text":"{\"k\":[true]}"}"#

    static let cases: [Case] = [
        Case(call: "States.Format('{} has {} items', $.s, $.n)", input: input, expected: #""a,b;c has 5 items""#),
        Case(call: "States.StringToJson($.text)", input: input, expected: #"{"k":[true]}"#),
        Case(call: "States.JsonToString($.obj)", input: input, expected: #""{\"a\":1}""#),
        Case(call: "States.Array($.n, 'x', true, null)", input: input, expected: #"[5,"x",true,null]"#),
        Case(call: "States.ArrayPartition($.list, 3)", input: input, expected: "[[1,2,2],[3]]"),
        Case(call: "States.ArrayContains($.list, 3)", input: input, expected: "true"),
        Case(call: "States.ArrayRange(1, 9, 3)", input: input, expected: "[1,4,7]"),
        Case(call: "States.ArrayGetItem($.list, 3)", input: input, expected: "3"),
        Case(call: "States.ArrayLength($.list)", input: input, expected: "4"),
        Case(call: "States.ArrayUnique($.list)", input: input, expected: "[1,2,3]"),
        Case(call: "States.Base64Encode('hello')", input: input, expected: #""aGVsbG8=""#),
        Case(call: "States.Base64Decode('aGVsbG8=')", input: input, expected: #""hello""#),
        Case(call: "States.Hash('hello', 'MD5')", input: input, expected: #""5d41402abc4b2a76b9719d911017c592""#),
        Case(call: "States.Hash('hello', 'SHA-1')", input: input, expected: #""aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d""#),
        Case(call: "States.Hash('hello', 'SHA-256')", input: input, expected: #""2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824""#),
        Case(call: "States.JsonMerge($.obj, States.StringToJson('{\"b\":2}'), false)", input: input, expected: #"{"a":1,"b":2}"#),
        Case(call: "States.MathAdd($.n, -7)", input: input, expected: "-2"),
        Case(call: "States.StringSplit($.s, ',;')", input: input, expected: #"["a","b","c"]"#),
        Case(call: "States.ArrayLength(States.ArrayRange(0, 99, 1))", input: input, expected: "100"),
    ]

    static func machine(_ call: String) -> String {
        let escaped = call.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"r.$":"\#(escaped)"},"End":true}}}"#
    }

    @Test(arguments: cases) func intrinsicGivesItsValue(_ c: Case) async throws {
        let result = try await h.run(Self.machine(c.call), input: c.input)
        #expect(result.status == .succeeded, "\(result.error ?? ""): \(result.cause ?? "")")
        #expect(try json(result.output)["r"] == (try JSONParser.parse(c.expected)))
    }

    @Test func mathRandomStaysInItsRange() async throws {
        let output = try json(try await h.run(Self.machine("States.MathRandom(10, 20)")).output)
        let value = try #require(output["r"]?.intValue)
        #expect((10..<20).contains(value))
    }

    @Test func aSeededMathRandomIsReproducible() async throws {
        let first = try json(try await h.run(Self.machine("States.MathRandom(0, 1000, 42)")).output)
        let second = try json(try await Harness().run(Self.machine("States.MathRandom(0, 1000, 42)")).output)
        #expect(first == second)
    }

    @Test func uuidsAreVersion4AndDistinct() async throws {
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"a.$":"States.UUID()","b.$":"States.UUID()"},"End":true}}}"#
        let output = try json(try await h.run(definition).output)
        let a = try #require(output["a"]?.stringValue)
        let b = try #require(output["b"]?.stringValue)
        #expect(a != b)
        #expect(UUID(uuidString: a) != nil)
        #expect(Array(a)[14] == "4")
    }

    @Test(arguments: [
        "States.MathAdd($.s, 1)",
        "States.ArrayGetItem($.list, 10)",
        "States.StringToJson('{oops')",
        "States.Format('{} {}', $.n)",
        "States.ArrayLength($.missing)",
    ])
    func aFailingIntrinsicFailsTheState(_ call: String) async throws {
        let result = try await h.run(Self.machine(call), input: Self.input)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("An error occurred while executing the state 'A'") == true)
    }

    @Test func intrinsicFailuresCannotBeCaught() async throws {
        let definition = #"""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"Branches":[
                {"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"r.$":"States.MathAdd('x', 1)"},"End":true}}}]},
              "Caught":{"Type":"Succeed"}}}
            """#
        let result = try await h.run(definition)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }
}

/// Random values (UUIDs, MathRandom, jitter, tokens) come from a generator seeded by the
/// execution ARN alone, so an execution replays identically in any process.
@Suite struct ReproducibleRandomnessTests {
    static let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"id.$":"States.UUID()","n.$":"States.MathRandom(0, 1000000)"},"End":true}}}"#

    func output(name: String) async throws -> JSONValue {
        let h = Harness()
        let machine = try await h.createMachine(Self.definition, name: "m")
        return try json(try await h.finish(try await h.start(machine, name: name)).output)
    }

    @Test func theSameExecutionArnDrawsTheSameValues() async throws {
        #expect(try await output(name: "replay") == (try await output(name: "replay")))
        #expect(try await output(name: "replay") != (try await output(name: "other")))
    }

    @Test func theValuesDoNotDependOnTheProcess() async throws {
        // A per-process hash seed would change this value from one test run to the next.
        let id = try await output(name: "replay")["id"]
        #expect(id == "537b3619-2b81-4279-80fb-2000d84481ac")
    }
}
