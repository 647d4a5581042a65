import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseHandlerABI
import StepwiseJSON

extension HandlerKey {
    /// The key under which the engine runs this handler; nil for an activity, which workers serve.
    /// A Lambda function given by ARN or with a qualifier is served by its name, an integration
    /// given as a Resource (`arn:aws:states:::sqs:sendMessage.waitForTaskToken`) by its
    /// `service:action`, as the engine looks them up.
    var taskHandlerKey: TaskHandlerKey? {
        switch kind {
        case .activity: return nil
        case .lambda: return .lambda(TaskResource.lambdaFunctionName(name).name)
        case .integration:
            guard case .integration(let integration) = TaskResource(name.hasPrefix("arn:") ? name : "arn:aws:states:::" + name) else {
                return .integration(name)
            }
            return .integration(integration.key)
        case .resource: return .resource(name)
        }
    }

    /// Whether this handler serves `state` of `definition` (for the bound on its calls).
    func serves(_ state: State, in definition: Definition) -> Bool {
        guard let resource = state.resource else { return false }
        guard let taskKey = taskHandlerKey else {
            return definition.activities.first { $0.keyword.description == name }?.placeholderARN == resource
        }
        return taskKey.serves(resource: resource, parameters: state.parameters ?? state.arguments)
    }
}

extension TaskHandlerKey {
    /// Whether a handler registered under this key serves a Task state's Resource, given its
    /// Parameters as written (a `lambda:invoke` names its function in them; one named through a
    /// path is known only when the state runs).
    func serves(resource written: String, parameters: JSONValue?) -> Bool {
        switch (self, TaskResource(written)) {
        case (.resource(let exact), _):
            return written == exact
        case (.lambda(let name), .lambdaFunction(let function)):
            return function.name == name
        case (.lambda(let name), .integration(let integration)):
            guard integration.service == "lambda", !integration.isSDK, integration.action == "invoke",
                let functionName = parameters?["FunctionName"]?.stringValue
            else { return false }
            return TaskResource.lambdaFunctionName(functionName).name == name
        case (.integration(let key), .integration(let integration)):
            return integration.key == key
        default:
            return false
        }
    }
}
