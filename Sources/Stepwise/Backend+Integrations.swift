import AWSConfig
import StepwiseAWS
import StepwiseEngine

extension Stepwise.Backend {
    /// The embedded engine, sending the integrations no handler serves to real endpoints as
    /// `integrations` says: the `--integrations` value of the command line and the shell —
    /// `endpoint=URL` (moto's server or LocalStack, every service on one port), `aws` (the AWS
    /// configuration chain: region, credentials, `AWS_ENDPOINT_URL_<SERVICE>`, …), and
    /// `SERVICE=URL` overrides, comma-separated (see `IntegrationEndpoints.parse`).
    ///
    /// Calls go through one process-wide HTTP client (keep-alive, nothing to shut down). With
    /// `virtualTime`, waits, backoffs and timeouts take no real time (see `VirtualClock`).
    public static func local(
        integrations: String, configuration: Engine.Configuration = .init(), virtualTime: Bool = false,
        environment: AWSConfigEnvironment = .process
    ) throws(IntegrationSpecError) -> Stepwise.Backend {
        var configuration = configuration
        configuration.forwarder = try IntegrationForwarder(spec: integrations, environment: environment)
        return .local(Engine(configuration: configuration, clock: engineClock(virtualTime: virtualTime)))
    }
}
