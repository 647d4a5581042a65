extension AWSConfigResolver {
    /// `explicit`, then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` in the
    /// config file.
    public func region(explicit: String? = nil) throws(AWSConfigError) -> Resolved<String> {
        let found: Resolved<String>
        if let explicit, !explicit.isEmpty {
            found = Resolved(explicit, source: "the region argument")
        } else if let region = environment.value("AWS_REGION") {
            found = Resolved(region, source: "AWS_REGION")
        } else if let region = environment.value("AWS_DEFAULT_REGION") {
            found = Resolved(region, source: "AWS_DEFAULT_REGION")
        } else if let region = try configProfile()["region"]?.value, !region.isEmpty {
            found = Resolved(region, source: describe(configFile))
        } else {
            throw .noRegion(profile: profileName, configFile: configFile.path)
        }
        // The region becomes part of host names and of the signing scope.
        guard found.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw .invalidRegion(value: found.value, source: found.source)
        }
        return found
    }
}
