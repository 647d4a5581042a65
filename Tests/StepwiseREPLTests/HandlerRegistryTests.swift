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
        #expect(registry.activities == ["activity/add", "oven/bake"])
    }

    @Test func aHandlerTakesAndGivesJSON() async {
        #expect(text(await registry.invoke("activity/add", input: Array(#"{"x":41,"y":1}"#.utf8))) == "42")
    }

    @Test func inputThatDoesNotDecodeIsAnInvalidInputFailure() async throws {
        guard case .failure(let error) = await registry.invoke("activity/add", input: Array(#"{"x":"a"}"#.utf8)) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.name == "Stepwise.InvalidInput")
        #expect(error.cause.contains("AddInput"))
    }

    @Test func aHandlerErrorChoosesTheErrorName() async {
        #expect(await registry.invoke("oven/bake", input: Array(#"{"x":-5,"y":0}"#.utf8)) == .failure(HandlerError("oven/too-cold", cause: "only -5 degrees")))
    }

    @Test func otherErrorsAreNamedAfterTheirType() async {
        #expect(await registry.invoke("oven/bake", input: Array(#"{"x":0,"y":0}"#.utf8)) == .failure(HandlerError("Oven", cause: "the oven is off")))
    }

    @Test func anUnknownActivityIsAFailureNotACrash() async {
        guard case .failure(let error) = await registry.invoke("activity/nope", input: []) else {
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
        let request = HostRequest(id: 1, activity: "activity/add", input: #"{"x":12345678901234567890123,"y":0.10}"#)
        let decoded = try HostLine.decode(HostRequest.self, from: Array(try HostLine.encode(request).dropLast()))
        #expect(decoded == request)
    }

    @Test func aLibraryThatCannotBeLoadedIsAnErrorNamingIt() throws {
        let error = try #require(throws: HandlerLibraryError.self) { try HandlerLibrary(path: "/nonexistent/libNothing.so") }
        #expect(error.description.contains("cannot load /nonexistent/libNothing.so"))
    }
}
