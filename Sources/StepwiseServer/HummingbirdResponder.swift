import AWSSigV4
import Foundation
import HTTPTypes
import Hummingbird
import StepFunctions

/// Carries requests from Hummingbird to the endpoint and its answers back.
struct HummingbirdResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let endpoint: StepFunctionsEndpoint
    let maximumBodyBytes: Int

    func respond(to request: Request, context: Context) async throws -> Response {
        guard Self.isLongPoll(request) else { return await answer(request, body: request.body) }
        // A worker that hangs up mid-poll withdraws its poll, so no task is handed to a
        // connection nobody reads any more. Watching for the hang-up consumes the connection,
        // so the answer tells the client not to send another request on it.
        var response = try await request.body.consumeWithCancellationOnInboundClose { body in
            await answer(request, body: body)
        }
        response.headers[.connection] = "close"
        return response
    }

    static func isLongPoll(_ request: Request) -> Bool {
        guard let name = HTTPField.Name("X-Amz-Target") else { return false }
        return request.headers[name]?.trimmingCharacters(in: .whitespaces) == StepFunctionsOperations.table.getActivityTask.target
    }

    private func answer(_ request: Request, body: RequestBody) async -> Response {
        let bytes: ByteBuffer
        do {
            bytes = try await body.collect(upTo: maximumBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return Self.response(StepFunctionsEndpoint.response(for: StepFunctionsError(
                .requestEntityTooLarge, "Request body is larger than the \(maximumBodyBytes) bytes this server accepts")))
        } catch {
            return Self.response(StepFunctionsEndpoint.response(for: StepFunctionsError(
                .serialization, "The request body could not be read: \(error)")))
        }
        let wire = WireRequest(
            method: request.method.rawValue, target: request.head.path ?? "/", headers: Self.headers(of: request),
            body: Data(bytes.readableBytesView))
        return Self.response(await endpoint.respond(to: wire))
    }

    /// HTTP/1's `Host` header arrives as the request's authority; SigV4 signs it as `host`.
    static func headers(of request: Request) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        if let authority = request.head.authority { headers.append(HTTPHeader("Host", authority)) }
        for field in request.headers { headers.append(HTTPHeader(field.name.rawName, field.value)) }
        return headers
    }

    static func response(_ wire: WireResponse) -> Response {
        var fields = HTTPFields()
        for header in wire.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(status: status(wire.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: wire.body)))
    }

    static func status(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 200: .ok
        case 400: .badRequest
        case 403: .forbidden
        case 413: .contentTooLarge
        case 500: .internalServerError
        case 503: .serviceUnavailable
        default: HTTPResponse.Status(code: code)
        }
    }
}
