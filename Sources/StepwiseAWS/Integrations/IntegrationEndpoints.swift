import AWSConfig
import AWSSigV4
import Foundation

/// Where forwarded integrations are sent and with which identity: one endpoint for every service
/// (moto's server and LocalStack serve them all on one port), AWS as the configuration chain
/// resolves it, and per-service overrides on top of either.
public struct IntegrationEndpoints: Sendable {
    /// What serves the services that have no override.
    enum Fallback: Sendable {
        /// Only the overridden services are forwarded.
        case none
        case url(URL)
        /// `AWS_ENDPOINT_URL_<SERVICE>` › `AWS_ENDPOINT_URL` › the profile › AWS's public endpoint,
        /// resolved per call in the call's region.
        case awsConfiguration(AWSConfigResolver)
    }

    let fallback: Fallback
    let overrides: [AWSService: URL]
    public let credentials: SigningCredentials
    /// The region calls are made in when the resource names none: the configured one with
    /// `aws`; otherwise nil, and the execution's region applies.
    public let region: String?

    /// Every service at `url`, signed with `credentials`, in the execution's region.
    public static func endpoint(_ url: URL, credentials: SigningCredentials) -> IntegrationEndpoints {
        IntegrationEndpoints(fallback: .url(url), overrides: [:], credentials: credentials, region: nil)
    }

    /// Every service where the AWS configuration chain sends it, with its credentials and region.
    public static func aws(_ resolver: AWSConfigResolver) throws(AWSConfigError) -> IntegrationEndpoints {
        let region = try resolver.region().value
        // Resolving each endpoint once here reports a bad AWS_ENDPOINT_URL_* now, not mid-run.
        for service in IntegrationService.all { _ = try resolver.endpoint(for: service.aws, region: region) }
        return IntegrationEndpoints(
            fallback: .awsConfiguration(resolver), overrides: [:], credentials: SigningCredentials(try resolver.credentials()), region: region)
    }

    /// These endpoints with `service` sent to `url` instead.
    public func overriding(_ service: AWSService, with url: URL) -> IntegrationEndpoints {
        IntegrationEndpoints(fallback: fallback, overrides: overrides.merging([service: url]) { $1 }, credentials: credentials, region: region)
    }

    /// Whether calls to `service` are forwarded.
    func covers(_ service: AWSService) -> Bool {
        if case .none = fallback { return overrides[service] != nil }
        return true
    }

    /// Whether every service is forwarded (not only overridden ones).
    var coversEveryService: Bool {
        if case .none = fallback { return false }
        return true
    }

    /// The endpoint of `service` for a call in `region`, nil when the service is not forwarded.
    func endpoint(for service: AWSService, region: String) throws(AWSConfigError) -> URL? {
        if let url = overrides[service] { return url }
        switch fallback {
        case .none: return nil
        case .url(let url): return url
        case .awsConfiguration(let resolver): return try resolver.endpoint(for: service, region: region).value
        }
    }
}

extension IntegrationEndpoints {
    /// Reads the command line's `--integrations` value: comma-separated items, each
    /// `endpoint=URL` (every service at one URL), `aws` (the AWS configuration chain), or
    /// `SERVICE=URL` (one service elsewhere, e.g. `dynamodb=http://127.0.0.1:8000`; SERVICE as
    /// in `aws-sdk:SERVICE`, or the optimized integration's name: `events`, `states`).
    ///
    /// Without `aws`, credentials and region come from the environment when it has them;
    /// otherwise calls are signed with placeholders, which emulators accept.
    public static func parse(_ spec: String, environment: AWSConfigEnvironment = .process) throws(IntegrationSpecError) -> IntegrationEndpoints {
        var fallback: Fallback = .none
        var overrides: [AWSService: URL] = [:]
        for item in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item == "aws" {
                guard case .none = fallback else { throw IntegrationSpecError(spec: spec, problem: "give one of aws and endpoint=URL") }
                let resolver: AWSConfigResolver
                do {
                    resolver = try AWSConfigResolver(environment: environment)
                    fallback = .awsConfiguration(resolver)
                } catch {
                    throw IntegrationSpecError(spec: spec, problem: "the AWS configuration cannot be read: \(error)")
                }
                continue
            }
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw IntegrationSpecError(spec: spec, problem: "'\(item)' is neither aws, endpoint=URL nor SERVICE=URL")
            }
            let url = try Self.url(parts[1], in: spec)
            if parts[0] == "endpoint" {
                guard case .none = fallback else { throw IntegrationSpecError(spec: spec, problem: "give one of aws and endpoint=URL") }
                fallback = .url(url)
            } else if let service = IntegrationService.named(parts[0]) {
                overrides[service.aws] = url
            } else {
                let names = IntegrationService.all.map(\.sdkName).joined(separator: ", ")
                throw IntegrationSpecError(spec: spec, problem: "unknown service '\(parts[0])'; forwarded services are \(names)")
            }
        }
        if case .none = fallback, overrides.isEmpty {
            throw IntegrationSpecError(spec: spec, problem: "name an endpoint: aws, endpoint=URL or SERVICE=URL")
        }
        do {
            if case .awsConfiguration(let resolver) = fallback {
                var endpoints = try aws(resolver)
                for (service, url) in overrides { endpoints = endpoints.overriding(service, with: url) }
                return endpoints
            }
            return IntegrationEndpoints(fallback: fallback, overrides: overrides, credentials: try emulatorCredentials(environment), region: nil)
        } catch {
            throw IntegrationSpecError(spec: spec, problem: "the AWS configuration is incomplete: \(error)")
        }
    }

    /// The environment's credentials if it has any, else placeholders: emulators check no
    /// signatures, and a user pointing at one should not need an AWS account.
    private static func emulatorCredentials(_ environment: AWSConfigEnvironment) throws(AWSConfigError) -> SigningCredentials {
        let resolver = try AWSConfigResolver(environment: environment)
        guard let credentials = try? resolver.credentials() else {
            return SigningCredentials(accessKeyId: "stepwise", secretAccessKey: "stepwise")
        }
        return SigningCredentials(credentials)
    }

    private static func url(_ text: String, in spec: String) throws(IntegrationSpecError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw IntegrationSpecError(spec: spec, problem: "'\(text)' is not an http:// or https:// URL")
        }
        return url
    }
}

/// An `--integrations` value that cannot be used.
public struct IntegrationSpecError: Error, Sendable, CustomStringConvertible {
    public let spec: String
    public let problem: String
    public var description: String {
        "--integrations \(spec): \(problem) (e.g. endpoint=http://127.0.0.1:5000, aws, or dynamodb=http://127.0.0.1:8000,sqs=http://127.0.0.1:9324)"
    }
}
