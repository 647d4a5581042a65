/// What a handler serves: an activity, a Lambda function, an integration, or a Task state's
/// Resource exactly as written.
public struct HandlerKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An activity, by its keyword without the colon (`activity/add` for `:activity/add`).
        case activity
        /// A Lambda function by name, however a state calls it: `lambda:invoke` with the name,
        /// a partial or full ARN as its FunctionName, or the function's ARN as the Resource.
        case lambda
        /// An integration by `service:action` (`dynamodb:putItem`, `aws-sdk:s3:getObject`),
        /// whatever its `.sync` or `.waitForTaskToken` suffix.
        case integration
        /// A Task state's Resource exactly as written.
        case resource
    }

    public var kind: Kind
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// The key as it crosses the C ABI: an activity as its bare keyword (all that version 1
    /// knew, so its libraries still load), any other kind as `kind:name`. A bare name is
    /// always an activity: AWS activity names cannot contain a colon.
    public var encoded: String { kind == .activity ? name : "\(kind.rawValue):\(name)" }

    public init(encoded: String) {
        if let colon = encoded.firstIndex(of: ":"), let kind = Kind(rawValue: String(encoded[..<colon])), kind != .activity {
            self.init(kind, String(encoded[encoded.index(after: colon)...]))
        } else {
            self.init(.activity, encoded)
        }
    }

    /// As lists show it: `:activity/add`, `Lambda function price-order`, `dynamodb:putItem`.
    public var description: String {
        switch kind {
        case .activity: ":" + name
        case .lambda: "Lambda function \(name)"
        case .integration, .resource: name
        }
    }

    public static func < (lhs: HandlerKey, rhs: HandlerKey) -> Bool {
        let order = Kind.allCases
        return (order.firstIndex(of: lhs.kind)!, lhs.name) < (order.firstIndex(of: rhs.kind)!, rhs.name)
    }
}
