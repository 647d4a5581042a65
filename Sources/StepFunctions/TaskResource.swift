/// What a Task state's `Resource` names, taken apart the way Step Functions reads it.
public enum TaskResource: Sendable, Hashable {
    /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`: work that workers poll for.
    case activity(arn: String)
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`: the function is invoked with the
    /// effective input and its bare result is the task's result (`LambdaFunction…` events).
    case lambdaFunction(LambdaFunction)
    /// `arn:aws:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`, the AWS SDK form
    /// `arn:aws:states:::aws-sdk:SERVICE:ACTION[…]`, and `arn:aws:states:::http:invoke`.
    case integration(Integration)
    /// Anything else (a typo, a resource of a service Step Functions does not call).
    case other(String)

    public struct LambdaFunction: Sendable, Hashable {
        public var arn: String
        public var region: String
        public var name: String
        /// A version number or alias after the name (`my-function:7`, `my-function:live`).
        public var qualifier: String?
    }

    /// How Step Functions waits on an integration.
    public enum Pattern: String, Sendable, Hashable {
        /// Call the API and take its response.
        case requestResponse = ""
        /// Start a job and wait for it to finish (`.sync`; for nested executions the output is a
        /// JSON string).
        case sync = ".sync"
        /// `.sync:2`: as `.sync`, with the nested execution's output as JSON.
        case sync2 = ".sync:2"
        /// Call the API, then wait for `SendTaskSuccess`/`SendTaskFailure` with the task token.
        case waitForTaskToken = ".waitForTaskToken"
    }

    public struct Integration: Sendable, Hashable {
        /// The service as it appears in the resource (`lambda`, `dynamodb`, `states`, `http`; for
        /// AWS SDK integrations the SDK's service name, e.g. `s3`, `sfn`).
        public var service: String
        /// The API action (`invoke`, `putItem`, `startExecution`).
        public var action: String
        public var isSDK: Bool
        public var pattern: Pattern
        /// The region in the resource, if any (usually empty: the execution's region applies).
        public var region: String?

        /// `service:action` (`aws-sdk:service:action` for the SDK form), without the pattern: how
        /// handlers and mocks name the integration.
        public var key: String { (isSDK ? "aws-sdk:" : "") + service + ":" + action }

        /// The history events' `resourceType` (`lambda`, `aws-sdk:s3`).
        public var resourceType: String { isSDK ? "aws-sdk:" + service : service }

        /// The history events' `resource` (`invoke`, `sendMessage.waitForTaskToken`).
        public var resourceName: String { action + pattern.rawValue }
    }

    public init(_ resource: String) {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 6, parts[0] == "arn", !parts[1].isEmpty else {
            self = .other(resource)
            return
        }
        switch parts[2] {
        case "states" where parts[5] == "activity" && parts.count == 7 && !parts[6].isEmpty:
            self = .activity(arn: resource)
        case "states" where parts[4].isEmpty && parts.count >= 7:
            self = Self.integration(resource, parts: parts) ?? .other(resource)
        case "lambda" where parts[5] == "function" && (7...8).contains(parts.count) && !parts[6].isEmpty:
            self = .lambdaFunction(LambdaFunction(
                arn: resource, region: parts[3], name: parts[6], qualifier: parts.count == 8 ? parts[7] : nil))
        default:
            self = .other(resource)
        }
    }

    /// `arn:PARTITION:states:REGION::SERVICE:ACTION[.PATTERN]` or
    /// `arn:PARTITION:states:REGION::aws-sdk:SERVICE:ACTION[.PATTERN]`.
    private static func integration(_ resource: String, parts: [String]) -> TaskResource? {
        let isSDK = parts[5] == "aws-sdk"
        let rest = Array(parts[(isSDK ? 6 : 5)...])
        // `.sync:2` splits at its colon: put it back together.
        var actionAndPattern = rest.dropFirst().joined(separator: ":")
        guard let service = rest.first, !service.isEmpty, !actionAndPattern.isEmpty else { return nil }
        var pattern = Pattern.requestResponse
        for candidate in [Pattern.sync2, .sync, .waitForTaskToken] where actionAndPattern.hasSuffix(candidate.rawValue) {
            pattern = candidate
            actionAndPattern.removeLast(candidate.rawValue.count)
            break
        }
        guard !actionAndPattern.isEmpty, !actionAndPattern.contains(":"), !actionAndPattern.contains(".") else { return nil }
        return .integration(Integration(
            service: service, action: actionAndPattern, isSDK: isSDK, pattern: pattern, region: parts[3].isEmpty ? nil : parts[3]))
    }

    /// The Lambda function a `lambda:invoke` call names in its `FunctionName` parameter: a bare
    /// name, `name:qualifier`, a partial ARN `ACCOUNT:function:name[:qualifier]` or a full ARN.
    public static func lambdaFunctionName(_ functionName: String) -> (name: String, qualifier: String?) {
        let parts = functionName.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let index = parts.firstIndex(of: "function"), index + 1 < parts.count {
            return (parts[index + 1], index + 2 < parts.count ? parts[index + 2] : nil)
        }
        return (parts[0], parts.count > 1 ? parts[1] : nil)
    }
}
