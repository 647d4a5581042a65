import Foundation
import StepFunctions
import StepwiseJSON

/// How a task is served, in the order the engine tries: a handler, the engine itself (nested
/// executions), a forwarder.
enum TaskService {
    case handler(TaskHandler)
    case nestedExecution
    case forwarded(any TaskForwarding)
}

/// The task registry's answers, copied for the interpreter's question (`canServe`).
struct TaskServers: Sendable {
    var handlers: [TaskHandlerKey: TaskHandler] = [:]
    var forwarder: (any TaskForwarding)?

    func service(for resource: TaskResource, parameters: JSONValue, written: String) -> TaskService? {
        if let handler = handlers[.resource(written)] { return .handler(handler) }
        switch resource {
        case .lambdaFunction(let function):
            if let handler = handlers[.lambda(function.name)] { return .handler(handler) }
        case .integration(let integration):
            if integration.service == "lambda", !integration.isSDK, integration.action == "invoke",
                let functionName = parameters["FunctionName"]?.stringValue,
                let handler = handlers[.lambda(TaskResource.lambdaFunctionName(functionName).name)]
            {
                return .handler(handler)
            }
            if let handler = handlers[.integration(integration.key)] { return .handler(handler) }
            if integration.service == "states", !integration.isSDK, integration.action == "startExecution" { return .nestedExecution }
        case .activity, .other:
            break
        }
        if let forwarder, forwarder.forwards(resource) { return .forwarded(forwarder) }
        return nil
    }
}

/// The shapes Step Functions gives task results and errors, for tasks the engine serves itself.
enum TaskShapes {
    /// Optimized integrations whose results carry the response's HTTP metadata.
    static func carriesResponseMetadata(_ integration: TaskResource.Integration) -> Bool {
        !integration.isSDK && ["lambda", "dynamodb", "sns", "sqs", "states"].contains(integration.service)
    }

    /// `SdkHttpMetadata` and `SdkResponseMetadata` as Step Functions adds them to a response.
    static func responseMetadata(contentType: String, contentLength: Int, date: Date, extraHeaders: [(String, String)] = []) -> JSONObject {
        let requestId = UUID().uuidString.lowercased()
        var headers: [(String, String)] = [
            ("Content-Length", String(contentLength)), ("Content-Type", contentType), ("Date", httpDate(date)),
            ("x-amzn-RequestId", requestId),
        ]
        headers += extraHeaders
        var all = JSONObject()
        var single = JSONObject()
        for (name, value) in headers {
            all[name] = [.string(value)]
            single[name] = .string(value)
        }
        let sortedSingle = JSONObject(uniqueKeysWithValues: single.sorted { $0.key.lowercased() < $1.key.lowercased() })
        return [
            "SdkHttpMetadata": ["AllHttpHeaders": .object(all), "HttpHeaders": .object(sortedSingle), "HttpStatusCode": 200],
            "SdkResponseMetadata": ["RequestId": .string(requestId)],
        ]
    }

    /// `lambda:invoke`'s task result around a function's result.
    static func invokeResult(_ payload: JSONValue, qualifier: String?, date: Date) -> JSONValue {
        let version = qualifier.flatMap { Int($0) }.map(String.init) ?? "$LATEST"
        var result: JSONObject = ["ExecutedVersion": .string(version), "Payload": payload]
        let length = JSONSerializer.byteCount(payload)
        for (key, value) in responseMetadata(
            contentType: "application/json", contentLength: length, date: date, extraHeaders: [("X-Amz-Executed-Version", version)])
        {
            result[key] = value
        }
        result["StatusCode"] = 200
        return .object(result)
    }

    /// An optimized integration's response with the metadata Step Functions adds.
    static func withResponseMetadata(_ response: JSONValue, service: String, date: Date) -> JSONValue {
        guard case .object(var object) = response else { return response }
        let contentType = service == "sns" ? "text/xml" : "application/x-amz-json-1.0"
        for (key, value) in responseMetadata(contentType: contentType, contentLength: JSONSerializer.byteCount(response), date: date) {
            object[key] = value
        }
        return .object(JSONObject(uniqueKeysWithValues: object.sorted { $0.key < $1.key }))
    }

    /// A Lambda function's error as Step Functions reports it: the function's error type, and
    /// the error object Lambda returns as the cause.
    static func lambdaError(_ name: String, message: String) -> (error: String, cause: String) {
        (name, JSONSerializer.string(["errorMessage": .string(message), "errorType": .string(name)]))
    }

    /// `Tue, 06 Nov 2024 12:31:47 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
