import Foundation

/// Everything a client of one service needs, resolved together.
public struct ServiceConfiguration: Sendable, Hashable {
    public var service: AWSService
    public var region: Resolved<String>
    public var credentials: AWSCredentials
    public var endpoint: Resolved<URL>
}

extension AWSConfigResolver {
    /// Region, credentials and endpoint for `service`; the explicit values win when given.
    public func configuration(for service: AWSService, region explicitRegion: String? = nil, endpoint explicitEndpoint: String? = nil) throws(AWSConfigError) -> ServiceConfiguration {
        let region = try region(explicit: explicitRegion)
        return ServiceConfiguration(
            service: service,
            region: region,
            credentials: try credentials(),
            endpoint: try endpoint(for: service, region: region.value, explicit: explicitEndpoint)
        )
    }
}
