import AWSSigV4
import Foundation
import Testing

/// The worked examples of the S3 SigV4 documentation: S3's single-encoded path, the
/// `x-amz-content-sha256` header and `UNSIGNED-PAYLOAD` presigning.
@Suite("S3 documented examples")
struct S3DocumentedExampleTests {
    let signer = SigV4Signer(
        credentials: SigningCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1",
        service: "s3",
        options: .s3
    )
    let date = Date(timeIntervalSince1970: 1_369_353_600) // 2013-05-24T00:00:00Z
    let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("GET Object with a Range header")
    func getObject() throws {
        let request = try SigningRequest(
            method: "GET", url: try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt")),
            headers: [HTTPHeader("Range", "bytes=0-9")]
        )
        let result = try signer.signHeaders(request, date: date)
        #expect(result.canonicalRequest == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:\(emptyHash)
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            \(emptyHash)
            """)
        #expect(result.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(result.headersToAdd.map(\.name) == ["X-Amz-Date", "x-amz-content-sha256", "Authorization"])
    }

    @Test("PUT Object: the path is signed exactly as sent, `$` stays %24")
    func putObject() throws {
        let request = try SigningRequest(
            method: "PUT", url: try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test%24file.text")),
            headers: [HTTPHeader("Date", "Fri, 24 May 2013 00:00:00 GMT"), HTTPHeader("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payload: .body(Data("Welcome to Amazon S3.".utf8))
        )
        let result = try signer.signHeaders(request, date: date)
        #expect(result.canonicalRequest.split(separator: "\n").dropFirst().first == "/test%24file.text")
        #expect(result.signedHeaders == "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class")
        #expect(result.headersToAdd.first(named: "x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        #expect(result.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("GET Bucket lifecycle: a query parameter without a value signs as `lifecycle=`")
    func lifecycle() throws {
        let request = try SigningRequest(method: "GET", url: try #require(URL(string: "https://examplebucket.s3.amazonaws.com/?lifecycle")))
        let result = try signer.signHeaders(request, date: date)
        #expect(result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "lifecycle=")
        #expect(result.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test("List Objects: query parameters are sorted")
    func listObjects() throws {
        let request = try SigningRequest(method: "GET", url: try #require(URL(string: "https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2")))
        let result = try signer.signHeaders(request, date: date)
        #expect(result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "max-keys=2&prefix=J")
        #expect(result.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("presigned GET with UNSIGNED-PAYLOAD")
    func presignedGet() throws {
        let url = try #require(URL(string: "https://examplebucket.s3.amazonaws.com/test.txt"))
        let request = try SigningRequest(method: "GET", url: url, payload: .unsigned)
        let result = try signer.presign(request, date: date, expiresIn: 86_400)
        #expect(result.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(result.url(from: url)?.absoluteString == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
            + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }
}
