import AWSConfig
import Foundation
import Logging
import StepwiseAWS

extension Stepwise.Backend {
    /// Step Functions over the network: AWS itself, or an emulator behind `endpoint`.
    ///
    /// What is not given is resolved from the environment like the AWS CLI does: region
    /// `AWS_REGION` › `AWS_DEFAULT_REGION` › the profile's `region`; credentials
    /// `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` › the profile (`profile` › `AWS_PROFILE` ›
    /// `default`) in `~/.aws/credentials` › `~/.aws/config`; endpoint `AWS_ENDPOINT_URL_SFN` ›
    /// `AWS_ENDPOINT_URL` › the profile's `endpoint_url` › AWS's public endpoint. The role new
    /// state machines get is `roleArn` › `STEPWISE_ROLE_ARN`; emulators (any endpoint outside
    /// AWS's domains) get a placeholder role when neither is set, AWS itself an error.
    ///
    /// Requests go through one process-wide HTTP client (keep-alive, nothing to shut down).
    public static func aws(
        profile: String? = nil, region: String? = nil, endpoint: String? = nil, roleArn: String? = nil,
        options: AWSStepFunctionsClient.Options = .init(), environment: AWSConfigEnvironment = .process,
        logger: Logger = Logger(label: "stepwise.aws.states")
    ) throws(AWSBackendError) -> Stepwise.Backend {
        let client: AWSStepFunctionsClient
        do throws(AWSConfigError) {
            let resolver = try AWSConfigResolver(environment: environment, profile: profile)
            client = try AWSStepFunctionsClient(
                resolver: resolver, region: region, endpoint: endpoint, options: options, httpClient: AWSHTTPClients.shared, logger: logger)
        } catch {
            throw .configuration(error, service: "Step Functions")
        }
        let configured = [roleArn, environment.variables[AWSBackendDefaults.roleVariable]]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
        let isAWS = client.endpoint.host?.hasSuffix("." + AWSPartition.forRegion(client.region).dnsSuffix) ?? false
        guard let role = configured ?? (isAWS ? nil : AWSBackendDefaults.emulatorRole) else {
            throw .noRoleArn(endpoint: client.endpoint.absoluteString)
        }
        return Stepwise.Backend(api: client, roleArn: role)
    }
}

enum AWSBackendDefaults {
    static let roleVariable = "STEPWISE_ROLE_ARN"
    /// Emulators store the role without assuming it; any well-formed ARN does.
    static let emulatorRole = "arn:aws:iam::123456789012:role/stepwise"
}

extension Stepwise.Backend {
    /// A backend named the way the command line and the shell take it: `local` (the embedded
    /// engine), `aws` (resolved from the environment), or `endpoint=URL` (any Step Functions
    /// endpoint, such as `stepwise serve`; without configured credentials or region it signs
    /// with placeholders, which local servers accept).
    public static func named(_ spec: String, environment: AWSConfigEnvironment = .process) throws -> Stepwise.Backend {
        switch spec {
        case "local": return .local()
        case "aws": return try .aws(environment: environment)
        default:
            guard spec.hasPrefix("endpoint="), let url = URL(string: String(spec.dropFirst("endpoint=".count))), url.host != nil else {
                throw BackendSpecError(spec: spec)
            }
            if let configured = try? Stepwise.Backend.aws(endpoint: url.absoluteString, environment: environment) {
                return configured
            } else {
                // Nothing (or not enough) configured: sign with placeholders, which local servers accept.
                var placeholders = environment
                placeholders.variables["AWS_ACCESS_KEY_ID"] = "stepwise"
                placeholders.variables["AWS_SECRET_ACCESS_KEY"] = "stepwise"
                placeholders.variables["AWS_REGION"] = environment.variables["AWS_REGION"] ?? environment.variables["AWS_DEFAULT_REGION"] ?? "us-east-1"
                return try .aws(endpoint: url.absoluteString, environment: placeholders)
            }
        }
    }
}

/// An unknown `--backend` value.
public struct BackendSpecError: Error, CustomStringConvertible {
    public let spec: String
    public var description: String { "unknown backend '\(spec)': use local, aws, or endpoint=http://HOST:PORT" }
}
