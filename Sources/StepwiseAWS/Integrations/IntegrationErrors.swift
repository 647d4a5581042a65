import Foundation
import NIOHTTP1
import StepFunctions

/// An error a service answered with, before Step Functions names it.
struct ServiceFault: Error, Sendable {
    /// The service's code (`ResourceNotFoundException`, `NotFound`, `QueueDoesNotExist`).
    var code: String
    var message: String
    var status: Int
    var requestId: String?
    /// S3's `x-amz-id-2`, which the SDK v2 message reports as the extended request id.
    var extendedRequestId: String?
    /// The code the service's former Query protocol used (SQS's `x-amzn-query-error`,
    /// `AWS.SimpleQueueService.NonExistentQueue`), which is what the SDK v1 reports.
    var queryCode: String?

    /// An AWS JSON or REST-JSON error: the code from `X-Amzn-ErrorType` or the body's
    /// `__type`/`code`, the message from `message`/`Message`.
    static func json(_ response: AWSHTTPResponse) -> ServiceFault {
        let decoded = WireCoding.error(fromBody: response.body, httpStatus: response.status)
        var code = decoded.code.rawValue
        if var header = response.headers.first(name: "x-amzn-errortype"), !header.isEmpty {
            if let colon = header.firstIndex(of: ":") { header = String(header[..<colon]) }
            if let hash = header.lastIndex(of: "#") { header = String(header[header.index(after: hash)...]) }
            code = header
        }
        let queryCode = response.headers.first(name: "x-amzn-query-error").map { String($0.split(separator: ";").first ?? "") }
        return ServiceFault(
            code: code, message: decoded.message, status: response.status, requestId: response.requestId, queryCode: queryCode)
    }

    /// An AWS Query protocol error: `<ErrorResponse><Error><Code>…</Code><Message>…</Message>`.
    static func xml(_ response: AWSHTTPResponse) -> ServiceFault {
        let text = String(decoding: response.body, as: UTF8.self)
        return ServiceFault(
            code: XMLElements.first("Code", in: text) ?? "HTTP\(response.status)", message: XMLElements.first("Message", in: text) ?? text,
            status: response.status, requestId: response.requestId ?? XMLElements.first("RequestId", in: text))
    }

}

extension ServiceFault {
    init(_ error: S3Error) {
        self.init(
            code: error.code, message: error.message, status: error.httpStatus, requestId: error.requestId,
            extendedRequestId: error.extendedRequestId)
    }
}

extension AWSHTTPResponse {
    /// The request id AWS services put in a header (`x-amzn-RequestId`; S3's `x-amz-request-id`).
    var requestId: String? {
        headers.first(name: "x-amzn-requestid") ?? headers.first(name: "x-amz-request-id")
    }
}

/// How Step Functions names a service's errors: optimized integrations through the Java SDK v1,
/// AWS SDK integrations through the Java SDK v2 (see the developer guide's "AWS SDK service
/// integrations" and the error tables recorded from AWS).
enum IntegrationErrorNaming: Sendable {
    case optimized(IntegrationService.OptimizedIntegration)
    case sdk(prefix: String)

    /// `DynamoDB.ConditionalCheckFailedException` with the SDK v1 cause
    /// `msg (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: X; Request ID: Y; Proxy: null)`,
    /// or `DynamoDb.ResourceNotFoundException` with the SDK v2 cause
    /// `msg (Service: DynamoDb, Status Code: 400, Request ID: Y)`.
    func failure(_ fault: ServiceFault) -> TaskFailure {
        let modeled = Self.exceptionClass(fault.code)
        switch self {
        case .optimized(let service):
            let cause = "\(fault.message) (Service: \(service.sdkServiceName); Status Code: \(fault.status); "
                + "Error Code: \(fault.queryCode ?? fault.code); Request ID: \(fault.requestId ?? ""); Proxy: null)"
            return TaskFailure("\(service.errorPrefix).\(modeled ?? service.baseException)", cause: cause)
        case .sdk(let prefix):
            let extended = fault.extendedRequestId.map { ", Extended Request ID: \($0)" } ?? ""
            let cause = "\(fault.message) (Service: \(prefix), Status Code: \(fault.status), Request ID: \(fault.requestId ?? "")\(extended))"
            return TaskFailure("\(prefix).\(modeled ?? prefix + "Exception")", cause: cause)
        }
    }

    /// The endpoint could not be reached: the SDKs' client-side failure.
    func unreachable(_ error: AWSTransportError) -> TaskFailure {
        let prefix: String
        switch self {
        case .optimized(let service): prefix = service.errorPrefix
        case .sdk(let sdkPrefix): prefix = sdkPrefix
        }
        return TaskFailure("\(prefix).SdkClientException", cause: "Unable to execute HTTP request: \(error.reason)")
    }

    /// The SDK exception class of a service error code: the code with `Exception` appended
    /// unless it has it (`NotFound` → `NotFoundException`, as the developer guide says S3's
    /// `BucketAlreadyExists` becomes `S3.BucketAlreadyExistsException`); nil for the errors
    /// common to all AWS APIs, which the SDKs model as the service's base exception
    /// (`DynamoDB.AmazonDynamoDBException` for a `ValidationException`).
    static func exceptionClass(_ code: String) -> String? {
        guard !code.isEmpty, !commonErrors.contains(code), code.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
        return code.hasSuffix("Exception") ? code : code + "Exception"
    }

    /// The AWS API reference's common errors, and the protocol-level errors of the JSON protocols.
    static let commonErrors: Set<String> = [
        "AccessDeniedException", "IncompleteSignature", "IncompleteSignatureException", "InternalFailure", "InvalidAction",
        "InvalidClientTokenId", "InvalidParameterCombination", "InvalidParameterValue", "InvalidQueryParameter", "InvalidSignatureException",
        "MalformedQueryString", "MissingAction", "MissingAuthenticationToken", "MissingAuthenticationTokenException", "MissingParameter",
        "NotAuthorized", "OptInRequired", "RequestExpired", "SerializationException", "ServiceUnavailable", "ThrottlingException",
        "UnknownOperationException", "UnrecognizedClientException", "ValidationError", "ValidationException", "ExpiredTokenException",
    ]
}

extension TaskFailure {
    /// A task the forwarder refuses before calling anything (a form it does not forward, a
    /// missing parameter): `States.Runtime`, which no `States.ALL` catcher hides, since no retry
    /// can fix it.
    static func notForwarded(_ explanation: String) -> TaskFailure {
        TaskFailure("States.Runtime", cause: explanation)
    }
}
