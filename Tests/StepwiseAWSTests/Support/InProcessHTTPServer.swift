import AWSSigV4
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import TestSupport

/// One request as the server received it.
struct CapturedRequest: Sendable {
    var method: String
    /// Path and query exactly as on the request line.
    var uri: String
    var headers: [HTTPHeader]
    var body: Data

    /// The request as SigV4 sees it, for `SigV4Verifier`.
    var signingRequest: SigningRequest {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return SigningRequest(
            method: method, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "",
            headers: headers, payload: .body(body))
    }
}

/// What the server answers; `nil` from the responder means "never answer" (a hung peer).
struct CannedReply: Sendable {
    var status: Int
    var body: Data
    var contentType = "application/x-amz-json-1.0"
    var headers: [(name: String, value: String)] = []

    static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> CannedReply {
        CannedReply(status: status, body: Data(text.utf8), headers: headers)
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) that records every request and answers
/// with what `responder` returns for it, given how many requests came before it.
final class InProcessHTTPServer: Sendable {
    typealias Responder = @Sendable (_ request: CapturedRequest, _ index: Int) -> CannedReply?

    let port: Int
    private let channel: any Channel
    private let log = Recorder<CapturedRequest>()

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var requests: [CapturedRequest] { log.values }

    /// Waits until at least `count` requests have arrived (nil if the caller is cancelled first).
    func requests(atLeast count: Int) async -> [CapturedRequest]? {
        await log.wait(forCount: count)
    }

    /// Starts a server, runs `body` with it, and stops it whatever happens.
    static func with<T: Sendable>(_ responder: @escaping Responder, _ body: (InProcessHTTPServer) async throws -> T) async throws -> T {
        let shared = SharedState(responder: responder)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(CaptureHandler(shared: shared))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = InProcessHTTPServer(port: channel.localAddress?.port ?? 0, channel: channel)
        shared.server.withLock { $0 = server }
        do {
            let result = try await body(server)
            try await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    fileprivate func record(_ request: CapturedRequest) -> Int {
        log.record(request)
    }
}

/// Shared by every connection's handler: the responder and the server to record into.
private final class SharedState: Sendable {
    let responder: InProcessHTTPServer.Responder
    let server = Mutex<InProcessHTTPServer?>(nil)
    init(responder: @escaping InProcessHTTPServer.Responder) { self.responder = responder }
}

private final class CaptureHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let shared: SharedState
    private var head: HTTPRequestHead?
    private var body = Data()

    init(shared: SharedState) { self.shared = shared }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head, let server = shared.server.withLock({ $0 }) else { return }
            let request = CapturedRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { HTTPHeader($0.name, $0.value) }, body: body)
            let index = server.record(request)
            guard let reply = shared.responder(request, index) else { return }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: reply.contentType)
            headers.add(name: "Content-Length", value: String(reply.body.count))
            for header in reply.headers { headers.add(name: header.name, value: header.value) }
            let responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
