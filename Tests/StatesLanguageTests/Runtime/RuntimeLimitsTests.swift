import StepwiseJSON
import Testing
@testable import StatesLanguage

/// Every evaluation is bounded: a work budget it pays from, and the one depth limit of JSON data
/// (`JSONParser.maxDepth`) that no result may pass. Running into either is a `States.Runtime`
/// error carrying the limit, never a hang or a crash.
@Suite struct RuntimeLimitsTests {
    /// `[[[…1…]]]`, `depth` arrays deep.
    static func nested(_ depth: Int) -> JSONValue {
        var value: JSONValue = 1
        for _ in 0..<depth { value = [value] }
        return value
    }

    /// `{"a": {"a": …}}`, `depth` objects deep.
    static func nestedObjects(_ depth: Int) -> JSONValue {
        var value: JSONValue = ["leaf": true]
        for _ in 1..<depth { value = ["a": value] }
        return value
    }

    func expectLimit<T>(_ limit: EvaluationLimit, _ body: () throws(StatesError) -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try body()
            Issue.record("no limit was reached", sourceLocation: sourceLocation)
        } catch {
            #expect(error.limit == limit && error.error == ErrorName.runtime && error.cause == limit.description, sourceLocation: sourceLocation)
        }
    }

    @Test func depthIsMeasuredWithoutRecursion() {
        #expect(!JSONValue(1).isNested(deeperThan: 0))
        #expect(JSONValue.array([]).isNested(deeperThan: 0))
        #expect(!Self.nested(512).isNested(deeperThan: 512))
        #expect(Self.nested(513).isNested(deeperThan: 512))
        #expect(Self.nested(2000).isNested(deeperThan: 512))
        #expect(!(["a": [1, ["b": 2]], "c": 3] as JSONValue).isNested(deeperThan: 3))
    }

    @Test func parserDepthCanBeRaisedForEnvelopes() throws {
        let text = JSONSerializer.string(["event": Self.nested(512)])
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        #expect(try JSONParser.parse(text, maxDepth: JSONParser.maxDepth + 1) == ["event": Self.nested(512)])
        #expect(try JSONParser.parse(Array(text.utf8), maxDepth: JSONParser.maxDepth + 1) == ["event": Self.nested(512)])
    }

    @Test func descendantScansOfADeepInputRunOutOfBudget() throws {
        let path = try JSONPath.parse("$..*..*..*..*..*")
        let input = Self.nestedObjects(400)
        expectLimit(.work(steps: EvaluationBudget.defaultSteps)) { () throws(StatesError) in try path.select(in: input) }
        // The data-flow fields fail the same way (the engine names the state and field).
        expectLimit(.work(steps: EvaluationBudget.defaultSteps)) { () throws(StatesError) in
            try JSONPathDataFlow.inputPath(.path(path), input: input, context: [:], variables: [:])
        }
    }

    @Test func oneBudgetBoundsSeveralEvaluations() throws {
        let budget = EvaluationBudget(steps: 50)
        let path = try JSONPath.parse("$.list[*]")
        let input: JSONValue = ["list": .array(Array(repeating: 1, count: 20))]
        _ = try path.select(in: input, budget: budget)
        #expect(budget.remaining < 50)
        expectLimit(.work(steps: 50)) { () throws(StatesError) in
            for _ in 0..<3 { _ = try path.select(in: input, budget: budget) }
        }
    }

    @Test func filtersPayForEachElementTheyTest() throws {
        let path = try JSONPath.parse("$..[?(@.a == $.a)]")
        expectLimit(.work(steps: 1000)) { () throws(StatesError) in try path.select(in: Self.nestedObjects(300), budget: EvaluationBudget(steps: 1000)) }
    }

    @Test func aTemplateCannotNestItsInputPastTheLimit() throws {
        // A Pass loop with `"Parameters": {"a.$": "$"}` nests its input a level deeper each turn.
        let template = try PayloadTemplate.compile(["a.$": "$"])
        var value: JSONValue = ["leaf": true]
        var turns = 1
        do {
            while turns < 1000 {
                value = try template.evaluate(input: value, context: [:], variables: [:])
                turns += 1
            }
            Issue.record("the nesting never stopped")
        } catch {
            #expect(error.limit == .depth(levels: JSONParser.maxDepth))
        }
        #expect(turns == JSONParser.maxDepth)
        #expect(!value.isNested(deeperThan: JSONParser.maxDepth))
    }

    @Test func indefiniteMatchesOfAFullDepthDocumentStayWithinTheLimit() throws {
        // The filter accepts the document itself; wrapping it in the array of matches would pass the limit.
        let document = Self.nestedObjects(JSONParser.maxDepth)
        let itself = try JSONPath.parse("$[?(@.a)]")
        expectLimit(.depth(levels: JSONParser.maxDepth)) { () throws(StatesError) in try itself.select(in: document) }
        #expect(try JSONPath.parse("$.a[?(@.a)]").select(in: document)?.isNested(deeperThan: JSONParser.maxDepth) == false)
    }

    @Test func resultPathCannotPlaceAValueTooDeep() throws {
        let path = try JSONPath.parse("$.a.b")
        #expect(try path.assigning(Self.nested(510), into: [:]) == ["a": ["b": Self.nested(510)]])
        expectLimit(.depth(levels: JSONParser.maxDepth)) { () throws(StatesError) in try path.assigning(Self.nested(511), into: [:]) }
    }

    @Test func intrinsicsThatAddALevelStayWithinTheLimit() throws {
        let input: JSONValue = ["deep": Self.nested(511), "deeper": Self.nested(512)]
        func call(_ text: String) throws -> (JSONValue) throws(StatesError) -> JSONValue {
            let parsed = try IntrinsicFunction.parse(text)
            return { (input: JSONValue) throws(StatesError) in try parsed.evaluate(input: input, context: [:], variables: [:]) }
        }
        #expect(try call("States.Array($.deep)")(input) == [Self.nested(511)])
        #expect(try call("States.ArrayPartition($.deep, 1)")(input) == [[Self.nested(510)]])
        let array = try call("States.Array($.deeper)"), partition = try call("States.ArrayPartition($.deeper, 1)")
        expectLimit(.depth(levels: JSONParser.maxDepth)) { () throws(StatesError) in try array(input) }
        expectLimit(.depth(levels: JSONParser.maxDepth)) { () throws(StatesError) in try partition(input) }
    }

    @Test func intrinsicsOverHugeValuesRunOutOfBudgetBeforeBuildingThem() throws {
        // One 10 KB string shared 2,000 times: 20 MB of text, refused before it is made.
        let arguments = Array(repeating: "$.text", count: 2000).joined(separator: ", ")
        let input: JSONValue = ["text": .string(String(repeating: "x", count: 10_000)), "deep": Self.nested(500)]
        func call(_ text: String) throws -> () throws(StatesError) -> JSONValue {
            let parsed = try IntrinsicFunction.parse(text)
            return { () throws(StatesError) in try parsed.evaluate(input: input, context: [:], variables: [:], budget: EvaluationBudget(steps: 1_000_000)) }
        }
        for text in ["States.JsonToString(States.Array(\(arguments)))", "States.Format('{}', States.Array(\(arguments)))"] {
            expectLimit(.work(steps: 1_000_000), try call(text))
        }
        // States.Hash takes 10,000 characters at most, as on AWS: larger values are refused unprinted.
        let hash = try call("States.Hash(States.Array(\(arguments)), 'SHA-256')")
        #expect(throws: StatesError.self) { try hash() }
        // A deep value prints in time linear in its size.
        #expect(try call("States.Format('{}', $.deep)")() == .string(String(repeating: "[", count: 500) + "1" + String(repeating: "]", count: 500)))
    }

    @Test func stringToJsonKeepsToTheDepthLimit() throws {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let call = try IntrinsicFunction.parse("States.StringToJson($.text)")
        #expect(throws: StatesError.self) { try call.evaluate(input: ["text": .string(text)], context: [:], variables: [:]) }
    }

    @Test func choiceRulesPayForPatternMatching() throws {
        let rule = Condition.comparison(Comparison(variable: "$.s", op: .stringMatches, operand: "*a*a*a*a*a*a*a*a*b"))
        expectLimit(.work(steps: 4000)) { () throws(StatesError) in
            try ChoiceEvaluator.evaluate(rule, input: ["s": .string(String(repeating: "a", count: 5000))], context: [:], variables: [:], budget: EvaluationBudget(steps: 4000))
        }
    }
}
