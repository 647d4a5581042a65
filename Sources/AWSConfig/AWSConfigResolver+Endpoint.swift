import Foundation

extension AWSConfigResolver {
    /// The first of: `explicit`; `AWS_ENDPOINT_URL_<SERVICE>`; `AWS_ENDPOINT_URL`; the service's
    /// `endpoint_url` in the profile's `[services …]` section; the profile's `endpoint_url`;
    /// the service's public endpoint in `region`'s partition. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
    /// (or the profile's `ignore_configured_endpoint_urls`) set to `true` skips all but the first
    /// and the last.
    public func endpoint(for service: AWSService, region: String, explicit: String? = nil) throws(AWSConfigError) -> Resolved<URL> {
        if let explicit, !explicit.isEmpty {
            return try validated(explicit, source: "the endpoint argument")
        }
        if try !ignoresConfiguredEndpoints() {
            if let url = environment.value(service.endpointEnvironmentVariable) {
                return try validated(url, source: service.endpointEnvironmentVariable)
            }
            if let url = environment.value("AWS_ENDPOINT_URL") {
                return try validated(url, source: "AWS_ENDPOINT_URL")
            }
            let profile = try configProfile()
            if let servicesName = profile["services"]?.value, !servicesName.isEmpty {
                guard let section = configFile.services[servicesName] else {
                    throw .servicesSectionNotFound(name: servicesName, profile: profileName, configFile: configFile.path)
                }
                if let url = section[service.configKey]?.subProperties["endpoint_url"], !url.isEmpty {
                    return try validated(url, source: "\(service.configKey).endpoint_url in [services \(servicesName)] of \(configFile.path)")
                }
            }
            if let url = profile["endpoint_url"]?.value, !url.isEmpty {
                return try validated(url, source: "endpoint_url of \(describe(configFile))")
            }
        }
        let host = "\(service.endpointPrefix).\(region).\(AWSPartition.forRegion(region).dnsSuffix)"
        return try validated("https://\(host)", source: "the public endpoint for \(region)")
    }

    private func ignoresConfiguredEndpoints() throws(AWSConfigError) -> Bool {
        if let flag = environment.value("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") { return flag.lowercased() == "true" }
        return try configProfile()["ignore_configured_endpoint_urls"]?.value.lowercased() == "true"
    }

    private func validated(_ text: String, source: String) throws(AWSConfigError) -> Resolved<URL> {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else {
            throw .invalidEndpoint(value: text, source: source)
        }
        return Resolved(url, source: source)
    }
}
