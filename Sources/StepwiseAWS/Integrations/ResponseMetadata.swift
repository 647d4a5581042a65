import StepwiseJSON

/// `SdkHttpMetadata` and `SdkResponseMetadata`, which optimized integrations add to a service's
/// response as the Java SDK v1 records them: every header as received (`AllHttpHeaders`, names
/// mapped to lists of values), one value per name sorted case-insensitively (`HttpHeaders`), the
/// status, and the request id.
enum ResponseMetadata {
    /// `response` with the metadata of `http` added, its keys in alphabetical order as Step
    /// Functions writes them.
    static func adding(to response: JSONObject, from http: AWSHTTPResponse, requestId: String? = nil) -> JSONValue {
        var all = JSONObject()
        var single: [(name: String, value: String)] = []
        for header in http.headers {
            // One entry per name whatever its case, under the spelling seen first.
            let name = all.keys.first { $0.caseInsensitiveCompare(header.name) == .orderedSame } ?? header.name
            all[name] = .array((all[name]?.arrayValue ?? []) + [.string(header.value)])
            if let index = single.firstIndex(where: { $0.name == name }) {
                single[index].value = header.value
            } else {
                single.append((name, header.value))
            }
        }
        let sorted = single.sorted { $0.name.lowercased() < $1.name.lowercased() }
        var object = response
        object["SdkHttpMetadata"] = [
            "AllHttpHeaders": .object(all),
            "HttpHeaders": .object(JSONObject(uniqueKeysWithValues: sorted.map { ($0.name, JSONValue.string($0.value)) })),
            "HttpStatusCode": .number(http.status),
        ]
        object["SdkResponseMetadata"] = ["RequestId": (requestId ?? http.requestId).map(JSONValue.string) ?? .null]
        return .object(JSONObject(uniqueKeysWithValues: object.sorted { $0.key < $1.key }))
    }
}
