/// Step Functions ARNs: building them from names and taking them apart with AWS's checks.
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public enum ResourceType: String, Sendable {
        case stateMachine, execution, express, activity, mapRun
    }

    public var partition: String
    public var region: String
    public var account: String
    public var resourceType: ResourceType
    /// The parts after the resource type (`name` / `machine:execution` / …).
    public var resource: [String]

    public init(partition: String = "aws", region: String, account: String, resourceType: ResourceType, resource: [String]) {
        self.partition = partition
        self.region = region
        self.account = account
        self.resourceType = resourceType
        self.resource = resource
    }

    public var description: String {
        "arn:\(partition):states:\(region):\(account):\(resourceType.rawValue):" + resource.joined(separator: ":")
    }

    public static func stateMachine(region: String, account: String, name: String) -> ARN {
        ARN(region: region, account: account, resourceType: .stateMachine, resource: [name])
    }

    public static func activity(region: String, account: String, name: String) -> ARN {
        ARN(region: region, account: account, resourceType: .activity, resource: [name])
    }

    public static func execution(ofMachine machine: ARN, name: String) -> ARN {
        ARN(partition: machine.partition, region: machine.region, account: machine.account, resourceType: .execution,
            resource: [machine.resource[0], name])
    }

    /// Parses a Step Functions ARN, requiring one of `expected` resource types.
    /// Throws `InvalidArn` with AWS's wording.
    public static func parse(_ text: String, expecting expected: Set<ResourceType>) throws(StepFunctionsError) -> ARN {
        guard let fields = Fields(text), fields.service == "states", !fields.region.isEmpty, !fields.account.isEmpty,
            fields.resource.count >= 2
        else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: '\(text)'")
        }
        let typeName = fields.resource[0]
        guard let type = ResourceType(rawValue: typeName), expected.contains(type) else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(typeName)'")
        }
        let resource = Array(fields.resource.dropFirst())
        let arity: Int
        switch type {
        case .stateMachine, .activity: arity = 1
        case .execution, .mapRun: arity = 2
        case .express: arity = 3
        }
        // A state machine ARN may carry a version or alias qualifier (`name:1`, `name:PROD`).
        let allowed = type == .stateMachine ? 1...2 : arity...arity
        guard allowed.contains(resource.count), resource.allSatisfy({ !$0.isEmpty }) else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: '\(text)'")
        }
        return ARN(partition: fields.partition, region: fields.region, account: fields.account, resourceType: type, resource: resource)
    }

    /// The name at the end of the ARN (machine, activity or execution name).
    public var name: String { resource.count >= 2 && resourceType != .stateMachine ? resource[1] : resource[0] }

    /// The last part of an ARN the engine made itself (a machine's or an activity's name, an
    /// execution's), so known to be well formed.
    public static func parseName(_ arn: String) -> String {
        Fields(arn)?.resource.last ?? ""
    }

    /// The fields every AWS ARN has, `arn:partition:service:region:account:resource`, without
    /// one service's rules: Task resources name Lambda functions and service integrations
    /// (`arn:aws:states:::lambda:invoke`, with neither region nor account) as well as activities.
    public struct Fields: Sendable, Hashable {
        public var partition: String
        public var service: String
        /// Empty for global resources and service integrations.
        public var region: String
        public var account: String
        /// The colon-separated parts after the account (`activity`, `pick`; `function`, `f`, `live` …).
        public var resource: [String]

        /// Nil unless `text` is `arn:` with a partition, a service, a region and an account
        /// (either may be empty), and a resource.
        public init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
            partition = parts[1]
            service = parts[2]
            region = parts[3]
            account = parts[4]
            resource = Array(parts[5...])
        }
    }
}

/// Name rules Step Functions applies to machines, activities and executions.
public enum ResourceName {
    public static let maxLength = 80

    /// Throws `InvalidName` with AWS's message when `name` is not acceptable. The length is
    /// counted as AWS counts it (see `InputLimits.length`).
    public static func validate(_ name: String) throws(StepFunctionsError) {
        guard !name.isEmpty, InputLimits.length(name) <= maxLength else {
            throw StepFunctionsError(.invalidName, "Invalid Name: '\(name)' (must be 1-\(maxLength) characters)")
        }
        // Most names are ASCII: check their bytes without decoding scalars.
        if name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbiddenASCII.contains($0) }) { return }
        if let bad = name.unicodeScalars.first(where: isForbidden) {
            // Spaces and invisible characters are named by code point, or the message would hide them.
            let hex = String(bad.value, radix: 16, uppercase: true)
            let shown = (0x21...0x7E).contains(bad.value) ? String(bad) : "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            throw StepFunctionsError(.invalidName, "Invalid Name: '\(name)' (contains '\(shown)', which is not allowed)")
        }
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar.value <= 0x20 || scalar.value == 0x7F || forbiddenASCII.contains(UInt8(scalar.value))
        }
        // AWS lists U+FFFE-FFFF with the control characters, and U+10FFFF as invalid; the
        // surrogates it also lists cannot occur unpaired in a Swift string.
        return scalar.properties.isWhitespace || (0x7F...0x9F).contains(scalar.value)
            || scalar.value == 0xFFFE || scalar.value == 0xFFFF || scalar.value == 0x10FFFF
    }

    private static let forbiddenASCII = Set("<>{}[]?*\"#%\\^|~`$&,;:/".utf8)
}
