import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct JSONPathTests {
    let store: JSONValue = [
        "store": [
            "book": [
                ["title": "A", "price": 8, "tags": ["x"]],
                ["title": "B", "price": 12, "isbn": "1-2"],
                ["title": "C", "price": 9.5, "isbn": "3-4"],
            ],
            "bicycle": ["color": "red", "price": 20],
        ],
        "limit": 10,
        "odd key": true,
    ]

    func select(_ path: String, in value: JSONValue? = nil) throws -> JSONValue? {
        try JSONPath.parse(path).select(in: value ?? store)
    }

    @Test func rootsAreRecognised() throws {
        #expect(try JSONPath.parse("$").root == .input)
        #expect(try JSONPath.parse("$.a").root == .input)
        #expect(try JSONPath.parse("$[0]").root == .input)
        #expect(try JSONPath.parse("$$").root == .context)
        #expect(try JSONPath.parse("$$.Execution.Id").root == .context)
        #expect(try JSONPath.parse("$myVar").root == .variable("myVar"))
        #expect(try JSONPath.parse("$my_var2.field[0]").root == .variable("my_var2"))
    }

    @Test func dotBracketAndQuotedNames() throws {
        #expect(try select("$.store.bicycle.color") == "red")
        #expect(try select("$['store']['bicycle'][\"color\"]") == "red")
        #expect(try select("$['odd key']") == true)
        #expect(try select("$.store.['bicycle'].price") == 20)
        // Only the delimiter is an escape: other backslashes stay, as AWS matches them.
        #expect(try select("$['it\\'s']", in: ["it's": 1]) == 1)
        #expect(try select("$['a\\\"b']", in: ["a\\\"b": 2]) == 2)
    }

    @Test func indexesIncludingNegativeAndPastTheEnd() throws {
        #expect(try select("$.store.book[0].title") == "A")
        #expect(try select("$.store.book[-1].title") == "C")
        // Like AWS's Jayway setup, an index past the end that ends the path is null...
        #expect(try select("$.store.book[7]") == .null)
        // ...but a step beyond it finds nothing.
        #expect(try select("$.store.book[7].title") == nil)
    }

    @Test func missingMembersAreNotFound() throws {
        #expect(try select("$.nope") == nil)
        #expect(try select("$.store.nope.deeper") == nil)
        #expect(try select("$.limit.deeper") == nil)
        #expect(try select("$.limit[0]") == nil)
        // AWS supports no path functions: `length()` is just a member name that is absent.
        #expect(try select("$.store.book.length()") == nil)
    }

    @Test func wildcardsScansSlicesAndUnions() throws {
        #expect(try select("$.store.book[*].title") == ["A", "B", "C"])
        #expect(try select("$.store.bicycle.*") == ["red", 20])
        #expect(try select("$..price") == [8, 12, 9.5, 20])
        #expect(try select("$..book[0].title") == ["A"])
        #expect(try select("$.store.book[0:2].title") == ["A", "B"])
        #expect(try select("$.store.book[-2:].title") == ["B", "C"])
        #expect(try select("$.store.book[:1].title") == ["A"])
        #expect(try select("$.store.book[::2].title") == ["A", "C"])
        #expect(try select("$.store.book[::-1].title") == ["C", "B", "A"])
        #expect(try select("$.store.book[0,2].title") == ["A", "C"])
        #expect(try select("$.store.bicycle['color','price']") == ["color": "red", "price": 20])
        #expect(try select("$.store.book[*]['title','isbn']") == ["A", "B", "1-2", "C", "3-4"])
        // An indefinite path that matches nothing gives an empty list, not "not found".
        #expect(try select("$.store.book[*].nope") == [])
        #expect(try select("$..nope") == [])
    }

    @Test func filters() throws {
        #expect(try select("$.store.book[?(@.price < 10)].title") == ["A", "C"])
        #expect(try select("$.store.book[?(@.price >= 9.5 && @.price <= 12)].title") == ["B", "C"])
        #expect(try select("$.store.book[?(@.title == 'A' || @.title == \"C\")].title") == ["A", "C"])
        #expect(try select("$.store.book[?(@.isbn)].title") == ["B", "C"])
        #expect(try select("$.store.book[?(!@.isbn)].title") == ["A"])
        #expect(try select("$.store.book[?(@.price > $.limit)].title") == ["B"])
        #expect(try select("$.store.book[?(@.title != 'B')].title") == ["A", "C"])
        #expect(try select("$.store.book[?(!(@.price > 9))].title") == ["A"])
        #expect(try select("$.store.book[?(@.price < 'x')]") == [])
        #expect(try select("$..[?(@.color == 'red')].price") == [20])
        // An unquoted word compares as the string it spells (AWS's samples write `==es`).
        #expect(try select("$.store.book[?(@.title==A || @.title == C)].price") == [8, 9.5])
        #expect(try JSONPath.parse("$[?(@.lang==es && @.n != true)]").unquotedFilterWords == ["es"])
        // `@` only stands for objects: scalars never pass a filter.
        #expect(try select("$[?(@ > 1)]", in: [1, 2, 3]) == [])
    }

    @Test func trailingBlanksAreIgnored() throws {
        #expect(try select("$.store.bicycle.color \t") == "red")
        #expect(try JSONPath.parse("$$.Execution.Id ").isReferencePath)
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath.parse("$.store .bicycle") }
    }

    @Test func definiteAndReferencePaths() throws {
        for (path, definite, reference) in [
            ("$", true, true), ("$.a.b[0]", true, true), ("$['a b']", true, true), ("$$.Map.Item.Value", true, true),
            ("$var.x", true, true), ("$.a[-1]", true, false), ("$.a['x','y']", true, false),
            ("$.a['x','y'].z", false, false), ("$.a[*]", false, false), ("$..a", false, false),
            ("$.a[0,1]", false, false), ("$.a[1:]", false, false), ("$.a[?(@.b)]", false, false),
        ] {
            let parsed = try JSONPath.parse(path)
            #expect(parsed.isDefinite == definite, "\(path)")
            #expect(parsed.isReferencePath == reference, "\(path)")
        }
    }

    @Test func syntaxErrorsNameTheProblemAndOffset() {
        for (text, offset, fragment) in [
            ("a.b", 0, "must start with '$'"),
            ("$.a[", 3, "unclosed"),
            ("$.a b", 3, "bracket notation"),
            ("$.", 2, "expected a name"),
            ("$.a[1:2:0]", 9, "step cannot be 0"),
            ("$.a['x]", 4, "unterminated"),
            ("$.a[?(@.b =~ /x/)]", 10, "regular expressions"),
            ("$.a[?(@.b in [1])]", 10, "'in' is not supported"),
            ("$.a[?(@.b = 1)]", 10, "'=='"),
            ("$.a]", 3, "expected '.' or '['"),
            ("$.a[99999999999999999999]", 4, "out of range"),
        ] {
            #expect(throws: JSONPathSyntaxError.self, "\(text)") { try JSONPath.parse(text) }
            do {
                _ = try JSONPath.parse(text)
            } catch {
                #expect(error.offset == offset, "\(text): \(error)")
                #expect(error.message.contains(fragment), "\(text): \(error)")
            }
        }
    }

    @Test func deeplyNestedFiltersAreRefusedNotCrashing() {
        let text = "$[?(" + String(repeating: "!", count: 200) + "@.a)]"
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath.parse(text) }
    }

    @Test func lookupExplainsMissesInJaywayWords() throws {
        #expect(try JSONPath.parse("$.nope").lookup(in: store) == .notFound(reason: "No results for path: $['nope']"))
        #expect(try JSONPath.parse("$.nope.x").lookup(in: store) == .notFound(reason: "Missing property in path $['nope']"))
        #expect(try JSONPath.parse("$.limit[0]").lookup(in: store) == .notFound(reason: "Filter: [0] can only be applied to arrays. Current context is: 10"))
        #expect(try JSONPath.parse("$.store.book[0].title.x").lookup(in: store)
            == .notFound(reason: "Expected to find an object with property ['x'] in path $['store']['book'][0]['title'] but found 'string'"))
        #expect(try JSONPath.parse("$.a..b[*]").normalized == "$['a']..['b'][*]")
    }

    @Test func selectResolvesTheRootDocument() throws {
        let context: JSONValue = ["Execution": ["Name": "run-1"]]
        let variables: [String: JSONValue] = ["count": 3, "config": ["mode": "fast"]]
        #expect(try JSONPath.parse("$.a").select(input: ["a": 1], context: context, variables: variables) == 1)
        #expect(try JSONPath.parse("$$.Execution.Name").select(input: [:], context: context, variables: variables) == "run-1")
        #expect(try JSONPath.parse("$count").select(input: [:], context: context, variables: variables) == 3)
        #expect(try JSONPath.parse("$config.mode").select(input: [:], context: context, variables: variables) == "fast")
        #expect(try JSONPath.parse("$missing").select(input: [:], context: context, variables: variables) == nil)
    }

    @Test func assigningFollowsResultPathRules() throws {
        let input: JSONValue = ["a": 1, "b": ["c": 2], "list": [1, 2]]
        #expect(try JSONPath.parse("$").assigning("r", into: input) == "r")
        #expect(try JSONPath.parse("$.b.c").assigning("r", into: input) == ["a": 1, "b": ["c": "r"], "list": [1, 2]])
        #expect(try JSONPath.parse("$.x.y.z").assigning("r", into: input)
            == ["a": 1, "b": ["c": 2], "list": [1, 2], "x": ["y": ["z": "r"]]])
        #expect(try JSONPath.parse("$.list[1]").assigning("r", into: input) == ["a": 1, "b": ["c": 2], "list": [1, "r"]])
        // Existing keys keep their place.
        let replaced = try JSONPath.parse("$.a").assigning("r", into: input)
        #expect(replaced.objectValue?.keys.elementsEqual(["a", "b", "list"]) == true)
    }

    @Test func assigningFailsWithAWSCause() throws {
        for (path, input) in [("$.a.x", ["a": 1] as JSONValue), ("$.x", "text"), ("$.list[5]", ["list": [1]]),
                              ("$.list[0].x", ["list": [1]]), ("$.a[*]", ["a": [1]]), ("$$.x", [:])] {
            #expect(throws: StatesError.runtime("Unable to apply ReferencePath \(path) to input \(input)"), "\(path)") {
                try JSONPath.parse(path).assigning("r", into: input)
            }
        }
        #expect(throws: StatesError.runtime("Unable to apply ReferencePath $.x to input \"text\"")) {
            try JSONPath.parse("$.x").assigning(1, into: "text")
        }
    }
}
