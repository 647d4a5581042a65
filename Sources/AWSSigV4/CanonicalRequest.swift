/// The SigV4 canonical request, assembled from already-canonical parts.
struct CanonicalRequest {
    let method: String
    let path: String
    let query: String
    let headers: CanonicalHeaders
    let payloadHash: String

    var text: String {
        [method, path, query, headers.block, headers.signedHeaders, payloadHash].joined(separator: "\n")
    }
}
