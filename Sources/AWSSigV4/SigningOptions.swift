/// The per-service variations of SigV4. The defaults suit most AWS services (Step Functions
/// included); S3 signs its path exactly as sent and adds `x-amz-content-sha256`.
public struct SigningOptions: Sendable, Hashable {
    /// Remove `.`/`..` segments and empty segments from the path before encoding it.
    public var normalizePath: Bool
    /// Percent-encode the (already percent-encoded) request path once more. Every service but S3
    /// expects this "double" encoding.
    public var doubleEncodePath: Bool
    /// Header signing only: send and sign `x-amz-content-sha256` with the payload hash.
    public var addContentSHA256Header: Bool
    /// Send the session token but leave it out of the signature (services that strip the
    /// token before verifying, such as IoT's MQTT-over-WebSocket endpoint).
    public var omitSessionToken: Bool

    public init(
        normalizePath: Bool = true,
        doubleEncodePath: Bool = true,
        addContentSHA256Header: Bool = false,
        omitSessionToken: Bool = false
    ) {
        self.normalizePath = normalizePath
        self.doubleEncodePath = doubleEncodePath
        self.addContentSHA256Header = addContentSHA256Header
        self.omitSessionToken = omitSessionToken
    }

    /// Step Functions and the other JSON/query-protocol services.
    public static let standard = SigningOptions()
    /// S3: the path is signed as sent (single encoding, no normalisation) and the payload hash
    /// travels in `x-amz-content-sha256`.
    public static let s3 = SigningOptions(normalizePath: false, doubleEncodePath: false, addContentSHA256Header: true)
}
