#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a handler library could not be used.
public struct HandlerLibraryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
}

/// A handler library loaded into this process (the host side of `HandlerABI`). It is never
/// unloaded: `dlclose` on a Swift library leaves the runtime with dangling conformance
/// records, and the next dynamic cast crashes.
public final class HandlerLibrary: @unchecked Sendable {
    // @unchecked: every stored property is immutable after `init`, and the function pointers
    // point into a library that stays loaded for the life of the process.
    public let path: String
    public let keys: [HandlerKey]
    private let registry: UnsafeMutableRawPointer
    private let invokeFunction: HandlerABI.InvokeFunction

    /// Loads the library at `path` (copy it to a fresh path first: `dlopen` caches by path)
    /// and asks its entry point for its handlers.
    public init(path: String) throws(HandlerLibraryError) {
        self.path = path
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw HandlerLibraryError(description: "cannot load \(path): \(Self.lastError())")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(HandlerLibraryError) -> T {
            guard let address = dlsym(handle, name) else {
                throw HandlerLibraryError(description: "\(path) has no symbol \(name): is it a handler package that links StepwiseHandlerABI?")
            }
            return unsafeBitCast(address, to: type)
        }
        let version = try symbol(HandlerABI.versionSymbol, as: HandlerABI.VersionFunction.self)()
        guard HandlerABI.supportedVersions.contains(version) else {
            throw HandlerLibraryError(description: "\(path) was built against handler ABI version \(version), this host speaks versions \(HandlerABI.supportedVersions.lowerBound) to \(HandlerABI.version): rebuild the package")
        }
        guard let entry = dlsym(handle, HandlerABI.entryPoint) else {
            throw HandlerLibraryError(description: "\(path) does not export \(HandlerABI.entryPoint): add `@_cdecl(\"\(HandlerABI.entryPoint)\") public func stepwiseHandlers() -> UnsafeMutableRawPointer { HandlerRegistry()…exported() }` to the package")
        }
        guard let registry = unsafeBitCast(entry, to: HandlerABI.Entry.self)() else {
            throw HandlerLibraryError(description: "\(HandlerABI.entryPoint) in \(path) returned no registry")
        }
        let listKeys = try symbol(HandlerABI.listSymbol, as: HandlerABI.ListFunction.self)
        let collector = KeyCollector()
        withExtendedLifetime(collector) {
            listKeys(registry, Unmanaged.passUnretained(collector).toOpaque()) { context, key in
                guard let context else { return }
                Unmanaged<KeyCollector>.fromOpaque(context).takeUnretainedValue().keys.append(HandlerKey(encoded: String(cString: key)))
            }
        }
        self.registry = registry
        self.keys = collector.keys
        self.invokeFunction = try symbol(HandlerABI.invokeSymbol, as: HandlerABI.InvokeFunction.self)
    }

    /// Runs the handler for `key` on JSON input bytes.
    public func invoke(_ key: HandlerKey, input: [UInt8]) async -> HandlerOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<HandlerOutcome, Never>) in
            let context = Unmanaged.passRetained(CompletionBox(continuation)).toOpaque()
            input.withUnsafeBufferPointer { buffer in
                key.encoded.withCString { name in
                    invokeFunction(registry, name, buffer.baseAddress, buffer.count, context) { context, status, bytes, length in
                        guard let context else { return }
                        let box = Unmanaged<CompletionBox>.fromOpaque(context).takeRetainedValue()
                        let payload = bytes.map { Array(UnsafeBufferPointer(start: $0, count: max(0, length))) } ?? []
                        box.continuation.resume(returning: HandlerLibrary.outcome(status: status, payload: payload))
                    }
                }
            }
        }
    }

    static func outcome(status: Int32, payload: [UInt8]) -> HandlerOutcome {
        guard status != HandlerABI.success else { return .output(payload) }
        guard let failure = try? JSONCoding.decode(FailurePayload.self, from: payload) else {
            return .failure(HandlerError("Stepwise.HandlerABI", cause: "the handler library reported a failure the host cannot read"))
        }
        return .failure(HandlerError(failure.error, cause: failure.cause))
    }

    private static func lastError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
    }
}

private final class KeyCollector {
    var keys: [HandlerKey] = []
}

private final class CompletionBox {
    let continuation: CheckedContinuation<HandlerOutcome, Never>
    init(_ continuation: CheckedContinuation<HandlerOutcome, Never>) { self.continuation = continuation }
}
