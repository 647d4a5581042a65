import ArgumentParser
import Stepwise
import StepwiseAWS
import StepwiseEngine

/// `--integrations`: where the embedded engine sends the Task integrations no handler serves.
struct IntegrationsOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Forward the Task integrations nothing else serves (Lambda, DynamoDB, SQS, SNS, EventBridge, S3, aws-sdk:*), signed: "
                + "endpoint=URL (moto, LocalStack: every service on one port), aws (the AWS configuration: region, credentials, "
                + "AWS_ENDPOINT_URL_<SERVICE>), and SERVICE=URL overrides, comma-separated.",
            valueName: "endpoint=URL|aws|SERVICE=URL,…"))
    var integrations: String?

    func validate() throws {
        _ = try endpoints()
    }

    /// The backend `name` names (`--backend`), forwarding integrations from the embedded engine.
    func backend(named name: String) throws -> Stepwise.Backend {
        guard let integrations else { return try .named(name) }
        guard name == "local" else {
            throw ValidationError("--integrations applies to the embedded engine (--backend local); \(name) calls integrations itself")
        }
        return try .local(integrations: integrations)
    }

    /// `base` with the forwarder, when integrations are forwarded.
    func configuring(_ base: Engine.Configuration) throws -> Engine.Configuration {
        var configuration = base
        if let endpoints = try endpoints() {
            configuration.forwarder = IntegrationForwarder(endpoints: endpoints)
        }
        return configuration
    }

    private func endpoints() throws -> IntegrationEndpoints? {
        guard let integrations else { return nil }
        do {
            return try IntegrationEndpoints.parse(integrations)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
