import Foundation
import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct IntrinsicFunctionTests {
    static let fixedUUID = UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")!
    let runtime = IntrinsicRuntime(random: { 0.25 }, uuid: { IntrinsicFunctionTests.fixedUUID })
    let input: JSONValue = [
        "text": "a,b,,c", "list": [3, 1, 3, "x", ["k": 1], ["k": 1.0]], "obj": ["a": 1], "n": 7, "half": 2.5,
        "template": "{} and {}", "json": "{\"k\": [1, 2]}",
    ]
    let context: JSONValue = ["Execution": ["Name": "exec-7"]]
    let variables: [String: JSONValue] = ["limit": 2]

    func run(_ text: String) throws -> JSONValue {
        try IntrinsicFunction.parse(text).evaluate(input: input, context: context, variables: variables, runtime: runtime)
    }

    func invalid(_ text: String, _ name: String) -> StatesError {
        StatesError.runtime("The function '\(text)' had the following error: Invalid arguments in \(name)")
    }

    func expectInvalid(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let name = String(text.prefix { $0 != "(" })
        #expect(throws: invalid(text, name), sourceLocation: sourceLocation) { try run(text) }
    }

    @Test func parsesNestedCallsLiteralsAndPaths() throws {
        let call = try IntrinsicFunction.parse("States.Format('x\\'s {} \\{\\} \\\\', States.Array(1, -2.5e1, true, false, null), $.a['b,c'], $$.Execution.Name, $limit)")
        #expect(call.name == .format)
        #expect(call.arguments.count == 5)
        #expect(call.arguments[0] == .string(value: "x's {} {} \\", raw: "x\\'s {} \\{\\} \\\\"))
        guard case .call(let inner) = call.arguments[1] else { Issue.record("not a call"); return }
        #expect(inner.arguments == [.number(JSONNumber(1)), .number(JSONNumber(literal: "-2.5e1")), .boolean(true), .boolean(false), .null])
        #expect(call.arguments[2] == .path(try JSONPath.parse("$.a['b,c']")))
        #expect(call.arguments[3] == .path(try JSONPath.parse("$$.Execution.Name")))
        #expect(call.arguments[4] == .path(try JSONPath.parse("$limit")))
        #expect(try IntrinsicFunction.parse("  States.UUID( )  ").arguments.isEmpty)
    }

    @Test func syntaxErrors() {
        for (text, fragment) in [
            ("States.Nope(1)", "unknown intrinsic function 'States.Nope'"),
            ("States.Format('a\\n')", "backslash"),
            ("States.Format('abc", "unterminated"),
            ("States.Array(1, 2", "missing ')'"),
            ("States.Array(1) x", "unexpected text"),
            ("States.Array(abc)", "single quotes"),
            ("States.Array(1 2)", "expected ',' or ')'"),
            ("States.Array($.a[)", "invalid path"),
            ("States.Array(1,)", "unexpected ')'"),
            (String(repeating: "States.Array(", count: 11) + String(repeating: ")", count: 11), "nested at most 10"),
        ] {
            #expect(throws: IntrinsicSyntaxError.self, "\(text)") { try IntrinsicFunction.parse(text) }
            do { _ = try IntrinsicFunction.parse(text) } catch { #expect(error.message.contains(fragment), "\(text): \(error)") }
        }
        #expect(throws: Never.self) { try IntrinsicFunction.parse(String(repeating: "States.Array(", count: 10) + String(repeating: ")", count: 10)) }
    }

    @Test func missingPathArgumentNamesTheWholeExpression() {
        let text = "States.Format('{}', States.Array($.nope))"
        #expect(throws: StatesError.runtime("The function '\(text)' had the following error: The JsonPath argument for the field '$.nope' could not be found in the input '\(input)'")) {
            try run(text)
        }
    }

    @Test func format() throws {
        #expect(try run("States.Format('{} is {}', $.n, $.obj)") == "7 is {a=1}")
        #expect(try run("States.Format('{}|{}|{}|{}', null, true, $.list, 1.50)") == "null|true|[3, 1, 3, x, {k=1}, {k=1.0}]|1.50")
        #expect(try run("States.Format('\\{\\} {}', 'x')") == "{} x")
        #expect(try run("States.Format($.template, 1, 'b')") == "1 and b")
        #expect(try run("States.Format('plain')") == "plain")
        expectInvalid("States.Format('{} {}', 1)")
        expectInvalid("States.Format('{}', 1, 2)")
        expectInvalid("States.Format('{', 1)")
        expectInvalid("States.Format('}')")
        expectInvalid("States.Format($.n)")
        expectInvalid("States.Format()")
    }

    @Test func jsonConversions() throws {
        #expect(try run("States.StringToJson($.json)") == ["k": [1, 2]])
        #expect(try run("States.StringToJson(' ')") == .null)
        #expect(try run("States.StringToJson('-0')") == 0)
        expectInvalid("States.StringToJson('{')")
        expectInvalid("States.StringToJson($.n)")
        #expect(try run("States.JsonToString($.obj)") == "{\"a\":1}")
        #expect(try run("States.JsonToString('s')") == "\"s\"")
        expectInvalid("States.JsonToString($.obj, 1)")
        #expect(try run("States.JsonMerge($.obj, States.StringToJson('{\"a\": 2, \"b\": 3}'), false)") == ["a": 2, "b": 3])
        expectInvalid("States.JsonMerge($.obj, $.obj, true)")
        expectInvalid("States.JsonMerge($.obj, $.list, false)")
        expectInvalid("States.JsonMerge($.obj, $.obj, 'false')")
    }

    @Test func arrays() throws {
        #expect(try run("States.Array()") == [])
        #expect(try run("States.Array($.n, 'x', States.Array())") == [7, "x", []])
        #expect(try run("States.ArrayPartition($.list, 4)") == [[3, 1, 3, "x"], [["k": 1], ["k": 1.0]]])
        #expect(try run("States.ArrayPartition($.list, 2.9)") == [[3, 1], [3, "x"], [["k": 1], ["k": 1.0]]])
        expectInvalid("States.ArrayPartition($.list, 0.6)")
        expectInvalid("States.ArrayPartition($.list, -1)")
        expectInvalid("States.ArrayPartition($.obj, 1)")
        #expect(try run("States.ArrayContains($.list, States.StringToJson('{\"k\": 1}'))") == true)
        #expect(try run("States.ArrayContains($.list, 2)") == false)
        expectInvalid("States.ArrayContains($.obj, 1)")
        #expect(try run("States.ArrayRange(1, 9, 2)") == [1, 3, 5, 7, 9])
        #expect(try run("States.ArrayRange(5, 1, -2)") == [5, 3, 1])
        #expect(try run("States.ArrayRange(5, 1, 1)") == [])
        #expect(try run("States.ArrayRange(1.6, 1.4, 1)") == [1])
        #expect(try run("States.ArrayRange(1, 1000, 1)").arrayValue?.count == 1000)
        expectInvalid("States.ArrayRange(1, 1001, 1)")
        expectInvalid("States.ArrayRange(1, 10, 0.49)")
        expectInvalid("States.ArrayRange('a', 5, 1)")
        expectInvalid("States.ArrayRange(1, 5)")
        #expect(try run("States.ArrayGetItem($.list, 3)") == "x")
        #expect(try run("States.ArrayGetItem($.list, 1.2)") == 1)
        #expect(try run("States.ArrayGetItem(States.Array(), 999)") == .null)
        expectInvalid("States.ArrayGetItem($.list, 6)")
        expectInvalid("States.ArrayGetItem($.list, -1)")
        expectInvalid("States.ArrayGetItem($.list, '1')")
        #expect(try run("States.ArrayLength($.list)") == 6)
        expectInvalid("States.ArrayLength($.obj)")
        #expect(try run("States.ArrayUnique($.list)") == [3, 1, "x", ["k": 1]])
        expectInvalid("States.ArrayUnique($.n)")
    }

    @Test func strings() throws {
        #expect(try run("States.StringSplit($.text, ',')") == ["a", "b", "c"])
        #expect(try run("States.StringSplit('a.b+c', '.+')") == ["a", "b", "c"])
        expectInvalid("States.StringSplit($.n, ',')")
        #expect(try run("States.Base64Encode('Data to encode')") == "RGF0YSB0byBlbmNvZGU=")
        #expect(try run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == "Data to encode")
        #expect(try run("States.Base64Decode('RGF0YSB0byBlbmNvZGU')") == "Data to encode")
        expectInvalid("States.Base64Decode('%%%')")
        expectInvalid("States.Base64Encode($.n)")
        let long = String(repeating: "a", count: 10_001)
        #expect(throws: StatesError.self) {
            try IntrinsicFunction.parse("States.Base64Encode($.s)").evaluate(input: ["s": .string(long)], context: [:], variables: [:])
        }
        #expect(try IntrinsicFunction.parse("States.Hash($.s, 'MD5')").evaluate(input: ["s": .string(String(long.dropLast()))], context: [:], variables: [:]).stringValue?.count == 32)
        #expect(try run("States.UUID()") == "0f8fad5b-d9cb-469f-a165-70867728950e")
    }

    @Test func hashesMatchPublishedVectors() throws {
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        let long = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        for (data, algorithm, digest) in [
            ("", "MD5", "d41d8cd98f00b204e9800998ecf8427e"),
            ("The quick brown fox jumps over the lazy dog", "MD5", "9e107d9d372bb6826bd81d3542a419d6"),
            ("abc", "SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (twoBlocks, "SHA-1", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
            ("abc", "SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (twoBlocks, "SHA-256", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abc", "SHA-384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
            (long, "SHA-384", "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"),
            ("abc", "SHA-512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
            (long, "SHA-512", "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
        ] {
            let result = try IntrinsicFunction.parse("States.Hash($.d, $.a)").evaluate(
                input: ["d": .string(data), "a": .string(algorithm)], context: [:], variables: [:])
            #expect(result == .string(digest), "\(algorithm) of \(data)")
        }
        #expect(try run("States.Hash(123, 'MD5')") == "202cb962ac59075b964b07152d234b70")
        expectInvalid("States.Hash('a', 'sha-256')")
        expectInvalid("States.Hash('a', 'SHA256')")
        expectInvalid("States.Hash('a', 1)")
    }

    @Test func math() throws {
        #expect(try run("States.MathAdd($.n, -1)") == 6)
        #expect(try run("States.MathAdd(1.5, -1.5)") == 1)
        #expect(try run("States.MathAdd(-2.5, 0.49)") == -2)
        #expect(try run("States.MathAdd(2147483646, 1)") == 2_147_483_647)
        expectInvalid("States.MathAdd(2147483647, 1)")
        expectInvalid("States.MathAdd(3000000000, 0)")
        expectInvalid("States.MathAdd('1', 2)")
        expectInvalid("States.MathAdd(1)")
        // Unseeded draws come from the injected source: 0.25 of the way from 10 to 30.
        #expect(try run("States.MathRandom(10, 30)") == 15)
        #expect(try run("States.MathRandom(1.6, 5.4)") == 2)
        expectInvalid("States.MathRandom(1.4, 1.6)")
        expectInvalid("States.MathRandom(10, 5)")
        expectInvalid("States.MathRandom('a', 10)")
        expectInvalid("States.MathRandom(1, 10, null)")
        let seeded = try run("States.MathRandom(0, 1000, 42)")
        #expect(seeded == (try run("States.MathRandom(0, 1000, 42)")))
        #expect((0..<1000).contains(seeded.intValue ?? -1))
        #expect(try run("States.MathRandom(-2147483648, 2147483647, 7)").intValue.map { $0 < 2_147_483_647 } == true)
    }

    @Test func javaRandomReproducesTheJVMSequence() {
        // `new java.util.Random(0).nextInt()` and `nextInt(10)` give these on every JVM.
        var generator = JavaRandom(seed: 0)
        #expect(generator.next(bits: 32) == -1_155_484_576)
        var bounded = JavaRandom(seed: 0)
        #expect(bounded.nextInt(bound: 10) == 0)
        #expect(bounded.nextInt(bound: 10) == 8)
    }
}
