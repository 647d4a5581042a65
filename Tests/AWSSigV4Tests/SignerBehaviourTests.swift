import AWSSigV4
import Foundation
import Testing

@Suite("SigV4 signer behaviour")
struct SignerBehaviourTests {
    let credentials = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token/+=")
    let date = Date(timeIntervalSince1970: 1_440_938_160) // 2015-08-30T12:36:00Z

    @Test("Host carries a non-default port and omits the scheme's default one", arguments: [
        ("http://127.0.0.1:8083/", "127.0.0.1:8083"),
        ("http://localhost:80/", "localhost"),
        ("https://states.us-east-1.amazonaws.com:443/", "states.us-east-1.amazonaws.com"),
        ("https://states.us-east-1.amazonaws.com:8443/", "states.us-east-1.amazonaws.com:8443"),
        ("http://localhost:443/", "localhost:443"),
        ("http://[::1]:8083/", "[::1]:8083"),
    ])
    func hostHeader(url: String, host: String) throws {
        let request = try SigningRequest(method: "POST", url: try #require(URL(string: url)))
        #expect(request.headers == [HTTPHeader("Host", host)])
        let signed = try SigV4Signer(credentials: credentials, region: "us-east-1", service: "states").signHeaders(request, date: date)
        #expect(signed.canonicalRequest.contains("\nhost:\(host)\n"))
    }

    @Test("building from a URL keeps the wire path and query and an explicit Host")
    func fromURL() throws {
        let url = try #require(URL(string: "http://example.com/a%20b/c?x=1&y=%2F"))
        let request = try SigningRequest(method: "GET", url: url, headers: [HTTPHeader("host", "proxy.example")])
        #expect(request.path == "/a%20b/c")
        #expect(request.query == "x=1&y=%2F")
        #expect(request.headers == [HTTPHeader("host", "proxy.example")])
        #expect(try SigningRequest(method: "GET", url: try #require(URL(string: "http://example.com"))).path == "/")
    }

    @Test("a URL without a host is rejected")
    func urlWithoutHost() throws {
        // Not a file URL made from a path: Foundation appends a slash when the path is a directory.
        let url = try #require(URL(string: "file:///nowhere/x"))
        #expect(throws: SigV4Error.urlWithoutHost("file:///nowhere/x")) {
            try SigningRequest(method: "GET", url: url)
        }
    }

    @Test("a request without Host cannot be signed")
    func missingHost() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "states")
        let request = SigningRequest(method: "POST", path: "/", headers: [])
        #expect(throws: SigV4Error.missingHost) { try signer.signHeaders(request, date: date) }
        #expect(throws: SigV4Error.missingHost) { try signer.presign(request, date: date, expiresIn: 60) }
    }

    @Test("presigned expiry must be between one second and seven days", arguments: [0, -5, 604_801])
    func invalidExpiry(seconds: Int) {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let request = SigningRequest(method: "GET", path: "/", headers: [HTTPHeader("Host", "h")])
        #expect(throws: SigV4Error.invalidExpiration(seconds)) { try signer.presign(request, date: date, expiresIn: seconds) }
    }

    @Test("the session token is signed unless omitted, and sent either way")
    func sessionToken() throws {
        let request = SigningRequest(method: "POST", path: "/", headers: [HTTPHeader("Host", "h")])
        let signed = try SigV4Signer(credentials: credentials, region: "r", service: "s").signHeaders(request, date: date)
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(signed.headersToAdd.first(named: "X-Amz-Security-Token") == "token/+=")

        let omitted = try SigV4Signer(credentials: credentials, region: "r", service: "s", options: SigningOptions(omitSessionToken: true))
            .signHeaders(request, date: date)
        #expect(omitted.signedHeaders == "host;x-amz-date")
        #expect(omitted.headersToAdd.first(named: "X-Amz-Security-Token") == "token/+=")

        let presigned = try SigV4Signer(credentials: credentials, region: "r", service: "s").presign(request, date: date, expiresIn: 60)
        #expect(presigned.canonicalRequest.contains("X-Amz-Security-Token=token%2F%2B%3D"))
        #expect(presigned.query.contains("X-Amz-Security-Token=token%2F%2B%3D"))
    }

    @Test("headers that proxies rewrite are not signed; existing auth headers are replaced")
    func unsignedAndReplacedHeaders() throws {
        let request = SigningRequest(method: "POST", path: "/", headers: [
            HTTPHeader("Host", "h"), HTTPHeader("User-Agent", "stepwise"), HTTPHeader("Connection", "keep-alive"),
            HTTPHeader("Authorization", "stale"), HTTPHeader("X-Amz-Date", "19990101T000000Z"),
            HTTPHeader("Content-Type", "application/x-amz-json-1.0"),
        ])
        let signer = SigV4Signer(credentials: SigningCredentials(accessKeyId: "AK", secretAccessKey: "s"), region: "r", service: "states")
        let signed = try signer.signHeaders(request, date: date)
        #expect(signed.signedHeaders == "content-type;host;x-amz-date")
        let sent = signed.apply(to: request.headers)
        #expect(sent.values(for: "authorization") == [signed.authorization])
        #expect(sent.values(for: "x-amz-date") == ["20150830T123600Z"])
        #expect(sent.values(for: "user-agent") == ["stepwise"])
    }

    @Test("S3 keeps dot segments and does not re-encode the path; other services do both")
    func pathOptions() throws {
        let request = SigningRequest(method: "GET", path: "/bucket/./a%20b/../c", headers: [HTTPHeader("Host", "h")])
        let plain = SigningCredentials(accessKeyId: "AK", secretAccessKey: "s")
        let s3 = try SigV4Signer(credentials: plain, region: "r", service: "s3", options: .s3).signHeaders(request, date: date)
        #expect(s3.canonicalRequest.components(separatedBy: "\n")[1] == "/bucket/./a%20b/../c")
        let states = try SigV4Signer(credentials: plain, region: "r", service: "states").signHeaders(request, date: date)
        #expect(states.canonicalRequest.components(separatedBy: "\n")[1] == "/bucket/c")
        let encoded = SigningRequest(method: "GET", path: "/a%20b", headers: [HTTPHeader("Host", "h")])
        let doubled = try SigV4Signer(credentials: plain, region: "r", service: "states").signHeaders(encoded, date: date)
        #expect(doubled.canonicalRequest.components(separatedBy: "\n")[1] == "/a%2520b")
    }

    @Test("query parameters: any input encoding signs canonically; repeated names sort by value")
    func queryCanonicalisation() throws {
        let plain = SigningCredentials(accessKeyId: "AK", secretAccessKey: "s")
        let signer = SigV4Signer(credentials: plain, region: "r", service: "s")
        func canonicalQuery(_ query: String) throws -> String {
            let request = SigningRequest(method: "GET", path: "/", query: query, headers: [HTTPHeader("Host", "h")])
            return try signer.signHeaders(request, date: date).canonicalRequest.components(separatedBy: "\n")[2]
        }
        #expect(try canonicalQuery("b=2&a=z&a=y&c") == "a=y&a=z&b=2&c=")
        #expect(try canonicalQuery("k=%7e%2a+ %zz") == "k=~%2A%2B%20%25zz")
        #expect(try canonicalQuery("&&x=1&") == "x=1")
    }

    @Test("apply(to:) replaces every header it adds, case-insensitively")
    func applyReplaces() throws {
        let signer = SigV4Signer(credentials: credentials, region: "r", service: "s")
        let signed = try signer.signHeaders(SigningRequest(method: "GET", path: "/", headers: [HTTPHeader("Host", "h")]), date: date)
        let sent = signed.apply(to: [HTTPHeader("Host", "h"), HTTPHeader("x-amz-security-token", "old"), HTTPHeader("authorization", "old")])
        #expect(sent.values(for: "X-Amz-Security-Token") == ["token/+="])
        #expect(sent.values(for: "Authorization").count == 1)
    }
}
