import AWSSigV4
import Foundation
import StepFunctions
import StepwiseJSON

/// Lambda's `Invoke` (REST-JSON: `POST /2015-03-31/functions/NAME/invocations`, the payload as
/// the body, the rest in headers), as `lambda:invoke` and a function ARN Resource call it.
extension IntegrationForwarder {
    /// `arn:aws:states:::lambda:invoke`: the Invoke envelope `{ExecutedVersion, Payload,
    /// StatusCode}` with the response metadata.
    func invoke(_ call: ServiceCall) async throws -> JSONValue {
        let parameters = call.parameters
        guard let functionName = parameters["FunctionName"]?.stringValue, !functionName.isEmpty else {
            throw TaskFailure.notForwarded("lambda:invoke needs a FunctionName parameter")
        }
        // A string Payload is the request body itself; JSON otherwise; none is an empty event.
        let body: String
        switch parameters["Payload"] {
        case nil, .null?: body = "{}"
        case .string(let text)?: body = text
        case let payload?: body = JSONSerializer.string(payload)
        }
        var headers: [HTTPHeader] = []
        for (parameter, header) in [("InvocationType", "X-Amz-Invocation-Type"), ("LogType", "X-Amz-Log-Type"), ("ClientContext", "X-Amz-Client-Context")] {
            if let value = parameters[parameter]?.stringValue { headers.append(HTTPHeader(header, value)) }
        }
        let http = try await invocation(call, function: functionName, qualifier: parameters["Qualifier"]?.stringValue, body: body, headers: headers)
        if let error = Self.functionError(http, compact: true) { throw error }
        var envelope = JSONObject()
        if let version = http.headers.first(name: "x-amz-executed-version") { envelope["ExecutedVersion"] = .string(version) }
        if let log = http.headers.first(name: "x-amz-log-result") { envelope["LogResult"] = .string(log) }
        envelope["Payload"] = Self.payload(http.body)
        envelope["StatusCode"] = .number(http.status)
        return shaped(envelope, http: http, call: call)
    }

    /// A Lambda function ARN as the Resource: invoked with the effective input, its bare result
    /// is the task's result.
    func invokeFunction(_ function: TaskResource.LambdaFunction, _ call: ServiceCall) async throws -> JSONValue {
        let http = try await invocation(call, function: function.arn, qualifier: nil, body: JSONSerializer.string(call.request.input), headers: [])
        // This path passes the function's error body through as Lambda sent it.
        if let error = Self.functionError(http, compact: false) { throw error }
        return Self.payload(http.body)
    }

    private func invocation(_ call: ServiceCall, function: String, qualifier: String?, body: String, headers: [HTTPHeader]) async throws -> AWSHTTPResponse {
        let request = AWSHTTPRequest(
            method: .POST, path: "/2015-03-31/functions/\(URIEncoding.encode(function))/invocations",
            query: qualifier.map { "Qualifier=" + URIEncoding.encode($0) } ?? "",
            headers: [HTTPHeader("Content-Type", "application/json")] + headers, body: Data(body.utf8), timeout: options.requestTimeout)
        let http = try await transport(call).send(request, shouldRetry: \.isTransientJSONAnswer)
        guard (200..<300).contains(http.status) else { throw ServiceFault.json(http) }
        return http
    }

    /// The function's own failure (`X-Amz-Function-Error`): its `errorType` names the error
    /// (`Lambda.Unknown` when it gives none, as for a crash) and its error object is the cause,
    /// re-serialized compactly by `lambda:invoke`, passed through as sent for a function ARN.
    static func functionError(_ http: AWSHTTPResponse, compact: Bool) -> TaskFailure? {
        guard http.headers.first(name: "x-amz-function-error") != nil else { return nil }
        let text = String(decoding: http.body, as: UTF8.self)
        let error = try? JSONParser.parse(Array(http.body))
        let name = error?["errorType"]?.stringValue ?? "Lambda.Unknown"
        return TaskFailure(name, cause: compact ? error.map { JSONSerializer.string($0) } ?? text : text)
    }

    /// The function's response as JSON; an answer that is not JSON as its text (an `Event`
    /// invocation answers with an empty body).
    static func payload(_ body: Data) -> JSONValue {
        (try? JSONParser.parse(Array(body))) ?? .string(String(decoding: body, as: UTF8.self))
    }
}
