import AWSSigV4
import Foundation
import Testing

/// Runs every case of the standard SigV4 suite (../shared/sigv4) for header and query signing,
/// comparing canonical request, string to sign and signature byte for byte.
@Suite("SigV4 test suite")
struct SigningSuiteTests {
    @Test("every case signs with an Authorization header exactly as expected")
    func headerSigning() throws {
        let cases = try SigningTestCase.all()
        #expect(cases.count == 38, "the suite has 38 cases")
        var compared = 0
        for testCase in cases {
            let expectedCanonical = try #require(testCase.expected("header-canonical-request.txt"), "\(testCase.name)")
            let result = try testCase.signer.signHeaders(testCase.request.signingRequest, date: try testCase.date)
            #expect(result.canonicalRequest == expectedCanonical, "\(testCase.name): canonical request")
            #expect(result.stringToSign == testCase.expected("header-string-to-sign.txt"), "\(testCase.name): string to sign")
            #expect(result.signature == testCase.expected("header-signature.txt"), "\(testCase.name): signature")
            // The signed request lists every header the signer adds, spelled as we send it.
            let signedRequest = try #require(testCase.expected("header-signed-request.txt"), "\(testCase.name)")
            for header in result.headersToAdd {
                #expect(signedRequest.contains("\n\(header.name):\(header.value)\n"), "\(testCase.name): \(header.name) header")
            }
            if result.canonicalRequest == expectedCanonical, result.signature == testCase.expected("header-signature.txt") {
                compared += 1
            }
        }
        print("SigV4 suite, header signing: \(compared) of \(cases.count) cases matched")
        #expect(compared == cases.count)
    }

    @Test("every case presigns a URL exactly as expected")
    func querySigning() throws {
        let cases = try SigningTestCase.all()
        var compared = 0
        for testCase in cases {
            let expectedCanonical = try #require(testCase.expected("query-canonical-request.txt"), "\(testCase.name)")
            let result = try testCase.signer.presign(
                testCase.request.signingRequest, date: try testCase.date, expiresIn: testCase.context.expiration_in_seconds
            )
            #expect(result.canonicalRequest == expectedCanonical, "\(testCase.name): canonical request")
            #expect(result.stringToSign == testCase.expected("query-string-to-sign.txt"), "\(testCase.name): string to sign")
            #expect(result.signature == testCase.expected("query-signature.txt"), "\(testCase.name): signature")
            // Same parameters as the expected signed URL; the order of parameters may differ.
            let requestLine = try #require(testCase.expected("query-signed-request.txt")?.components(separatedBy: "\n").first)
            let expectedQuery = try #require(requestLine.split(separator: "?", maxSplits: 1).last?.split(separator: " ").first)
            #expect(
                Set(result.query.split(separator: "&").map { decoded($0) }) == Set(expectedQuery.split(separator: "&").map { decoded($0) }),
                "\(testCase.name): signed query"
            )
            if result.canonicalRequest == expectedCanonical, result.signature == testCase.expected("query-signature.txt") {
                compared += 1
            }
        }
        print("SigV4 suite, query signing: \(compared) of \(cases.count) cases matched")
        #expect(compared == cases.count)
    }

    /// The expected URLs leave UTF-8 raw (`?ሴ=bar`) where we percent-encode it.
    private func decoded(_ item: Substring) -> String {
        String(item).removingPercentEncoding ?? String(item)
    }
}
