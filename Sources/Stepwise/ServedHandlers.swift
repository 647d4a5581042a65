import Foundation
import StepFunctions
import StepwiseJSON

extension Stepwise {
    /// Serves Task resources other than activities with Swift handlers, on a backend that runs
    /// them in-process (the embedded engine): Lambda functions by name
    /// (`.lambda("my-function")`: the handler gets the function's event and returns its result,
    /// whether the state calls it through `lambda:invoke` or by its ARN), integrations by
    /// `service:action` (`.integration("dynamodb:putItem")`: the handler gets the resolved
    /// Parameters and returns the service's response), or a Resource exactly as written. The
    /// engine shapes results and errors as Step Functions does. Handlers run inside their
    /// interceptors, as activity handlers do; `remove()` on the answer stops serving them.
    @discardableResult
    public func serve(_ handlers: [TaskHandlerKey: Handler], interceptors: [Interceptor] = []) async throws -> ServedHandlers {
        guard let hosting = backend.taskHandlers else { throw StepwiseError.noTaskHandlers }
        let api = self.api
        let blobStore = self.blobStore
        for (key, handler) in handlers {
            let handler = handler.intercepted(by: interceptors)
            await hosting.registerTaskHandler(key) { request in
                var chain = handler.interceptors
                if let blobStore { chain.insert(.loadOffloaded(from: blobStore), at: 0) }
                let token = request.taskToken
                let context = TaskContext(
                    request: request.input, taskToken: token, activityArn: Self.written(request.resource),
                    sendHeartbeat: { _ = try await api.sendTaskHeartbeat(SendTaskHeartbeatInput(taskToken: token)) })
                let end = await InterceptorChain.run(chain, context: context, handler: handler)
                if let error = end.error { throw error }
                return end.response ?? .null
            }
        }
        return ServedHandlers(hosting: hosting, keys: Array(handlers.keys))
    }

    /// The Resource a task handler serves, as a state writes it.
    static func written(_ resource: TaskResource) -> String {
        switch resource {
        case .activity(let arn): return arn
        case .lambdaFunction(let function): return function.arn
        case .integration(let integration):
            return "arn:aws:states:\(integration.region ?? "")::\(integration.key)\(integration.pattern.rawValue)"
        case .other(let text): return text
        }
    }
}

/// Handlers `Stepwise.serve` registered; `remove()` stops serving them (tasks already running
/// finish with them).
public struct ServedHandlers: Sendable {
    let hosting: any TaskHandlerHosting
    public let keys: [TaskHandlerKey]

    public func remove() async {
        for key in keys { await hosting.removeTaskHandler(key) }
    }
}
