import Foundation
import StepwiseJSON
import Testing
@testable import JSONata

/// Inputs a hostile client could send to `stepwise serve` through JSONata: each must end in a
/// value or a clean `JSONataError`, never a crash or an evaluation that does not stop.
@Suite(.timeLimit(.minutes(5))) struct HostileInputTests {
    /// A budget small enough for runaway cases to stop quickly in a debug build.
    static let small = JSONataBudget(steps: 1_000_000, time: .seconds(30))

    func outcome(_ text: String, input: JSONValue? = nil, budget: JSONataBudget = JSONataBudget()) -> Result<JSONValue?, JSONataError> {
        Result { () throws(JSONataError) -> JSONValue? in
            try JSONataExpression(text).evaluate(input: input, environment: JSONataEnvironment(budget: budget))
        }
    }

    func failure(_ text: String, input: JSONValue? = nil, budget: JSONataBudget = JSONataBudget()) -> JSONataError? {
        if case .failure(let error) = outcome(text, input: input, budget: budget) { return error }
        return nil
    }

    func value(_ text: String, input: JSONValue? = nil, budget: JSONataBudget = JSONataBudget()) throws -> JSONValue? {
        try outcome(text, input: input, budget: budget).get()
    }

    /// Runs `body` on a thread with a 512 KiB stack, the least a thread of Swift's cooperative
    /// pool may have.
    func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    static let stepsSpent = "The evaluation exceeded its budget of 1000000 steps (JSONataBudget.steps)"
    static let tooDeepValue = "The value nests deeper than 512 levels, the limit for JSON data (JSONParser.maxDepth)"
    static let tooDeepExpression = "The expression nests deeper than 300 levels (JSONataExpression.maxNesting)"

    // MARK: expressions nested too deep to parse

    @Test(arguments: [
        (String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000), 301),
        (String(repeating: "-", count: 3000) + "1", 301),
        (String(repeating: "[", count: 3000) + "1" + String(repeating: "]", count: 3000), 301),
        (String(repeating: "$f(", count: 3000) + "1" + String(repeating: ")", count: 3000), 902),
        // Chains nest to the left without recursing in the parser: the tree is what is too deep.
        ("1" + String(repeating: "+1", count: 5000), 600),
        ("a" + String(repeating: ".a", count: 5000), 600),
        ("a" + String(repeating: "[0]", count: 5000), 899),
    ])
    func deeplyNestedExpressionsFailToParse(text: String, position: Int) {
        let error = failure(text)
        #expect(error?.code == "U1004")
        #expect(error?.message == Self.tooDeepExpression)
        #expect(error?.position == position)
    }

    @Test func expressionsAtTheNestingLimitParseAndRunOnASmallStack() async throws {
        let depth = JSONataExpression.maxNesting - 1
        let parenthesised = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        let chained = "1" + String(repeating: "+1", count: depth - 1)
        let results = await onSmallStack {
            [parenthesised, chained].map { text in
                Result { () throws(JSONataError) -> JSONValue? in try JSONataExpression(text).evaluate(input: nil) }
            }
        }
        #expect(try results[0].get() == 1)
        #expect(try results[1].get() == .number(JSONNumber(Double(depth))))
    }

    @Test func aLongRunOfCommentsDoesNotRecurse() throws {
        #expect(try value(String(repeating: "/**/", count: 100_000) + "1") == 1)
    }

    // MARK: values nested too deep

    @Test(arguments: [
        "$reduce([1..10000], function($acc, $x) { {\"a\": $acc} }, {})",
        "$reduce([1..10000], function($acc, $x) { [[$acc]] }, 0)",
        "$reduce([1..10000], function($acc, $x) { $spread({\"a\": $acc}) }, 0)",
        "$reduce([1..10000], function($acc, $x) { $zip($acc, [1]) }, [1])",
        "$reduce([1..10000], function($acc, $x) { $map([1, 2], function($v) { $acc }) }, 0)",
    ])
    func resultsNestedDeeperThanJSONAllowsFail(expression: String) {
        let error = failure(expression)
        #expect(error?.code == "U1003")
        #expect(error?.message == Self.tooDeepValue)
    }

    @Test func resultsAtTheDepthLimitAreReturned() throws {
        var expected: JSONValue = 0
        for _ in 0..<Value.maxDepth { expected = [expected] }
        // `[[$acc]]` adds a level to an array (`[$acc]` alone would flatten it).
        #expect(try value("$reduce([1..511], function($acc, $x) { [[$acc]] }, 0)") == expected)
        #expect(failure("$reduce([1..512], function($acc, $x) { [[$acc]] }, 0)")?.code == "U1003")
    }

    /// Every walk over a value (comparison, text, copies, casts, navigation) stops at the limit.
    @Test(arguments: [
        "$deep = $deep", "$string($deep)", "$distinct([$deep, $deep])", "$clone($deep)", "$boolean($deep)",
        "$deep.**", "$keys($deep)", "$spread($deep)", "$sort([$deep, $deep], function($a, $b) { $a = $b })",
        "$lookup($deep, 'x')", "$deep.*",
    ])
    func walksOverTooDeepValuesFail(operation: String) {
        let error = failure("($deep := $reduce([1..600], function($acc, $x) { [[$acc]] }, 0); \(operation))")
        #expect(error?.code == "U1003")
        #expect(error?.message == Self.tooDeepValue)
    }

    @Test func inputNestedDeeperThanJSONAllowsFails() {
        var input: JSONValue = 0
        for _ in 0...Value.maxDepth { input = ["a": input] }
        #expect(failure("$", input: input)?.code == "U1003")
        do {
            _ = try JSONataExpression("$x").evaluate(input: nil, bindings: ["x": input])
            Issue.record("a binding nested too deep was accepted")
        } catch {
            #expect(error.code == "U1003")
        }
    }

    /// Values nested far deeper than a stack holds (an evaluation's budget allows millions of
    /// levels) are released without recursion, even on a small stack.
    @Test func chainsFarDeeperThanAStackAreReleasedOnASmallStack() async {
        let depth = 100_000
        let done = await onSmallStack {
            var array = Value.null
            for _ in 0..<depth { array = .array(JArray([array])) }
            var object = Value.null
            for _ in 0..<depth { object = .object(JObject(["a": object])) }
            var frame: Frame?
            for _ in 0..<depth { frame = Frame(parent: frame) }
            var function = Value.null
            let body = Node(kind: .literal, position: 0)
            for _ in 0..<depth {
                let scope = Frame(parent: nil)
                scope.bind("f", function)
                function = .function(JFunction(Lambda(params: [], body: body, input: function, environment: scope)))
            }
            var native = Value.null
            for _ in 0..<depth {
                let captured = native
                native = .function(JFunction(NativeFunction(name: "n", arity: 0, parameterCount: 0) { (_) throws(JSONataError) -> Value? in captured }))
            }
            (array, object, frame, function, native) = (.null, .null, nil, .null, .null)
            return true
        }
        #expect(done)
    }

    @Test func aChainOfClosuresIsReleased() throws {
        #expect(try value("$reduce([1..20000], function($acc, $x) { function() { $acc } }, 0) ~> $type()") == "function")
    }

    /// Compositions and partial applications call the functions they captured: a chain of them
    /// counts against `maxDepth` like any recursion.
    @Test(arguments: [
        "($chain := function($f, $n) { $n = 0 ? $f : $chain($f ~> $abs, $n - 1) }; $chain($abs, 20000)(-1))",
        "($chain := function($f, $n) { $n = 0 ? $f : $chain($f(?), $n - 1) }; $chain($abs, 20000)(-1))",
    ])
    func chainsOfNativeFunctionsHitTheRecursionLimit(expression: String) {
        #expect(failure(expression)?.code == "U1001")
    }

    // MARK: pictures and numbers

    @Test func aZeroDigitBeyondUnicodePrintsReplacementCharacters() throws {
        #expect(try value("$formatNumber(12345, '#', {'zero-digit': '\u{10FFFF}'})") == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(try value("$formatNumber(10, '#', {'zero-digit': '\u{10FFFF}'})") == "\u{FFFD}\u{10FFFF}")
        #expect(try value("$formatNumber(1, '#', {'zero-digit': '\u{D7FB}'})") == "\u{D7FC}")
        #expect(try value("$formatNumber(9, '#', {'zero-digit': '\u{D7FB}'})") == "\u{FFFD}")
    }

    @Test(arguments: ["$formatInteger(1/0, 'w')", "$formatInteger(-1/0, 'W')", "$formatInteger(0/0, 'Ww')"])
    func wordsForNonFiniteNumbersFail(expression: String) {
        let error = failure(expression)
        #expect(error?.code == "D1001")
        #expect(error?.message.hasPrefix("Number out of range: ") == true)
    }

    @Test func hugeTimeZoneOffsetsAreFarAwayDates() throws {
        #expect(try value("$fromMillis(0, '[Y]', '9999999999999999')") == "144683")
        #expect(try value("$fromMillis(0, '[Z]', '-9223372036854775807')") == "-9:22:33:72:03:68:54:77:60:00")
        #expect(try value("$fromMillis(0, '[Z0001]', '9223372036854775807')") == "+9223372036854776000")
    }

    /// `[,]`: the reference's `substring(1, 0)` swaps its bounds, making `,` the modifier.
    @Test func aDateMarkerThatIsOnlyACommaFormatsAsNothing() throws {
        #expect(try value("$fromMillis(0, '[,]')") == "")
        #expect(try value("$fromMillis(0, 'a[,]b[,5]')") == "ab")
    }

    @Test func aRandomSourceOutsideItsRangeCannotTrapAShuffle() throws {
        for random in [Double.nan, .infinity, -1e300, 1e300] {
            let environment = JSONataEnvironment(random: { random })
            let shuffled = try JSONataExpression("$sort($shuffle([1, 2, 3]))").evaluate(input: nil, environment: environment)
            #expect(shuffled == [1, 2, 3])
        }
    }

    @Test func hugeParsedTimeFieldsAreFarAwayInstants() throws {
        let environment = JSONataEnvironment(clock: { Date(timeIntervalSince1970: 0) })
        let millis = try JSONataExpression("$toMillis('99999999999999', '[H]')").evaluate(input: nil, environment: environment)
        #expect(millis == .number(JSONNumber(99_999_999_999_999 * 3_600_000.0)))
    }

    @Test(arguments: [
        "$fromMillis(0, '[Y,999999999999]')", "$fromMillis(0, '[Y0,*-999999999999]')",
        "$formatNumber(1, '\(String(repeating: "0,", count: 2000))0')", "$formatInteger(1, '\(String(repeating: "0,", count: 2000))0')",
        "$pad('x', 5000000)", "$pad('x', -5000000, 'ab')",
    ])
    func paddingAndPicturesCostTheirSize(expression: String) {
        let error = failure(expression, budget: Self.small)
        #expect(error?.code == "U1002")
        #expect(error?.message == Self.stepsSpent)
    }

    @Test func hugeAndNonNumericNumbersDoNotTrap() throws {
        #expect(try value("$split('a,b', ',', 0/0)") == [])
        #expect(try value("$split('a,b', /,/, 0/0)") == [])
        #expect(try value("$split('a,b,c', ',', 1e300)") == ["a", "b", "c"])
        #expect(try value("$substring('hello', 1e300, 1e300)") == "")
        #expect(try value("$substring('hello', -1e300)") == "hello")
        #expect(try value("$substring('hello', 0/0)") == "hello")
        #expect(try value("$substring('hello', 1, 0/0)") == "")
        #expect(try value("$match('aaa', /a/, 0/0)") == nil)
        #expect(try value("$replace('aaa', 'a', 'b', 0/0)") == "aaa")
        #expect(try value("$formatBase(1e300, 2)") == "1e+300")
        #expect(try value("$partition([1, 2], 1e300)") == [[1, 2]])
        #expect(try value("[1, 2, 3][1e300]") == nil)
        #expect(try value("'abc'[-1e300]") == nil)
        #expect(try value("$fromMillis(1e300)") == "4683-05-23T16:29:30.496Z")
        #expect(try value("$fromMillis(0/0)") == "1970-01-01T00:00:00.000Z")
        #expect(failure("$power(2, 1e300)")?.code == "D3061")
        #expect(failure("$pad('x', 1e300)")?.code == "D1001")
        #expect(failure("$partition([1], 0/0)")?.code == "D3150")
        #expect(failure("[0/0..5]")?.code == "T2003")
        #expect(failure("[1..1e300]")?.code == "D2014")
        #expect(failure("$range(0, 1e300)")?.code == "D2014")
    }

    // MARK: work that would not stop

    @Test(arguments: [
        "($f := function($n) { $f($n + 1) }; $f(0))",
        "($f := function() { $f() }; $f())",
        "($even := function($n) { $odd($n + 1) }; $odd := function($n) { $even($n + 1) }; $even(0))",
        "$count([1..10000000])",
        "$count($range(1, 10000000))",
        "$reduce([1..100000], $append, [])",
        "$reduce([1..100000], function($a, $x) { $a & 'xxxxxxxxxx' }, '')",
        "$distinct([1..3000].{'a': $})",
        "($s := $pad('', 10000, 'a'); $reduce([1..100000], function($a, $x) { $a and $s = $s }, true))",
        "($a := [1..100000]; $reduce([1..1000], function($n, $x) { 0 in $a }, 0))",
        // Partial applications chain frames: every lookup of `$abs` walks the chain.
        "($chain := function($f, $n) { $n = 0 ? $f : $chain($f(?), $n - 1) }; $chain(function($a) { $sum([1..1000].$abs($)) }, 20000)(1))",
    ])
    func loopsStopAtTheStepBudget(expression: String) {
        let error = failure(expression, budget: Self.small)
        #expect(error?.code == "U1002")
        #expect(error?.message == Self.stepsSpent)
    }

    @Test func loopsStopAtTheTimeBudget() {
        let error = failure("($f := function($n) { $f($n + 1) }; $f(0))", budget: JSONataBudget(steps: .max, time: .milliseconds(100)))
        #expect(error?.code == "U1002")
        #expect(error?.message == "The evaluation exceeded its budget of 100 ms (JSONataBudget.time)")
    }

    @Test func unboundedRecursionHitsTheDepthLimit() {
        #expect(failure("($f := function($n) { 1 + $f($n + 1) }; $f(0))")?.code == "U1001")
    }

    @Test(arguments: [
        "$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+b/)",
        "$contains('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+b/)",
        "$replace('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+b/, 'x')",
        "$split('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+b/)",
        "/(a+)+b/('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')",
        "$toMillis($pad('', 3000, '1') & 'x', '[Y][M][D][H][m][s][f]')",
        "$toMillis('2020' & $join($map([1..20000], function($i) { '-01' })) & 'x')",
    ])
    func catastrophicRegexMatchingStopsAtTheBudget(expression: String) {
        let error = failure(expression, budget: Self.small)
        #expect(error?.code == "U1002")
        #expect(error?.message == Self.stepsSpent)
    }

    /// Searching for a string is linear (Foundation's search is quadratic on repetitive text).
    @Test func searchingRepetitiveTextIsLinear() throws {
        let haystack = "$pad('', 200000, 'a')"
        let needle = "($pad('', 100000, 'a') & 'b')"
        #expect(try value("$contains(\(haystack), \(needle))") == false)
        #expect(try value("$length($substringBefore(\(haystack), \(needle)))") == 200_000)
        #expect(try value("$count($split(\(haystack), \(needle)))") == 1)
        #expect(try value("$length($replace(\(haystack), \(needle), 'x'))") == 200_000)
    }

    /// `$spread` and `*` appended item by item, copying the result each time.
    @Test func spreadingAndWildcardsAreLinear() throws {
        #expect(try value("$count($spread([1..20000].{'a': $}))") == 20000)
        #expect(try value("$count($merge([1..20000].{$string($): [$]}).*)") == 20000)
    }

    // MARK: large stacks

    @Test func evaluationRunsInlineOnALargeStackThread() async throws {
        @Sendable func here() -> String { "\(ObjectIdentifier(Thread.current).hashValue) \(LargeStack.isCurrentThreadLarge)" }
        let expression = try JSONataExpression("$thread()")
        let environment = JSONataEnvironment(functions: [
            "thread": try JSONataFunction { (_) throws(JSONataError) -> JSONValue? in .string(here()) },
        ])
        let (isLarge, sameThread): (Bool, Bool) = await withCheckedContinuation { continuation in
            LargeStack.detachThread(name: "detached") {
                let evaluated = try? expression.evaluate(input: nil, environment: environment)
                continuation.resume(returning: (LargeStack.isCurrentThreadLarge, evaluated == .string(here())))
            }
        }
        #expect(isLarge && sameThread)
        // Elsewhere the evaluation moves to a large-stack thread of its own.
        #expect(!LargeStack.isCurrentThreadLarge)
        let elsewhere = try expression.evaluate(input: nil, environment: environment)?.stringValue
        #expect(elsewhere?.hasSuffix(" true") == true)
        #expect(elsewhere != here())
    }

    @Test func theAsyncRunSuspendsTheCaller() async throws {
        let expression = try JSONataExpression("$reduce([1..1000], function($a, $x) { $a + $x }, 0)")
        let sum = try await LargeStack.run { () throws(JSONataError) -> JSONValue? in try expression.evaluate(input: nil) }
        #expect(sum == 500_500)
        do {
            _ = try await LargeStack.run { () throws(JSONataError) -> JSONValue? in try JSONataExpression("$error('x')").evaluate(input: nil) }
            Issue.record("the error was lost")
        } catch {
            #expect(error.code == "D3137")
        }
    }
}
