import StepwiseHandlerABI

/// The package's entry point: the handler host calls it once after loading the library.
@_cdecl("stepwise_handlers")
public func stepwiseHandlers() -> UnsafeMutableRawPointer {
    HandlerRegistry()
        .register("activity/make-dough", makeDough)
        .register("activity/bake", bake)
        .exported()
}
