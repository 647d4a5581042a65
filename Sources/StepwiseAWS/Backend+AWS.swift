import AWSConfig
import Foundation
import Logging
import Stepwise

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
