import AWSSigV4
import Foundation
import Logging
import ServiceLifecycle
import StepFunctions

/// The Step Functions side of the AWS JSON 1.0 protocol: one `POST /` whose `X-Amz-Target`
/// names the operation, answered by a backend. Knows nothing of the HTTP server in front of it.
public struct StepFunctionsEndpoint: Sendable {
    public static let contentType = "application/x-amz-json-1.0"

    let backend: any StepFunctionsBackend
    let authenticator: RequestAuthenticator
    let hosts: HostAllowList
    /// At debug level, a line as each operation starts and as it is answered: what an operator
    /// (or a test) watches to know that a long poll is waiting inside the server.
    let logger: Logger

    public init(
        backend: any StepFunctionsBackend, credentials: CredentialPolicy, hosts: HostAllowList = HostAllowList(boundTo: "127.0.0.1"),
        logger: Logger = Logger(label: "stepwise.serve", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.backend = backend
        authenticator = RequestAuthenticator(credentials)
        self.hosts = hosts
        self.logger = logger
    }

    /// Answers one request; every failure becomes AWS's error response, never a thrown error.
    public func respond(to request: WireRequest, now: Date = Date()) async -> WireResponse {
        do {
            let host = request.headers.first(named: "host")
            guard hosts.allows(host) else { throw StepFunctionsError(.accessDenied, hosts.refusal(of: host)) }
            try authenticator.check(request, now: now)
            let operation = try Self.operation(of: request)
            let response: WireResponse
            do {
                response = Self.response(status: 200, body: try await dispatch(operation, request.body))
            } catch let error as StepFunctionsError {
                response = Self.response(for: error)
            }
            logger.debug("\(operation.name) answered \(response.status)")
            return response
        } catch let error as StepFunctionsError {
            return Self.response(for: error)
        } catch {
            return Self.response(for: StepFunctionsError(.internalFailure, "internal error: \(error)"))
        }
    }

    /// A long poll ends early, with AWS's empty answer, when the server shuts down gracefully,
    /// so shutting down never waits out a 60 s poll window.
    func dispatch(_ operation: any AnyStepFunctionsOperation, _ body: Data) async throws -> Data {
        guard operation.name == StepFunctionsOperations.table.getActivityTask.name else {
            logger.debug("\(operation.name) started")
            return try await operation.dispatch(body, to: backend)
        }
        return try await cancelWhenGracefulShutdown {
            // Inside the shutdown handler: once this line is out, a SIGTERM ends the poll.
            logger.debug("\(operation.name) started")
            return try await operation.dispatch(body, to: backend)
        }
    }

    static func operation(of request: WireRequest) throws(StepFunctionsError) -> any AnyStepFunctionsOperation {
        guard request.method == "POST" else {
            throw StepFunctionsError(.unknownOperation, "Step Functions takes POST requests only, not \(request.method)")
        }
        guard let target = request.operationName else {
            throw StepFunctionsError(.unknownOperation, "The X-Amz-Target header is missing: it names the operation, as AWSStepFunctions.<Operation>")
        }
        guard target.hasPrefix(StepFunctionsOperations.targetPrefix),
            let operation = StepFunctionsOperations.named(String(target.dropFirst(StepFunctionsOperations.targetPrefix.count)))
        else {
            throw StepFunctionsError(.unknownOperation, "'\(target)' is not a Step Functions operation (expected AWSStepFunctions.<Operation>)")
        }
        return operation
    }

    static func response(status: Int, body: Data) -> WireResponse {
        WireResponse(
            status: status,
            headers: [HTTPHeader("Content-Type", contentType), HTTPHeader("x-amzn-RequestId", UUID().uuidString.lowercased())],
            body: body)
    }

    public static func response(for error: StepFunctionsError) -> WireResponse {
        response(status: error.httpStatus, body: ErrorBody.data(for: error))
    }
}

/// AWS's error body. Errors of the protocol itself (signatures, unknown operations, unreadable
/// bodies) come from AWS's request layer, whose namespace differs from the service's.
enum ErrorBody {
    static let protocolCodes: Set<StepFunctionsError.Code> = [
        .unknownOperation, .serialization, .unrecognizedClient, .invalidSignature, .missingAuthenticationToken,
        .requestEntityTooLarge, .incompleteSignature, .accessDenied,
    ]

    static func data(for error: StepFunctionsError) -> Data {
        guard protocolCodes.contains(error.code) else { return WireCoding.errorBody(error) }
        let object = ["__type": "com.amazon.coral.service#\(error.code.rawValue)", "message": error.message]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(object)) ?? Data()
    }
}
