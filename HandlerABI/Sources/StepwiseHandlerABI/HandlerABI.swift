/// The C-level contract between a handler library and the host that loads it. A handler
/// package exports one function of its own, `stepwise_handlers`, returning
/// `HandlerRegistry.exported()`; the other three symbols come from this module, which the
/// package links statically into its dynamic library:
///
/// ```c
/// int32_t stepwise_handler_abi_version(void);
/// void    stepwise_handler_activities(void *registry, void *context,
///                                     void (*each)(void *context, const char *key));
/// void    stepwise_handler_invoke(void *registry, const char *key,
///                                 const uint8_t *input, intptr_t length, void *context,
///                                 void (*done)(void *context, int32_t status,
///                                              const uint8_t *bytes, intptr_t length));
/// ```
///
/// `stepwise_handler_activities` lists every handler, not only activities: each as its
/// `HandlerKey.encoded` form (the symbol keeps its version 1 name, when it listed activities
/// only, so that version 1 libraries still load). Payloads are UTF-8 JSON. `done` is called
/// exactly once, on any thread; `status` is `success` (bytes: the output) or `failure` (bytes:
/// `{"error": …, "cause": …}`), and the bytes are only valid during the call.
public enum HandlerABI {
    /// Bumped whenever a signature or payload shape below changes. Version 2 added Lambda
    /// function, integration and resource keys.
    public static let version: Int32 = 2
    /// The versions a host loads: version 1 lists activities the way version 2 encodes them.
    public static let supportedVersions: ClosedRange<Int32> = 1...version

    public static let entryPoint = "stepwise_handlers"
    static let versionSymbol = "stepwise_handler_abi_version"
    static let listSymbol = "stepwise_handler_activities"
    static let invokeSymbol = "stepwise_handler_invoke"

    static let success: Int32 = 0
    static let failure: Int32 = 1

    typealias Entry = @convention(c) () -> UnsafeMutableRawPointer?
    typealias VersionFunction = @convention(c) () -> Int32
    typealias EachKey = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>) -> Void
    typealias ListFunction = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer?, EachKey) -> Void
    typealias Completion = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<UInt8>?, Int) -> Void
    typealias InvokeFunction = @convention(c) (
        UnsafeMutableRawPointer, UnsafePointer<CChar>, UnsafePointer<UInt8>?, Int, UnsafeMutableRawPointer?, Completion
    ) -> Void
}

/// The failure payload's shape.
struct FailurePayload: Codable {
    var error: String
    var cause: String
}

@_cdecl("stepwise_handler_abi_version")
public func stepwiseHandlerABIVersion() -> Int32 { HandlerABI.version }

@_cdecl("stepwise_handler_activities")
public func stepwiseHandlerActivities(
    _ registry: UnsafeMutableRawPointer, _ context: UnsafeMutableRawPointer?,
    _ each: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>) -> Void
) {
    for key in ExportedRegistry.from(registry).keys {
        key.encoded.withCString { each(context, $0) }
    }
}

@_cdecl("stepwise_handler_invoke")
public func stepwiseHandlerInvoke(
    _ registry: UnsafeMutableRawPointer, _ key: UnsafePointer<CChar>, _ input: UnsafePointer<UInt8>?, _ length: Int,
    _ context: UnsafeMutableRawPointer?, _ done: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<UInt8>?, Int) -> Void
) {
    let exported = ExportedRegistry.from(registry)
    let key = HandlerKey(encoded: String(cString: key))
    let bytes = input.map { Array(UnsafeBufferPointer(start: $0, count: max(0, length))) } ?? []
    let reply = Reply(done: done, context: context)
    Task {
        let outcome = await exported.registry.invoke(key, input: bytes)
        switch outcome {
        case .output(let output): reply.send(HandlerABI.success, output)
        case .failure(let error):
            reply.send(HandlerABI.failure, (try? JSONCoding.encode(FailurePayload(error: error.name, cause: error.cause))) ?? [])
        }
    }
}

/// The host's completion function and its context, carried into the task that runs the
/// handler. @unchecked: a C function pointer is an immutable address, and the context belongs
/// to the host, which hands it over for exactly this one call.
private struct Reply: @unchecked Sendable {
    let done: HandlerABI.Completion
    let context: UnsafeMutableRawPointer?

    func send(_ status: Int32, _ payload: [UInt8]) {
        payload.withUnsafeBufferPointer { done(context, status, $0.baseAddress, $0.count) }
    }
}
