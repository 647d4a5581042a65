import AWSSigV4
import Foundation
import Testing

/// Runs every case of the standard SigV4 suite (../shared/sigv4) for header and query signing,
/// comparing canonical request, string to sign and signature byte for byte.
@Suite("SigV4 test suite")
struct SigningSuiteTests {
    @Test("the suite has its 38 cases")
    func theSuiteIsPresent() {
        #expect(SigningTestCase.names.count == 38, "\(SigningTestCase.suiteDirectory.path) is missing or incomplete")
    }

    @Test("the case signs with an Authorization header exactly as expected", arguments: SigningTestCase.names)
    func headerSigning(_ name: String) throws {
        let testCase = try SigningTestCase(named: name)
        let result = try testCase.signer.signHeaders(testCase.request.signingRequest, date: try testCase.date)
        #expect(result.canonicalRequest == testCase.expected("header-canonical-request.txt"), "canonical request")
        #expect(result.stringToSign == testCase.expected("header-string-to-sign.txt"), "string to sign")
        #expect(result.signature == testCase.expected("header-signature.txt"), "signature")
        // The signed request lists every header the signer adds, spelled as we send it.
        let signedRequest = try #require(testCase.expected("header-signed-request.txt"))
        for header in result.headersToAdd {
            #expect(signedRequest.contains("\n\(header.name):\(header.value)\n"), "\(header.name) header")
        }
    }

    @Test("the case presigns a URL exactly as expected", arguments: SigningTestCase.names)
    func querySigning(_ name: String) throws {
        let testCase = try SigningTestCase(named: name)
        let result = try testCase.signer.presign(
            testCase.request.signingRequest, date: try testCase.date, expiresIn: testCase.context.expirationInSeconds
        )
        #expect(result.canonicalRequest == testCase.expected("query-canonical-request.txt"), "canonical request")
        #expect(result.stringToSign == testCase.expected("query-string-to-sign.txt"), "string to sign")
        #expect(result.signature == testCase.expected("query-signature.txt"), "signature")
        // Same parameters as the expected signed URL; the order of parameters may differ.
        let requestLine = try #require(testCase.expected("query-signed-request.txt")?.components(separatedBy: "\n").first)
        let expectedQuery = try #require(requestLine.split(separator: "?", maxSplits: 1).last?.split(separator: " ").first)
        #expect(
            Set(result.query.split(separator: "&").map { decoded($0) }) == Set(expectedQuery.split(separator: "&").map { decoded($0) }),
            "signed query"
        )
    }

    /// The expected URLs leave UTF-8 raw (`?ሴ=bar`) where we percent-encode it.
    private func decoded(_ item: Substring) -> String {
        String(item).removingPercentEncoding ?? String(item)
    }
}
