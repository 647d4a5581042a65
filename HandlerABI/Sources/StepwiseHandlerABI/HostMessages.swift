#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON-lines protocol between the shell and a handler host process (one JSON object per
/// line). The host's first line is a `HostGreeting`; then each `HostRequest` on its stdin is
/// answered by one `HostResponse` on its stdout, in completion order. Payloads travel as JSON
/// text inside strings so that numbers reach the handler exactly as written.
public struct HostGreeting: Codable, Sendable, Hashable {
    /// What the library serves (nil when it could not be loaded).
    public var handlers: [HandlerKey]?
    public var failure: String?

    public init(handlers: [HandlerKey]? = nil, failure: String? = nil) {
        self.handlers = handlers
        self.failure = failure
    }
}

public struct HostRequest: Codable, Sendable, Hashable {
    public var id: Int
    public var handler: HandlerKey
    public var input: String

    public init(id: Int, handler: HandlerKey, input: String) {
        self.id = id
        self.handler = handler
        self.input = input
    }
}

public struct HostResponse: Codable, Sendable, Hashable {
    public var id: Int
    public var output: String?
    public var error: String?
    public var cause: String?

    public init(id: Int, outcome: HandlerOutcome) {
        self.id = id
        switch outcome {
        case .output(let bytes): output = String(decoding: bytes, as: UTF8.self)
        case .failure(let failure): (error, cause) = (failure.name, failure.cause)
        }
    }

    public var outcome: HandlerOutcome {
        if let output { return .output(Array(output.utf8)) }
        return .failure(HandlerError(error ?? "Stepwise.HandlerHost", cause: cause ?? ""))
    }
}

/// One protocol line: a message encoded as single-line JSON, or decoded from one.
public enum HostLine {
    public static func encode<T: Encodable>(_ message: T) throws -> [UInt8] {
        try JSONCoding.encode(message) + [UInt8(ascii: "\n")]
    }

    public static func decode<T: Decodable>(_ type: T.Type, from line: [UInt8]) throws -> T {
        try JSONCoding.decode(type, from: line)
    }

    /// Writes `bytes` whole to a descriptor, retrying on EINTR and short writes; stops early
    /// when the descriptor refuses them (the reader has gone). Both ends of the protocol write
    /// their lines this way, and the shell the rest of its output.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

