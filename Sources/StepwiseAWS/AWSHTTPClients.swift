import AWSConfig
import AWSSigV4
import AsyncHTTPClient
import NIOCore
import Synchronization

/// The `HTTPClient`s the AWS clients send through.
public enum AWSHTTPClients {
    /// Our own retries replace the pool's connection retries (which would otherwise keep
    /// re-dialling a dead endpoint until the request deadline), redirects are errors in these
    /// protocols, and there is no idle read timeout: every request carries its own deadline,
    /// which a long poll (65 s+) or a synchronous express execution (5 min) needs to choose.
    static var configuration: HTTPClient.Configuration {
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.retryConnectionEstablishment = false
        return HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: nil),
            connectionPool: pool
        )
    }

    static func make() -> HTTPClient {
        HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// One client for the whole process, for conveniences such as `Stepwise.Backend.aws()`
    /// whose callers have no place to shut a client down. A global is never deinitialised, so
    /// it needs no shutdown.
    public static let shared: HTTPClient = make()
}

/// The `HTTPClient` an AWS client sends through: one passed in (shared, the caller shuts it
/// down) or one made for it (owned, shut down by `shutdown()`).
final class HTTPClientHandle: Sendable {
    let client: HTTPClient
    private let owned: Mutex<Bool>

    init(sharing shared: HTTPClient?) {
        client = shared ?? AWSHTTPClients.make()
        owned = Mutex(shared == nil)
    }

    /// Shuts an owned client down once; later calls and shared clients are left alone.
    func shutdown() async throws {
        let shouldShutDown = owned.withLock { owned in
            defer { owned = false }
            return owned
        }
        if shouldShutDown { try await client.shutdown() }
    }
}

extension SigningCredentials {
    init(_ credentials: AWSCredentials) {
        self.init(accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken)
    }
}
