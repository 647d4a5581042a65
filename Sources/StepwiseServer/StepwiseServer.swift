import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StepFunctions

/// A Step Functions backend (normally the embedded engine) served over the AWS JSON 1.0
/// protocol, so any AWS SDK or the AWS CLI can drive it. A `Service`: run it in a
/// `ServiceGroup`, whose graceful shutdown stops it (in-flight requests finish, long polls end
/// early with an empty answer).
public struct StepwiseServer: Service {
    let endpoint: StepFunctionsEndpoint
    let configuration: ServerConfiguration
    let logger: Logger
    let onListening: @Sendable (ListeningAddress) async -> Void

    /// `onListening` is called once the socket is bound, with the real port.
    public init(
        backend: any StepFunctionsBackend, configuration: ServerConfiguration = .init(), logger: Logger,
        onListening: @escaping @Sendable (ListeningAddress) async -> Void = { _ in }
    ) {
        endpoint = StepFunctionsEndpoint(
            backend: backend, credentials: configuration.credentials,
            hosts: HostAllowList(boundTo: configuration.host, extra: configuration.allowedHosts), logger: logger)
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let configuration = self.configuration
        let onListening = self.onListening
        let application = Application(
            responder: HummingbirdResponder(endpoint: endpoint, maximumBodyBytes: configuration.maximumBodyBytes),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "stepwise"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                await onListening(ListeningAddress(host: configuration.host, port: port))
            },
            logger: logger)
        try await application.run()
    }
}
