import Foundation
import StepwiseHandlerABI
import Testing

struct AddInput: Codable, Sendable {
    var x: Int
    var y: Int
}

struct Oven: Error, CustomStringConvertible {
    var description: String { "the oven is off" }
}

@Suite struct HandlerRegistryTests {
    let registry = HandlerRegistry()
        .register("activity/add") { (input: AddInput) in input.x + input.y }
        .register(":oven/bake") { (input: AddInput) -> Int in
            if input.x < 0 { throw HandlerError("oven/too-cold", cause: "only \(input.x) degrees") }
            if input.x == 0 { throw Oven() }
            return input.x
        }

    func text(_ outcome: HandlerOutcome) -> String? {
        if case .output(let bytes) = outcome { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    @Test func handlersAreKeyedByActivityWithoutTheColon() {
        #expect(registry.keys == [HandlerKey(.activity, "activity/add"), HandlerKey(.activity, "oven/bake")])
    }

    @Test func aHandlerTakesAndGivesJSON() async {
        #expect(text(await registry.invoke(HandlerKey(.activity, "activity/add"), input: Array(#"{"x":41,"y":1}"#.utf8))) == "42")
    }

    @Test func lambdaFunctionsIntegrationsAndResourcesHaveKeysOfTheirOwn() async {
        let served = registry
            .lambda("price-order") { (input: AddInput) in input.x * input.y }
            .integration("dynamodb:putItem") { (_: [String: String]) in [String: String]() }
            .resource("arn:aws:states:::http:invoke") { (_: [String: String]) in 200 }
        #expect(served.keys == [
            HandlerKey(.activity, "activity/add"), HandlerKey(.activity, "oven/bake"), HandlerKey(.lambda, "price-order"),
            HandlerKey(.integration, "dynamodb:putItem"), HandlerKey(.resource, "arn:aws:states:::http:invoke"),
        ])
        #expect(text(await served.invoke(HandlerKey(.lambda, "price-order"), input: Array(#"{"x":6,"y":7}"#.utf8))) == "42")
        // An activity and a Lambda function of the same name are different handlers.
        #expect(text(await served.invoke(HandlerKey(.lambda, "activity/add"), input: Array(#"{"x":6,"y":7}"#.utf8))) == nil)
    }

    /// Activities cross the C ABI as their bare keyword, as in version 1, so older libraries load.
    @Test(arguments: [
        (HandlerKey(.activity, "activity/add"), "activity/add"), (HandlerKey(.lambda, "price-order"), "lambda:price-order"),
        (HandlerKey(.integration, "aws-sdk:s3:getObject"), "integration:aws-sdk:s3:getObject"),
        (HandlerKey(.resource, "arn:aws:states:::http:invoke"), "resource:arn:aws:states:::http:invoke"),
    ])
    func keysCrossTheABIAsText(_ key: HandlerKey, _ encoded: String) {
        #expect(key.encoded == encoded)
        #expect(HandlerKey(encoded: encoded) == key)
    }

    @Test func inputThatDoesNotDecodeIsAnInvalidInputFailure() async throws {
        guard case .failure(let error) = await registry.invoke(HandlerKey(.activity, "activity/add"), input: Array(#"{"x":"a"}"#.utf8)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.name == "Stepwise.InvalidInput")
        #expect(error.cause.contains("AddInput"))
    }

    @Test func aHandlerErrorChoosesTheErrorName() async {
        #expect(await registry.invoke(HandlerKey(.activity, "oven/bake"), input: Array(#"{"x":-5,"y":0}"#.utf8)) == .failure(HandlerError("oven/too-cold", cause: "only -5 degrees")))
    }

    @Test func otherErrorsAreNamedAfterTheirType() async {
        #expect(await registry.invoke(HandlerKey(.activity, "oven/bake"), input: Array(#"{"x":0,"y":0}"#.utf8)) == .failure(HandlerError("Oven", cause: "the oven is off")))
    }

    @Test func anUnknownActivityIsAFailureNotACrash() async {
        guard case .failure(let error) = await registry.invoke(HandlerKey(.activity, "activity/nope"), input: []) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.name == "Stepwise.NoHandler")
    }

    @Test func hostResponsesCarryOutcomesBothWays() throws {
        for outcome in [HandlerOutcome.output(Array("{\"a\":[1,2]}".utf8)), .failure(HandlerError("x/y", cause: "line 1\nline 2"))] {
            let line = try HostLine.encode(HostResponse(id: 7, outcome: outcome))
            #expect(line.last == UInt8(ascii: "\n"))
            #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
            let decoded = try HostLine.decode(HostResponse.self, from: Array(line.dropLast()))
            #expect(decoded.id == 7)
            #expect(decoded.outcome == outcome)
        }
    }

    @Test func payloadsKeepTheirExactText() throws {
        let request = HostRequest(id: 1, handler: HandlerKey(.lambda, "price-order"), input: #"{"x":12345678901234567890123,"y":0.10}"#)
        let decoded = try HostLine.decode(HostRequest.self, from: Array(try HostLine.encode(request).dropLast()))
        #expect(decoded == request)
    }

    @Test func aLibraryThatCannotBeLoadedIsAnErrorNamingIt() throws {
        let error = try #require(throws: HandlerLibraryError.self) { try HandlerLibrary(path: "/nonexistent/libNothing.so") }
        #expect(error.description.contains("cannot load /nonexistent/libNothing.so"))
    }
}
