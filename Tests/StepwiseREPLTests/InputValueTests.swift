import StepwiseJSON
import Testing

@testable import StepwiseREPL

@Suite struct InputValueTests {
    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    @Test(arguments: [
        "{:x 41 :y 1}", "{\"x\":41,\"y\":1}", "x 41 y 1", ":x 41 :y 1", "\"x\" 41 \"y\" 1", "x 41, y 1", "{:x 41, :y 1}", "<x 41 y 1>",
        "  < :x 41 y 1 >  ", "<{:x 41 :y 1}>",
    ])
    func everySyntaxGivesTheSameInput(_ text: String) throws {
        #expect(try InputValue.parse(text) == json(#"{"x":41,"y":1}"#))
    }

    @Test func pairValuesAreEDNOrJSONAndBareWordsAreStrings() throws {
        let value = try InputValue.parse(#"name Ada admin true score 1.5 tags [1 2] extra nil none null kind :pizza/large note "two words""#)
        #expect(value == (try json(#"{"name":"Ada","admin":true,"score":1.5,"tags":[1,2],"extra":null,"none":null,"kind":"pizza/large","note":"two words"}"#)))
    }

    @Test func pairValuesMayBeMapsInEitherSyntax() throws {
        let value = try InputValue.parse(#"order {:size "large" :toppings ["ham"]} meta {"a":1}"#)
        #expect(value == (try json(#"{"order":{"size":"large","toppings":["ham"]},"meta":{"a":1}}"#)))
    }

    @Test func emptyInputIsAnEmptyObject() throws {
        #expect(try InputValue.parse("") == [:])
        #expect(try InputValue.parse("   ") == [:])
    }

    @Test(arguments: [("42", "42"), ("\"hi\"", "\"hi\""), ("[1 2 3]", "[1,2,3]"), ("[1,2,3]", "[1,2,3]"), ("nil", "null"), ("true", "true")])
    func aSingleValueIsTheWholeInput(_ text: String, _ expected: String) throws {
        #expect(try InputValue.parse(text) == json(expected))
    }

    @Test func nestedEDNConvertsKeywordsToStrings() throws {
        let value = try InputValue.parse(#"{:a {:b [1 {:c :activity/add}]} "plain key" #inst "2024-01-02T03:04:05Z"}"#)
        #expect(value == (try json(#"{"a":{"b":[1,{"c":"activity/add"}]},"plain key":"2024-01-02T03:04:05Z"}"#)))
    }

    @Test func bigNumbersStayExact() throws {
        let value = try InputValue.parse("x 12345678901234567890123 y 0.1000")
        #expect(JSONSerializer.string(value) == #"{"x":12345678901234567890123,"y":0.1000}"#)
    }

    @Test func aKeyWithoutAValueIsNamed() {
        #expect(throws: InputError("pairs need a value for every key: `y` has none\nan input is \(InputValue.forms)")) {
            try InputValue.parse("x 41 y")
        }
    }

    @Test func emptyAngleBracketsAreAnEmptyObject() throws {
        #expect(try InputValue.parse("<>") == [:])
        #expect(try InputValue.parse("< >") == [:])
    }

    /// The design card's own syntax used to fail on its last word ("`1>` is not EDN or JSON").
    @Test func anglePairsKeepValuesThatAreForms() throws {
        #expect(try InputValue.parse(#"<name "Ada Lovelace" tags [1 2] meta {:a 1}>"#) == json(#"{"name":"Ada Lovelace","tags":[1,2],"meta":{"a":1}}"#))
    }

    @Test(arguments: [
        ("<x 41 y 1", "does not close them with `>`"),
        ("<<x 41 y 1>>", "nests angle brackets"),
        ("x 41 y 1>", "`1>` is not EDN or JSON"),
        ("<", "does not close them"),
    ])
    func brokenAngleBracketsAreExplained(_ text: String, _ expected: String) throws {
        let error = try #require(throws: InputError.self) { try InputValue.parse(text) }
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test(arguments: ["x 41 y", "hello", "{:x 41", #"{"x": }"#, "#{1 2}", "1 2", "<x 1", "x 1>"])
    func everyUnreadableInputShowsTheAcceptedForms(_ text: String) throws {
        let error = try #require(throws: InputError.self) { try InputValue.parse(text) }
        #expect(error.message.hasSuffix("\nan input is EDN {:x 41 :y 1}, JSON {\"x\":41,\"y\":1}, or pairs x 41 y 1 / <x 41 y 1>"))
    }

    /// Deep nesting meets the readers' depth limits — an error, never a stack overflow — and the
    /// error quotes only the start of what was typed.
    @Test(arguments: ["[", "{:a ", "(", "#{", "#_", "#tag ", "<", "{\"a\":", "x ["])
    func nestingAHundredThousandDeepIsAnError(_ opening: String) throws {
        for text in [String(repeating: opening, count: 100_000), String(repeating: opening, count: 100_000) + "1" + String(repeating: ">", count: 100_000)] {
            let error = try #require(throws: InputError.self) { try InputValue.parse(text) }
            #expect(error.message.count < 500, "\(error.message.prefix(200))")
        }
    }

    @Test func aBareWordAloneIsNotAnInput() throws {
        let error = try #require(throws: InputError.self) { try InputValue.parse("hello") }
        #expect(error.message.contains("`hello` is not an input"))
    }

    @Test func unreadableEDNSaysWhereItBroke() throws {
        let error = try #require(throws: InputError.self) { try InputValue.parse("{:x 41") }
        #expect(error.message.contains("is not EDN or JSON"))
        #expect(error.message.contains("column"))
    }

    @Test func brokenJSONReportsTheJSONProblem() throws {
        let error = try #require(throws: InputError.self) { try InputValue.parse(#"{"x": }"#) }
        #expect(error.message.contains("is not EDN or JSON"))
        #expect(error.message.contains("1:"))
    }

    @Test func valuesWithoutAJSONFormAreRefused() throws {
        let error = try #require(throws: InputError.self) { try InputValue.parse("#{1 2}") }
        #expect(error.message.contains("has no JSON form"))
    }

    @Test func numbersCannotBeKeys() throws {
        let error = try #require(throws: InputError.self) { try InputValue.parse("1 2") }
        #expect(error.message.contains("`1` cannot be a key"))
    }

    @Test func topLevelWordsKeepFormsAndStringsWhole() {
        let words = TopLevelWords.split(#"adder {:x [1 2] :y "a b"} "c \" d" (e f) g,h"#).map(String.init)
        #expect(words == ["adder", #"{:x [1 2] :y "a b"}"#, #""c \" d""#, "(e f)", "g", "h"])
    }

    @Test func anUnbalancedFormRunsToTheEnd() {
        #expect(TopLevelWords.split("a {:x 1 b").map(String.init) == ["a", "{:x 1 b"])
    }
}
