import Foundation

/// A named set of stages around a handler. `enter` stages run in order before the handler,
/// `leave` stages in reverse after it; when something throws, the `error` stages of the
/// interceptors already entered run in reverse, and one that clears `context.error` (setting a
/// response) recovers the task, after which the remaining `leave` stages run.
public struct Interceptor: Sendable {
    public typealias Stage = @Sendable (inout TaskContext) async throws -> Void

    public var name: String
    public var enter: Stage?
    public var leave: Stage?
    public var error: Stage?

    public init(name: String, enter: Stage? = nil, leave: Stage? = nil, error: Stage? = nil) {
        self.name = name
        self.enter = enter
        self.leave = leave
        self.error = error
    }
}

enum InterceptorChain {
    /// Runs the chain and the handler; returns the context as it ends (response or error).
    static func run(_ interceptors: [Interceptor], context start: TaskContext, handler: Handler) async -> TaskContext {
        var context = start
        var entered: [Interceptor] = []
        for interceptor in interceptors {
            entered.append(interceptor)
            guard let enter = interceptor.enter else { continue }
            do {
                try await enter(&context)
            } catch {
                context.error = error
                break
            }
        }
        if context.error == nil {
            do {
                context.response = try await handler.body(context.request, context)
            } catch {
                context.error = error
            }
        }
        for interceptor in entered.reversed() {
            let stage = context.error == nil ? interceptor.leave : interceptor.error
            guard let stage else { continue }
            do {
                try await stage(&context)
            } catch {
                context.error = error
            }
        }
        return context
    }
}

extension Interceptor {
    /// Sends a heartbeat every `seconds` while the handler runs, and stops when the task ends.
    public static func heartbeat(every seconds: Double) -> Interceptor {
        let key = "stepwise.heartbeat"
        let stop: Stage = { context in
            (context.attachments.removeValue(forKey: key) as? Task<Void, Never>)?.cancel()
        }
        return Interceptor(
            name: "heartbeat",
            enter: { context in
                let beat = context.sendHeartbeat
                context.attachments[key] = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                        if Task.isCancelled { break }
                        try? await beat()
                    }
                }
            },
            leave: stop, error: stop)
    }
}
