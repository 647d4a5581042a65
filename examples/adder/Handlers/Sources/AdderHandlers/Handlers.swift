import StepwiseHandlerABI

/// The package's entry point: the handler host calls it once after loading the library.
/// Each handler is registered under the activity keyword it serves, without the colon.
@_cdecl("stepwise_handlers")
public func stepwiseHandlers() -> UnsafeMutableRawPointer {
    HandlerRegistry()
        .register("activity/add", add)
        .exported()
}
