import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct JSONValueTests {
    @Test func bigIntegersAndDecimalsRoundTripExactly() throws {
        let text = #"{"big":123456789012345678901234567890,"beyond53":9007199254740993,"dec":1.50,"exp":1e5,"pi":3.141592653589793238462643383279,"neg":-0.0,"plain":0.1}"#
        let value = try JSONParser.parse(text)
        #expect(JSONSerializer.string(value) == text)
        #expect(value["beyond53"] != .number(JSONNumber(literal: "9007199254740992")))
        #expect(value["dec"] == .number(JSONNumber(literal: "1.5")))
    }

    @Test func keyOrderIsPreservedButIgnoredByEquality() throws {
        let a = try JSONParser.parse(#"{"z":1,"a":2}"#)
        let b = try JSONParser.parse(#"{"a":2,"z":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.description == #"{"z":1,"a":2}"#)
    }

    @Test func numbersCompareNumerically() {
        #expect(JSONNumber(1) == JSONNumber(literal: "1.0"))
        #expect(JSONNumber(literal: "1e2") == JSONNumber(100))
        #expect(JSONNumber(literal: "2.5") < JSONNumber(3))
        #expect(JSONNumber(literal: "123456789012345678901234567890").isInteger)
        #expect(JSONNumber(literal: "10.0").intValue == 10)
        #expect(JSONNumber(literal: "10.5").intValue == nil)
    }

    @Test func stringsEscapeAndUnescape() throws {
        let value = try JSONParser.parse(#""a\"b\\c\n\t\u00e9\ud83d\ude00/\/""#)
        #expect(value == .string("a\"b\\c\n\té😀//"))
        #expect(JSONSerializer.string(.string("\u{1}\"\n")) == #""\u0001\"\n""#)
    }

    @Test(arguments: [
        ("", "1:1"), ("{", "1:2"), ("[1,]", "1:4"), ("{\"a\" 1}", "1:6"), ("01", "1:1"), ("1.", "1:3"),
        ("\"abc", "1:1"), ("tru", "1:1"), ("{\"a\":1,\"a\":2}", "1:8"), ("[1]\n x", "2:2"), ("\"\\x\"", "1:2"),
        ("\"\\ud800\"", "1:8"), ("nul", "1:1"), ("-", "1:2"), ("1e", "1:3"), ("{\"a\":1}}", "1:8"),
    ])
    func malformedInputGivesPositionedErrors(input: String, location: String) {
        do {
            _ = try JSONParser.parse(input)
            Issue.record("expected an error for \(input)")
        } catch {
            #expect(error.location.description == location, "\(input): \(error)")
        }
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func sourceMapRecordsPointers() throws {
        let (_, map) = try JSONParser.parse("{\n  \"States\": {\n    \"A/b\": {\"Type\": \"Pass\"}\n  }\n}", recordingLocations: true)
        #expect(map["/States"] == SourceLocation(line: 2, column: 13))
        #expect(map["/States/A~1b/Type"] == SourceLocation(line: 3, column: 21))
    }

    @Test func prettyPrinting() throws {
        let value: JSONValue = ["a": [1, 2], "b": [:]]
        #expect(JSONSerializer.string(value, pretty: true) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }
}

@Suite struct JSONSizeTests {
    @Test(arguments: [
        JSONValue.null, true, false, 12345, "a\"b\n\u{1}é", [1, "x", [:]], ["k\"": ["n": nil], "z": [true, 1.5]],
    ])
    func sizeMatchesPrintedText(value: JSONValue) {
        let size = JSONSerializer.string(value).utf8.count
        #expect(!JSONSize.exceeds(value, limit: size))
        #expect(JSONSize.exceeds(value, limit: size - 1))
    }
}
