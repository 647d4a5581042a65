import Foundation
import StepFunctions
import StepwiseEngine
import StepwiseServer
import Testing

/// Length limits counted as AWS counts them (Unicode scalar values), over the protocol layer.
@Suite struct InputLimitsTests {
    let endpoint = StepFunctionsEndpoint(backend: Engine(), credentials: .acceptAny)

    func call(_ operation: String, _ body: [String: Any]) async throws -> (status: Int, body: [String: Any]) {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let response = await endpoint.respond(to: EndpointTests.request("AWSStepFunctions.\(operation)", text))
        return (response.status, try EndpointTests.object(response))
    }

    func errorCode(_ answer: (status: Int, body: [String: Any])) -> String? {
        (answer.body["__type"] as? String)?.split(separator: "#").last.map(String.init)
    }

    /// "a" followed by `accents` combining acute accents: one grapheme cluster, 1 + accents scalars.
    static func accented(_ accents: Int) -> String { "a" + String(repeating: "\u{301}", count: accents) }

    static let role = "arn:aws:iam::123456789012:role/r"
    static let waitForever = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 99999, "End": true}}}"#

    @Test(arguments: [accented(80), accented(100_000)])
    func aNameOfOneCharacterButMoreThan80ScalarsIsInvalid(_ name: String) async throws {
        for (operation, body) in [
            ("CreateActivity", ["name": name]),
            ("CreateStateMachine", ["name": name, "definition": Self.waitForever, "roleArn": Self.role]),
        ] {
            let answer = try await call(operation, body)
            #expect(answer.status == 400)
            #expect(errorCode(answer) == "InvalidName")
        }
    }

    @Test(arguments: [accented(79), String(repeating: "🦀", count: 80)])
    func aNameOf80ScalarsIsValidWhateverItsUTF16Length(_ name: String) async throws {
        let answer = try await call("CreateActivity", ["name": name])
        #expect(answer.status == 200)
    }

    @Test func anExecutionNameIsCountedInScalars() async throws {
        let machine = try await call("CreateStateMachine", ["name": "m", "definition": Self.waitForever, "roleArn": Self.role])
        let arn = try #require(machine.body["stateMachineArn"] as? String)
        #expect(errorCode(try await call("StartExecution", ["stateMachineArn": arn, "name": Self.accented(80)])) == "InvalidName")
        #expect(try await call("StartExecution", ["stateMachineArn": arn, "name": Self.accented(79)]).status == 200)
    }

    @Test(arguments: ["\u{FFFE}", "\u{FFFF}", "\u{10FFFF}", "\u{85}", "\u{A0}", "\u{3000}", "\u{1F}"])
    func charactersAWSForbidsInNamesAreNamedByCodePoint(_ character: String) async throws {
        let answer = try await call("CreateActivity", ["name": "bad" + character + "name"])
        #expect(errorCode(answer) == "InvalidName")
        let hex = String(character.unicodeScalars.first!.value, radix: 16, uppercase: true)
        #expect((answer.body["message"] as? String)?.contains("contains 'U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "'") == true)
    }

    func runningExecution() async throws -> String {
        let machine = try await call("CreateStateMachine", ["name": "stoppable", "definition": Self.waitForever, "roleArn": Self.role])
        let started = try await call("StartExecution", ["stateMachineArn": try #require(machine.body["stateMachineArn"] as? String)])
        return try #require(started.body["executionArn"] as? String)
    }

    @Test func stopExecutionCountsErrorAndCauseInScalarsAndReportsBothViolations() async throws {
        let execution = try await runningExecution()
        let tooLong = try await call("StopExecution", ["executionArn": execution, "error": Self.accented(256), "cause": Self.accented(32768)])
        #expect(tooLong.status == 400)
        #expect(errorCode(tooLong) == "ValidationException")
        #expect(tooLong.body["message"] as? String == """
            2 validation errors detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256; \
            Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768
            """)
        // 256 scalars of two UTF-16 units each: within AWS's limit.
        let atTheLimit = try await call("StopExecution", ["executionArn": execution, "error": String(repeating: "🦀", count: 256)])
        #expect(atTheLimit.status == 200)
    }

    @Test func sendTaskFailureCountsTheErrorInScalars() async throws {
        let activity = try await call("CreateActivity", ["name": "work"])
        let activityArn = try #require(activity.body["activityArn"] as? String)
        let definition = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activityArn)", "End": true}}}"#
        let machine = try await call("CreateStateMachine", ["name": "worked", "definition": definition, "roleArn": Self.role])
        _ = try await call("StartExecution", ["stateMachineArn": try #require(machine.body["stateMachineArn"] as? String)])
        let task = try await call("GetActivityTask", ["activityArn": activityArn])
        let token = try #require(task.body["taskToken"] as? String)
        let answer = try await call("SendTaskFailure", ["taskToken": token, "error": Self.accented(256)])
        #expect(answer.body["message"] as? String
            == "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256")
        #expect(try await call("SendTaskFailure", ["taskToken": token, "error": Self.accented(255)]).status == 200)
    }

    @Test func aWorkerNameOver80ScalarsIsRefusedWithItsValue() async throws {
        let activity = try await call("CreateActivity", ["name": "polled"])
        let activityArn = try #require(activity.body["activityArn"] as? String)
        let name = Self.accented(80)
        let answer = try await call("GetActivityTask", ["activityArn": activityArn, "workerName": name])
        #expect(answer.body["message"] as? String
            == "1 validation error detected: Value '\(name)' at 'workerName' failed to satisfy constraint: Member must have length less than or equal to 80")
    }

    @Test func tagKeysAndValuesAreLimitedWhereverTagsAreGiven() async throws {
        let tags: [[String: String]] = [["key": "ok", "value": "fine"], ["key": Self.accented(128), "value": Self.accented(256)], ["key": "", "value": ""]]
        let created = try await call("CreateActivity", ["name": "tagged", "tags": tags])
        #expect(errorCode(created) == "ValidationException")
        let message = try #require(created.body["message"] as? String)
        #expect(message.hasPrefix("3 validation errors detected: Value '\(Self.accented(128))' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 128; "))
        #expect(message.contains("at 'tags.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 256"))
        #expect(message.hasSuffix("Value '' at 'tags.3.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"))

        let activity = try await call("CreateActivity", ["name": "tagged"])
        let arn = try #require(activity.body["activityArn"] as? String)
        #expect(errorCode(try await call("TagResource", ["resourceArn": arn, "tags": tags])) == "ValidationException")
        let untag = try await call("UntagResource", ["resourceArn": arn, "tagKeys": ["ok", Self.accented(128)]])
        #expect((untag.body["message"] as? String)?.contains("at 'tagKeys.2.member' failed") == true)
        #expect(try await call("TagResource", ["resourceArn": arn, "tags": [["key": Self.accented(127), "value": Self.accented(255)]]]).status == 200)
    }

    @Test func aTraceHeaderMustBeASCIIAndAtMost256Long() async throws {
        let machine = try await call("CreateStateMachine", ["name": "traced", "definition": Self.waitForever, "roleArn": Self.role])
        let arn = try #require(machine.body["stateMachineArn"] as? String)
        let answer = try await call("StartExecution", ["stateMachineArn": arn, "traceHeader": "Root=é"])
        #expect(answer.body["message"] as? String
            == #"1 validation error detected: Value 'Root=é' at 'traceHeader' failed to satisfy constraint: Member must satisfy regular expression pattern: \p{ASCII}*"#)
        #expect(errorCode(try await call("StartExecution", ["stateMachineArn": arn, "traceHeader": String(repeating: "t", count: 257)])) == "ValidationException")
    }

    @Test func aVersionDescriptionIsLimitedAndItsValueNotEchoed() async throws {
        let answer = try await call(
            "CreateStateMachine", ["name": "described", "definition": Self.waitForever, "roleArn": Self.role, "versionDescription": Self.accented(256)])
        #expect(answer.body["message"] as? String
            == "1 validation error detected: Value at 'versionDescription' failed to satisfy constraint: Member must have length less than or equal to 256")
    }

    @Test func aTaskTokenIsCountedInScalars() async throws {
        let answer = try await call("SendTaskHeartbeat", ["taskToken": Self.accented(1024)])
        #expect(errorCode(answer) == "InvalidToken")
    }

    @Test func lengthIsTheNumberOfScalars() {
        #expect(InputLimits.length(Self.accented(3)) == 4)
        #expect(InputLimits.length("🦀🦀") == 2)
        #expect(InputLimits.length("") == 0)
    }
}
