import AWSSigV4
import Foundation
import StepFunctions
import StepwiseJSON

/// SNS `Publish` over the Query protocol: a form-encoded `POST /` answered with XML.
extension IntegrationForwarder {
    static let snsVersion = "2010-03-31"

    /// `sns:publish` / `aws-sdk:sns:publish`: `{MessageId, SequenceNumber?}`.
    func publish(_ call: ServiceCall) async throws -> JSONValue {
        var form = [("Action", "Publish"), ("Version", Self.snsVersion)]
        for (name, value) in WireMembers.withoutNulls(.object(call.parameters)).objectValue ?? [:] {
            switch (name, value) {
            case ("Message", _):
                // An object Message is published as its JSON text.
                form.append((name, WireMembers.text(value).stringValue ?? ""))
            case ("MessageAttributes", .object(let attributes)):
                for (index, (attribute, fields)) in attributes.enumerated() {
                    let entry = "MessageAttributes.entry.\(index + 1)"
                    form.append(("\(entry).Name", attribute))
                    for (field, fieldValue) in fields.objectValue ?? [:] {
                        form.append(("\(entry).Value.\(field)", Self.formValue(fieldValue)))
                    }
                }
            case (_, .object), (_, .array):
                throw TaskFailure.notForwarded("sns:publish takes \(name) as a string, not \(value.typeName)")
            default:
                form.append((name, Self.formValue(value)))
            }
        }
        let body = form.map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }.joined(separator: "&")
        let request = AWSHTTPRequest(
            method: .POST, path: "/", headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data(body.utf8), timeout: options.requestTimeout)
        let http = try await transport(call).send(request) {
            $0.status >= 500 || $0.status == 429 || ($0.status >= 400 && ThrottlingCodes.all.contains(ServiceFault.xml($0).code))
        }
        guard (200..<300).contains(http.status) else { throw ServiceFault.xml(http) }
        let xml = String(decoding: http.body, as: UTF8.self)
        var answer = JSONObject()
        if let messageId = XMLElements.first("MessageId", in: xml) { answer["MessageId"] = .string(messageId) }
        if let sequence = XMLElements.first("SequenceNumber", in: xml) { answer["SequenceNumber"] = .string(sequence) }
        return shaped(answer, http: http, call: call, requestId: http.requestId ?? XMLElements.first("RequestId", in: xml))
    }

    /// A scalar as a form value (numbers and booleans as their JSON text).
    private static func formValue(_ value: JSONValue) -> String {
        value.stringValue ?? JSONSerializer.string(value)
    }
}
