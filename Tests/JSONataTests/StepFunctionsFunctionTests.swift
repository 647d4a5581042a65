import Foundation
import JSONata
import StepwiseJSON
import Testing

/// The functions AWS Step Functions adds to JSONata, and the injectable environment.
@Suite struct StepFunctionsFunctionTests {
    func eval(_ text: String, input: JSONValue? = nil, environment: JSONataEnvironment = .init()) throws -> JSONValue? {
        try JSONataExpression(text).evaluate(input: input, environment: environment)
    }

    func errorCode(_ text: String) -> String? {
        do {
            _ = try JSONataExpression(text).evaluate(input: nil)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func partitionSplitsIntoChunks() throws {
        #expect(try eval("$partition([0], 1)") == [[0]])
        #expect(try eval("$partition([0, 1, 2], 2)") == [[0, 1], [2]])
        #expect(try eval("$partition([0, 1, 2, 3], 5)") == [[0, 1, 2, 3]])
        #expect(try eval("$partition([1,2,3,4,5,6,7,8,9], 3)") == [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(try eval("$partition([], 3)") == [])
        #expect(errorCode("$partition([1, 2], 0)") == "D3150")
        #expect(errorCode("$partition([1, 2], 1.5)") == "D3150")
    }

    @Test func rangeIncludesTheEndWhenTheStepReachesIt() throws {
        #expect(try eval("$range(0, 9, 3)") == [0, 3, 6, 9])
        #expect(try eval("$range(0, 10, 3)") == [0, 3, 6, 9])
        #expect(try eval("$range(1, 9, 2)") == [1, 3, 5, 7, 9])
        #expect(try eval("$range(0, 10, 2)") == [0, 2, 4, 6, 8, 10])
        #expect(try eval("$range(5, 1, -2)") == [5, 3, 1])
        // A single value is a singleton sequence, which JSONata unwraps (as AWS returns it).
        #expect(try eval("$range(1, 9, 9)") == 1)
        #expect(errorCode("$range(1, 5, 0)") == "D3151")
    }

    @Test func hashSupportsTheFiveAlgorithms() throws {
        #expect(try eval("$hash('hello', 'MD5')") == "5d41402abc4b2a76b9719d911017c592")
        #expect(try eval("$hash('hello', 'SHA-1')") == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")
        #expect(try eval("$hash('hello', 'SHA-256')") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(try eval("$hash('hello', 'SHA-384')") == "59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f")
        #expect(try eval("$hash('hello', 'SHA-512')") == "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043")
        #expect(try eval("$hash('', 'SHA-256')") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Multi-block input and UTF-8 encoding.
        let long = String(repeating: "a", count: 200)
        #expect(try eval("$hash('\(long)', 'MD5')") == "887f30b43b2867f4a9accceee7d16e6c")
        #expect(try eval("$hash('\(long)', 'SHA-256')") == "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5")
        #expect(try eval("$hash('\(long)', 'SHA-512')") == "4b11459c33f52a22ee8236782714c150a3b2c60994e9acee17fe68947a3e6789f31e7668394592da7bef827cddca88c4e6f86e4df7ed1ae6cba71f3e98faee9f")
        #expect(try eval("$hash('é', 'SHA-1')") == "bf15be717ac1b080b4f1c456692825891ff5073d")
        #expect(errorCode("$hash('a', 'SHA-3')") == "D3152")
    }

    @Test func randomWithASeedIsRepeatable() throws {
        let first = try #require(try eval("$random(42)")?.doubleValue)
        #expect(try eval("$random(42)")?.doubleValue == first)
        #expect(first >= 0 && first < 1)
        #expect(try eval("$random(42) = $random(43)") == false)
        let fixed = JSONataEnvironment(random: { 0.25 })
        #expect(try eval("$random()", environment: fixed) == 0.25)
    }

    @Test func uuidComesFromTheEnvironment() throws {
        let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00CF4FC964FF")!
        let environment = JSONataEnvironment(uuid: { id })
        #expect(try eval("$uuid()", environment: environment) == "6f9619ff-8b86-d011-b42d-00cf4fc964ff")
        let generated = try #require(try eval("$uuid()")?.stringValue)
        #expect(UUID(uuidString: generated) != nil)
    }

    @Test func parseReadsJSONText() throws {
        #expect(try eval("$parse('-0')") == 0)
        #expect(try eval("$parse('1.1')") == 1.1)
        #expect(try eval("$parse('\"HelloWorld\"')") == "HelloWorld")
        #expect(try eval("$parse('[1, 2, \"HelloWorld\"]')") == [1, 2, "HelloWorld"])
        #expect(try eval("$parse('{\"Arg1\": 1, \"Arg2\": []}')") == ["Arg1": 1, "Arg2": []])
        #expect(errorCode("$parse('{bad')") == "D3153")
    }

    @Test func clockIsInjected() throws {
        let environment = JSONataEnvironment(clock: { Date(timeIntervalSince1970: 1_521_801_216.617) })
        #expect(try eval("$now()", environment: environment) == "2018-03-23T10:33:36.617Z")
        #expect(try eval("$millis()", environment: environment) == 1_521_801_216_617)
        #expect(try eval("$now('[Y0001]-[M01]-[D01]', '+0100')", environment: environment) == "2018-03-23")
    }

    @Test func hostFunctionsAreCallable() throws {
        let double = try JSONataFunction(signature: "<n:n>") { args in
            .number((args[0]?.doubleValue ?? 0) * 2)
        }
        let environment = JSONataEnvironment(functions: ["double": double])
        #expect(try eval("$map([1, 2, 3], $double)", environment: environment) == [2, 4, 6])
        #expect(try eval("$double(21)", environment: environment) == 42)
        #expect(throws: JSONataError.self) { try eval("$double('x')", environment: environment) }
    }
}
