import Foundation
import StepwiseJSON

/// Payload offload in the seed's wire format: an offloaded value is replaced by
/// `{"stepwise-offloaded-to-s3": "<bucket>/<key>"}` and stored as JSON in a `BlobStore`.
public enum Offload {
    public static let tag = "stepwise-offloaded-to-s3"
    /// Outputs whose JSON is larger than this are offloaded (the seed's default).
    public static let defaultThreshold = 100_000

    /// The reference an offloaded value was replaced with, if `value` is one.
    static func reference(in value: JSONValue) -> (bucket: String, key: String)? {
        guard case .object(let object) = value, object.count == 1, case .string(let ref)? = object[tag],
            let slash = ref.firstIndex(of: "/")
        else { return nil }
        let bucket = String(ref[..<slash])
        let key = String(ref[ref.index(after: slash)...])
        return bucket.isEmpty || key.isEmpty ? nil : (bucket, key)
    }

    static func store(_ value: JSONValue, in store: any BlobStore) async throws -> JSONValue {
        let key = "stepwise/\(UUID().uuidString.lowercased()).json"
        try await store.put(Data(JSONSerializer.string(value).utf8), key: key)
        return [tag: .string("\(store.bucket)/\(key)")]
    }

    static func load(_ reference: (bucket: String, key: String), from store: any BlobStore) async throws -> JSONValue {
        let data = try await store.get(bucket: reference.bucket, key: reference.key)
        return try JSONParser.parse(Array(data))
    }

    /// Restores an input: a whole offloaded value, or any top-level members that are references.
    static func restore(_ value: JSONValue, from store: any BlobStore) async throws -> JSONValue {
        if let reference = reference(in: value) { return try await load(reference, from: store) }
        guard case .object(var object) = value else { return value }
        for (key, member) in object {
            if let reference = reference(in: member) { object[key] = try await load(reference, from: store) }
        }
        return .object(object)
    }
}

extension Interceptor {
    /// Offloads members of a large object output to `store`: the listed `keys`, or every member
    /// when `keys` is nil. An output that is not an object is offloaded whole (it becomes a
    /// single reference), since it has no members to choose from.
    public static func offload(keys: [String]? = nil, to store: any BlobStore, threshold: Int = Offload.defaultThreshold) -> Interceptor {
        Interceptor(name: "offload", leave: { context in
            guard let response = context.response, JSONSize.exceeds(response, limit: threshold) else { return }
            guard case .object(var object) = response else {
                context.response = try await Offload.store(response, in: store)
                return
            }
            for key in keys ?? Array(object.keys) {
                guard let member = object[key], Offload.reference(in: member) == nil else { continue }
                object[key] = try await Offload.store(member, in: store)
            }
            context.response = .object(object)
        })
    }

    /// Restores offloaded values in a task's input before the handler sees it; workers put it
    /// first in every chain.
    public static func loadOffloaded(from store: any BlobStore) -> Interceptor {
        Interceptor(name: "load-offloaded", enter: { context in
            context.request = try await Offload.restore(context.request, from: store)
        })
    }
}
