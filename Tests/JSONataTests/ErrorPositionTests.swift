import Foundation
import JSONata
import StepwiseJSON
import Testing

/// Error codes, positions (JSONata reports the offset just past the offending token) and tokens,
/// and the limits that stop runaway evaluations.
@Suite struct ErrorPositionTests {
    func failure(_ text: String, input: JSONValue? = nil, environment: JSONataEnvironment = .init()) -> JSONataError? {
        do {
            _ = try JSONataExpression(text).evaluate(input: input, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func syntaxErrors() {
        #expect(failure("1 +")?.code == "S0207")
        #expect(failure("1 +")?.position == 3)
        #expect(failure("[1,2")?.code == "S0203")
        #expect(failure("[1,2")?.position == 4)
        #expect(failure("1 ? 2 : 3 : 4")?.code == "S0201")
        #expect(failure("1 ? 2 : 3 : 4")?.position == 11)
        #expect(failure("1 ? 2 : 3 : 4")?.token == ":")
        #expect(failure("\"unterminated")?.code == "S0101")
        #expect(failure("5 ! 3")?.code == "S0204")
        #expect(failure("$x := ")?.code == "S0207")
        #expect(failure("3 := 4")?.code == "S0212")
        #expect(failure("function(a){1}")?.code == "S0208")
        #expect(failure("/* open")?.code == "S0106")
        #expect(failure("%.a")?.code == "S0217")
    }

    @Test func evaluationErrorsReportTheOperator() {
        let error = failure("\"abc\" + 1")
        #expect(error?.code == "T2001")
        #expect(error?.position == 7)
        #expect(error?.token == "+")
        #expect(error?.message == "The left side of the \"+\" operator must evaluate to a number")
        #expect(failure("{\"a\": 1}.(a + \"x\")")?.position == 13)
        #expect(failure("1 < \"a\"")?.code == "T2009")
        #expect(failure("-\"a\"")?.code == "D1002")
        #expect(failure("[1..\"a\"]")?.code == "T2004")
    }

    @Test func functionErrorsReportTheCall() {
        let signature = failure("$string(1, 2, 3)")
        #expect(signature?.code == "T0410")
        #expect(signature?.index == 2)
        #expect(signature?.token == "string")
        #expect(signature?.position == 8)
        #expect(failure("$sum('a')")?.code == "T0412")
        #expect(failure("$undefinedFunction(1)")?.code == "T1006")
        #expect(failure("$number('x')")?.code == "D3030")
        #expect(failure("$error('custom')")?.message == "custom")
        #expect(failure("$assert(false, 'nope')")?.code == "D3141")
    }

    @Test func resultsMustBeJSON() {
        #expect(failure("1/0")?.code == "D1001")
        #expect(failure("function($x){$x}")?.code == "T1011")
    }

    @Test func deepRecursionFailsCleanly() {
        let recursion = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))"
        #expect(failure(recursion)?.code == "U1001")
        #expect(failure(recursion, environment: JSONataEnvironment(maxDepth: 50))?.code == "U1001")
    }

    @Test func tailCallsDoNotGrowTheStack() throws {
        let loop = "($f := function($n, $acc) { $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(20000, 0))"
        #expect(try JSONataExpression(loop).evaluate(input: nil) == 20000)
    }

    @Test func budgetStopsInfiniteLoops() {
        let environment = JSONataEnvironment(budget: JSONataBudget(time: .milliseconds(50)))
        #expect(failure("($f := function() { $f() }; $f())", environment: environment)?.code == "U1002")
    }
}
