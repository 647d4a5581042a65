import AWSSigV4
import Foundation
import TestSupport

/// One folder of the aws-c-auth SigV4 suite: its context, request and expected texts.
struct SigningTestCase {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
        }
        var credentials: Credentials
        var expirationInSeconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var signBody: Bool
        var timestamp: String
        var omitSessionToken: Bool?
    }

    var name: String
    var directory: URL
    var context: Context
    var request: RawHTTPRequest

    static var suiteDirectory: URL { SharedFixtures.url("sigv4") }

    /// The names of the suite's cases (its folders), as test arguments; empty when the suite
    /// is missing, which `SigningSuiteTests.theSuiteIsPresent` reports.
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? [])
        .filter { FileManager.default.fileExists(atPath: suiteDirectory.appendingPathComponent($0).appendingPathComponent("context.json").path) }
        .sorted()

    init(named name: String) throws {
        let directory = Self.suiteDirectory.appendingPathComponent(name)
        self.name = name
        self.directory = directory
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        context = try decoder.decode(Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
        request = try RawHTTPRequest.parse(String(contentsOf: directory.appendingPathComponent("request.txt"), encoding: .utf8))
    }

    /// The expected text in `file`, or nil when the case does not provide it.
    func expected(_ file: String) -> String? {
        try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    }

    var signer: SigV4Signer {
        SigV4Signer(
            credentials: SigningCredentials(
                accessKeyId: context.credentials.accessKeyId,
                secretAccessKey: context.credentials.secretAccessKey,
                sessionToken: context.credentials.token
            ),
            region: context.region,
            service: context.service,
            options: SigningOptions(
                normalizePath: context.normalize,
                doubleEncodePath: true,
                addContentSHA256Header: context.signBody,
                omitSessionToken: context.omitSessionToken ?? false
            )
        )
    }

    var date: Date {
        get throws {
            guard let date = ISO8601DateFormatter().date(from: context.timestamp) else {
                throw RawHTTPRequest.ParseError(description: "\(name): bad timestamp \(context.timestamp)")
            }
            return date
        }
    }
}
