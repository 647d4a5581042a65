/// An AWS partition: a set of regions sharing a DNS suffix.
public struct AWSPartition: Sendable, Hashable {
    public var id: String
    public var dnsSuffix: String

    /// Ordered so that longer region prefixes are tried before their own prefixes
    /// (`us-isob-` and `us-gov-` before anything starting `us-`).
    static let known: [(regionPrefix: String, partition: AWSPartition)] = [
        ("cn-", AWSPartition(id: "aws-cn", dnsSuffix: "amazonaws.com.cn")),
        ("us-gov-", AWSPartition(id: "aws-us-gov", dnsSuffix: "amazonaws.com")),
        ("us-iso-", AWSPartition(id: "aws-iso", dnsSuffix: "c2s.ic.gov")),
        ("us-isob-", AWSPartition(id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov")),
        ("us-isof-", AWSPartition(id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov")),
        ("eu-isoe-", AWSPartition(id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk")),
        ("eusc-", AWSPartition(id: "aws-eusc", dnsSuffix: "amazonaws.eu")),
    ]

    public static let aws = AWSPartition(id: "aws", dnsSuffix: "amazonaws.com")

    /// The partition of `region`; the commercial `aws` partition for anything unrecognised.
    public static func forRegion(_ region: String) -> AWSPartition {
        known.first { region.hasPrefix($0.regionPrefix) }?.partition ?? .aws
    }
}
