import Foundation
import StepFunctions
import StepwiseJSON
import Testing

/// The AWS JSON 1.0 conventions: how request bodies decode (and how they fail, with AWS's
/// errors), dates as epoch seconds, and error bodies both ways.
@Suite struct WireCodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ body: String) throws(StepFunctionsError) -> T {
        try WireCoding.decodeRequest(type, from: Data(body.utf8))
    }

    @Test func anEmptyBodyIsAnEmptyObject() throws {
        #expect(try decode(ListActivitiesInput.self, "").maxResults == nil)
    }

    @Test func membersDecodeByTheirAPINames() throws {
        let input = try decode(
            SendTaskFailureInput.self, #"{"taskToken": "t", "error": "my.app/oops", "cause": "it broke", "unknownMember": 1}"#)
        #expect(input == SendTaskFailureInput(taskToken: "t", error: "my.app/oops", cause: "it broke"))
    }

    @Test func aMissingRequiredMemberIsAValidationError() {
        let error = #expect(throws: StepFunctionsError.self) { try decode(CreateActivityInput.self, "{}") }
        #expect(error?.code == .validation)
        #expect(error?.message == "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")
    }

    @Test func anExplicitNullIsAValidationError() {
        let error = #expect(throws: StepFunctionsError.self) { try decode(CreateActivityInput.self, #"{"name": null}"#) }
        #expect(error?.code == .validation)
        #expect(error?.message.contains("Value null at 'name'") == true)
    }

    @Test func aWrongTypeIsASerializationErrorNamingThePath() {
        let error = #expect(throws: StepFunctionsError.self) {
            try decode(TagResourceInput.self, #"{"resourceArn": "a", "tags": [{"key": "k", "value": 7}]}"#)
        }
        #expect(error?.code == .serialization)
        #expect(error?.message.hasPrefix("Unexpected value type at 'tags.[0].value'") == true)
    }

    @Test(arguments: [#"{"name": "#, "[]", "not json", #"{"name": "a"} trailing"#])
    func unreadableBodiesAreSerializationErrors(_ body: String) {
        let error = #expect(throws: StepFunctionsError.self) { try decode(CreateActivityInput.self, body) }
        #expect(error?.code == .serialization)
    }

    @Test func datesTravelAsEpochSeconds() throws {
        let output = StartExecutionOutput(executionArn: "arn", startDate: Date(timeIntervalSince1970: 1_700_000_000.25))
        let text = String(decoding: try WireCoding.encode(output), as: UTF8.self)
        #expect(try JSONParser.parse(text) == ["executionArn": "arn", "startDate": 1_700_000_000.25])
        #expect(try WireCoding.decode(StartExecutionOutput.self, from: Data(text.utf8)) == output)
    }

    @Test func historyEventsCarryTheirDetailsUnderTheTypesMember() throws {
        let event = HistoryEvent(
            timestamp: Date(timeIntervalSince1970: 1), type: .taskStateEntered, id: 2, previousEventId: 1,
            details: ["name": "Work"])
        let text = String(decoding: try WireCoding.encode(event), as: UTF8.self)
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object["stateEnteredEventDetails"] == ["name": "Work"])
        #expect(try WireCoding.decode(HistoryEvent.self, from: Data(text.utf8)) == event)
        // An event type newer than this list of details keys still decodes its details.
        let newer = #"{"timestamp": 1, "type": "TaskStarted", "id": 3, "somethingNewEventDetails": {"a": 1}}"#
        #expect(try WireCoding.decode(HistoryEvent.self, from: Data(newer.utf8)).details == ["a": 1])
    }

    @Test func errorBodiesHaveAWSsShape() throws {
        let body = WireCoding.errorBody(StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: 'x'"))
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: String])
        #expect(object == ["__type": "com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", "message": "Execution Does Not Exist: 'x'"])
    }

    @Test(arguments: [
        (#"{"__type": "com.amazonaws.swf.service.v2.model#InvalidArn", "message": "bad"}"#, 400, "InvalidArn", "bad"),
        (#"{"__type": "ThrottlingException:http://internal", "Message": "slow"}"#, 400, "ThrottlingException", "slow"),
        (#"{"code": "ActivityDoesNotExist", "message": "gone"}"#, 400, "ActivityDoesNotExist", "gone"),
        ("<html>bad gateway</html>", 502, "InternalFailure", "<html>bad gateway</html>"),
        ("{}", 404, "UnknownError", "{}"),
    ])
    func errorBodiesAreReadInEverySpellingPeersUse(_ body: String, status: Int, code: String, message: String) {
        let error = WireCoding.error(fromBody: Data(body.utf8), httpStatus: status)
        #expect(error.code.rawValue == code)
        #expect(error.message == message)
        #expect(error.httpStatus == status)
    }
}
