import Crypto
import Foundation

/// `20150830/us-east-1/service/aws4_request`: the date, region and service a signature is
/// valid for, and the key derived from them.
struct SigningScope: Hashable {
    let dateStamp: String
    let region: String
    let service: String

    var credentialScope: String { "\(dateStamp)/\(region)/\(service)/aws4_request" }

    static let algorithm = "AWS4-HMAC-SHA256"

    func stringToSign(timestamp: String, canonicalRequest: String) -> String {
        [SigningScope.algorithm, timestamp, credentialScope, Hex.sha256(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")
    }

    /// HMAC chain `AWS4<secret>` → date → region → service → `aws4_request`, then the MAC of
    /// the string to sign.
    func signature(secretAccessKey: String, stringToSign: String) -> String {
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for step in [dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(step.utf8), using: key)))
        }
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }
}
