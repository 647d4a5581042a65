import AWSSigV4
import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseServer
import Testing

/// The Host allow-list against DNS rebinding: loopback names, the bound address, `--allow-host`.
@Suite struct HostAllowListTests {
    static func request(host: String?) -> WireRequest {
        var request = EndpointTests.request("AWSStepFunctions.ListActivities", "{}")
        request.headers = request.headers.filter { $0.name.lowercased() != "host" } + (host.map { [HTTPHeader("Host", $0)] } ?? [])
        return request
    }

    @Test(arguments: ["localhost", "localhost:8083", "LocalHost:1", "127.0.0.1", "127.0.0.1:8083", "[::1]", "[::1]:8083"])
    func loopbackNamesAreAcceptedWithOrWithoutAPort(_ host: String) {
        #expect(HostAllowList(boundTo: "127.0.0.1").allows(host))
    }

    @Test(arguments: [
        "attacker.example", "attacker.example:8083", "127.0.0.1.attacker.example", "localhost.attacker.example:8083", "localhost:",
        "localhost:80a", "[::1", "::1", "", "local host", "127.0.0.2",
    ])
    func otherNamesAreRefused(_ host: String) {
        #expect(!HostAllowList(boundTo: "127.0.0.1").allows(host))
    }

    @Test func aMissingHostHeaderIsRefused() {
        #expect(!HostAllowList(boundTo: "127.0.0.1").allows(nil))
    }

    @Test func allowHostNamesAreAcceptedInAnyCaseAndWithAnyPort() {
        let list = HostAllowList(boundTo: "127.0.0.1", extra: ["Stepwise.Internal", "fd00::5"])
        #expect(list.allows("stepwise.internal:8083"))
        #expect(list.allows("STEPWISE.INTERNAL"))
        #expect(list.allows("[fd00::5]:8083"))
        #expect(!list.allows("other.internal"))
    }

    @Test func aNonLoopbackBindAcceptsItsOwnAddressButAWildcardBindDoesNot() {
        #expect(HostAllowList(boundTo: "192.168.1.20").allows("192.168.1.20:8083"))
        #expect(HostAllowList(boundTo: "fd00::1").allows("[fd00::1]:8083"))
        #expect(!HostAllowList(boundTo: "0.0.0.0").allows("0.0.0.0:8083"))
        #expect(!HostAllowList(boundTo: "::").allows("[::]:8083"))
        #expect(HostAllowList(boundTo: "0.0.0.0").allows("localhost:8083"))
    }

    @Test func aStarAcceptsAnyHost() {
        let list = HostAllowList(boundTo: "0.0.0.0", extra: ["*"])
        #expect(list.allows("whatever.example:1"))
        #expect(list.allows(nil))
    }

    @Test(arguments: [("localhost", "localhost"), ("::1", "[::1]"), ("[FD00::1]", "[fd00::1]"), ("My-Host.internal", "my-host.internal")])
    func namesAreNormalizedToHostHeaderForm(_ given: String, _ expected: String) {
        #expect(HostAllowList.normalized(given) == expected)
    }

    @Test(arguments: ["", "host:8083", "http://host", "a b", "host/path"])
    func malformedNamesAreNotNames(_ given: String) {
        #expect(HostAllowList.normalized(given) == nil)
    }

    @Test func theEndpointRefusesOtherHostsWithAnAWSErrorNamingTheHeaderAndTheOption() async throws {
        let endpoint = StepFunctionsEndpoint(backend: Engine(), credentials: .acceptAny)
        let response = await endpoint.respond(to: Self.request(host: "rebound.example:8083"))
        #expect(response.status == 403)
        let body = try EndpointTests.object(response)
        #expect(body["__type"] as? String == "com.amazon.coral.service#AccessDeniedException")
        let message = try #require(body["message"] as? String)
        #expect(message.contains("Host header 'rebound.example:8083'"))
        #expect(message.contains("--allow-host rebound.example"))
    }

    @Test func theHostIsCheckedBeforeTheSignature() async throws {
        let endpoint = StepFunctionsEndpoint(backend: Engine(), credentials: .require([SignatureTests.key]))
        let response = await endpoint.respond(to: Self.request(host: nil))
        #expect(response.status == 403)
        #expect(try EndpointTests.object(response)["message"] as? String ?? "" == "The request has no Host header; this server answers only requests that name it (see stepwise serve --help, --allow-host)")
    }

    @Test func theEndpointAnswersNamesItWasGiven() async throws {
        let endpoint = StepFunctionsEndpoint(backend: Engine(), credentials: .acceptAny, hosts: HostAllowList(boundTo: "127.0.0.1", extra: ["sfn.local"]))
        #expect(await endpoint.respond(to: Self.request(host: "sfn.local:8083")).status == 200)
        #expect(await endpoint.respond(to: Self.request(host: "localhost:8083")).status == 200)
    }
}
