/// An error of the Step Functions API, with AWS's error code (the `__type` of the wire form).
public struct StepFunctionsError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public var description: String { rawValue }

        public static let activityDoesNotExist: Code = "ActivityDoesNotExist"
        public static let activityAlreadyExists: Code = "ActivityAlreadyExists"
        public static let activityLimitExceeded: Code = "ActivityLimitExceeded"
        public static let activityWorkerLimitExceeded: Code = "ActivityWorkerLimitExceeded"
        public static let conflict: Code = "ConflictException"
        public static let executionAlreadyExists: Code = "ExecutionAlreadyExists"
        public static let executionDoesNotExist: Code = "ExecutionDoesNotExist"
        public static let executionLimitExceeded: Code = "ExecutionLimitExceeded"
        public static let executionNotRedrivable: Code = "ExecutionNotRedrivable"
        public static let invalidArn: Code = "InvalidArn"
        public static let invalidDefinition: Code = "InvalidDefinition"
        public static let invalidExecutionInput: Code = "InvalidExecutionInput"
        public static let invalidName: Code = "InvalidName"
        public static let invalidOutput: Code = "InvalidOutput"
        public static let invalidToken: Code = "InvalidToken"
        public static let missingRequiredParameter: Code = "MissingRequiredParameter"
        public static let resourceNotFound: Code = "ResourceNotFound"
        public static let serviceQuotaExceeded: Code = "ServiceQuotaExceededException"
        public static let stateMachineAlreadyExists: Code = "StateMachineAlreadyExists"
        public static let stateMachineDeleting: Code = "StateMachineDeleting"
        public static let stateMachineDoesNotExist: Code = "StateMachineDoesNotExist"
        public static let stateMachineTypeNotSupported: Code = "StateMachineTypeNotSupported"
        public static let taskDoesNotExist: Code = "TaskDoesNotExist"
        public static let taskTimedOut: Code = "TaskTimedOut"
        public static let tooManyTags: Code = "TooManyTags"
        public static let validation: Code = "ValidationException"
        // Protocol-level errors every AWS JSON service can return.
        public static let serialization: Code = "SerializationException"
        public static let unknownOperation: Code = "UnknownOperationException"
        public static let unrecognizedClient: Code = "UnrecognizedClientException"
        public static let invalidSignature: Code = "InvalidSignatureException"
        public static let incompleteSignature: Code = "IncompleteSignatureException"
        public static let missingAuthenticationToken: Code = "MissingAuthenticationTokenException"
        public static let accessDenied: Code = "AccessDeniedException"
        public static let throttling: Code = "ThrottlingException"
        public static let requestEntityTooLarge: Code = "RequestEntityTooLargeException"
        public static let internalFailure: Code = "InternalFailure"
        public static let serviceUnavailable: Code = "ServiceUnavailable"
    }

    public var code: Code
    public var message: String
    /// HTTP status this error travels with on the wire.
    public var httpStatus: Int
    /// The `reason` member some errors carry (`ValidationException`'s
    /// `INVALID_ROUTING_CONFIGURATION`, `CANNOT_UPDATE_COMPLETED_MAP_RUN`, …).
    public var reason: String?

    public init(_ code: Code, _ message: String, httpStatus: Int? = nil, reason: String? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus ?? StepFunctionsError.defaultStatus(code)
        self.reason = reason
    }

    static func defaultStatus(_ code: Code) -> Int {
        switch code {
        case .internalFailure: return 500
        case .serviceUnavailable: return 503
        // AWS JSON services answer failed authentication with 400; only a refused permission is 403.
        case .accessDenied: return 403
        case .requestEntityTooLarge: return 413
        // As the API reference gives them for these two.
        case .conflict: return 409
        case .serviceQuotaExceeded: return 402
        default: return 400
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// Errors worth retrying with backoff (throttling and server-side failures).
    public var isRetryable: Bool {
        code == .throttling || code == .serviceUnavailable || httpStatus >= 500
    }
}
