import AWSSigV4
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import StepwiseJSON

/// A lean client for plain `http://` endpoints: each worker owns one keep-alive HTTP/1.1
/// connection on the event loop its task runs on, requests are written straight to NIO,
/// answers are parsed with the project's JSON parser. No pool, no Codable, no retries, and no
/// thread switch between sending a request and reading its answer.
struct RawBenchClient: BenchClient {
    /// How requests are authorised.
    enum Signing: Sendable {
        /// SigV4, as any AWS SDK signs: what a server that checks signatures needs.
        case sigV4(SigV4Signer)
        /// This `Authorization` header on every request: it names the credential scope, which
        /// moto routes by, but signs nothing. Signing took a third to a half of this client's
        /// CPU per request when measured, work that servers checking no signature do not need.
        case scopeOnly(String)
    }

    let host: String
    let port: Int
    let hostHeader: String
    let signing: Signing

    init(endpoint: Endpoint, region: String, signed: Bool) throws {
        guard endpoint.url.scheme == "http", let host = endpoint.url.host, let hostHeader = SigningRequest.hostHeaderValue(for: endpoint.url) else {
            throw BenchError("--client raw speaks plain http:// only; use --client aws for \(endpoint.url.absoluteString)")
        }
        guard endpoint.url.path.isEmpty || endpoint.url.path == "/" else {
            throw BenchError("--client raw posts to /; \(endpoint.url.absoluteString) has a path (use --client aws)")
        }
        self.host = host
        port = endpoint.url.port ?? 80
        self.hostHeader = hostHeader
        let credentials = signingCredentials()
        if signed {
            signing = .sigV4(SigV4Signer(credentials: credentials, region: region, service: "states"))
        } else {
            signing = .scopeOnly("AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/20260101/\(region)/states/aws4_request, SignedHeaders=host, Signature=unsigned")
        }
    }

    func session(on eventLoop: any EventLoop) async throws -> any BenchSession { RawBenchSession(client: self, eventLoop: eventLoop) }

    func shutdown() async throws {}
}

private final class RawBenchSession: BenchSession {
    private let client: RawBenchClient
    private let eventLoop: any EventLoop
    private var channel: (any Channel)?

    init(client: RawBenchClient, eventLoop: any EventLoop) {
        self.client = client
        self.eventLoop = eventLoop
    }

    func createStateMachine(name: String, definition: String) async throws -> String {
        let answer = try await call("CreateStateMachine", ["name": .string(name), "definition": .string(definition), "roleArn": .string(benchRoleArn)])
        return try field("stateMachineArn", of: answer, from: "CreateStateMachine")
    }

    func createActivity(name: String) async throws -> String {
        try field("activityArn", of: try await call("CreateActivity", ["name": .string(name)]), from: "CreateActivity")
    }

    func startExecution(stateMachineArn: String, name: String, input: String) async throws -> String {
        let answer = try await call("StartExecution", ["stateMachineArn": .string(stateMachineArn), "name": .string(name), "input": .string(input)])
        return try field("executionArn", of: answer, from: "StartExecution")
    }

    func describeExecution(_ executionArn: String) async throws -> ExecutionState {
        let answer = try await call("DescribeExecution", ["executionArn": .string(executionArn)])
        return ExecutionState(
            status: try field("status", of: answer, from: "DescribeExecution"), error: answer["error"]?.stringValue, cause: answer["cause"]?.stringValue)
    }

    func getActivityTask(activityArn: String, workerName: String) async throws -> ActivityTask? {
        let answer = try await call("GetActivityTask", ["activityArn": .string(activityArn), "workerName": .string(workerName)])
        guard let token = answer["taskToken"]?.stringValue, !token.isEmpty else { return nil }
        return ActivityTask(token: token, input: answer["input"]?.stringValue ?? "{}")
    }

    func sendTaskSuccess(taskToken: String, output: String) async throws {
        _ = try await call("SendTaskSuccess", ["taskToken": .string(taskToken), "output": .string(output)])
    }

    func close() async {
        try? await channel?.close()
        channel = nil
    }

    private func field(_ name: String, of answer: JSONValue, from operation: String) throws -> String {
        guard let value = answer[name]?.stringValue else { throw BenchError("\(operation) answered without \(name): \(answer)") }
        return value
    }

    /// One call of the protocol (AWS JSON 1.0): the answer's JSON, or a `BenchError` naming
    /// the service's error.
    private func call(_ operation: String, _ input: JSONValue) async throws -> JSONValue {
        let body = Data(JSONSerializer.string(input).utf8)
        let headers = [
            HTTPHeader("Host", client.hostHeader), HTTPHeader("Content-Type", "application/x-amz-json-1.0"),
            HTTPHeader("X-Amz-Target", "AWSStepFunctions." + operation),
        ]
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/")
        switch client.signing {
        case .sigV4(let signer):
            let signature = try signer.signHeaders(SigningRequest(method: "POST", path: "/", headers: headers, payload: .body(body)), date: Date())
            for header in signature.apply(to: headers) { head.headers.add(name: header.name, value: header.value) }
        case .scopeOnly(let authorization):
            for header in headers { head.headers.add(name: header.name, value: header.value) }
            head.headers.add(name: "Authorization", value: authorization)
        }
        head.headers.add(name: "Content-Length", value: String(body.count))

        let channel = try await connection()
        let answer = channel.eventLoop.makePromise(of: RawResponse.self)
        let response = try await withTaskCancellationHandler {
            // A write that fails before it reaches the handler (the connection just closed)
            // must still end the wait.
            channel.writeAndFlush(Exchange(head: head, body: ByteBuffer(bytes: body), answer: answer)).whenFailure { answer.fail($0) }
            return try await answer.futureResult.get()
        } onCancel: {
            // Ends a long poll: closing fails the pending answer.
            channel.close(promise: nil)
        }
        if !response.keepAlive {
            try? await channel.close()
            self.channel = nil
        }
        let parsed: JSONValue
        do {
            parsed = response.body.readableBytes == 0 ? [:] : try JSONParser.parse(Array(response.body.readableBytesView))
        } catch {
            throw BenchError("\(operation): HTTP \(response.status.code), the body is not JSON: \(String(buffer: response.body).prefix(80))…")
        }
        guard response.status == .ok else {
            let type = parsed["__type"]?.stringValue.map { $0.split(separator: "#").last.map(String.init) ?? $0 } ?? "no __type"
            let message = parsed["message"]?.stringValue ?? parsed["Message"]?.stringValue ?? ""
            throw BenchError("\(operation): HTTP \(response.status.code) \(type): \(message.prefix(300))")
        }
        return parsed
    }

    private func connection() async throws -> any Channel {
        if let channel, channel.isActive { return channel }
        // ClientBootstrap turns Nagle off (TCP_NODELAY) by default, as a request-response client needs.
        let channel = try await ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler())
                }
            }
            .connect(host: client.host, port: client.port).get()
        self.channel = channel
        return channel
    }
}

private struct Exchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var answer: EventLoopPromise<RawResponse>
}

private struct RawResponse: Sendable {
    var status: HTTPResponseStatus
    var keepAlive: Bool
    var body: ByteBuffer
}

/// Writes one request and completes its promise with the answer; one exchange at a time.
private final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: EventLoopPromise<RawResponse>?
    private var response = RawResponse(status: .ok, keepAlive: true, body: ByteBuffer())

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        pending = exchange.answer
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            response = RawResponse(status: head.status, keepAlive: head.isKeepAlive, body: context.channel.allocator.buffer(capacity: 0))
        case .body(var chunk):
            response.body.writeBuffer(&chunk)
        case .end:
            let answer = pending
            pending = nil
            answer?.succeed(response)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        let answer = pending
        pending = nil
        answer?.fail(error)
    }
}
