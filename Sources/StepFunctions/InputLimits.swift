/// The length limits of Step Functions' API model, counted as AWS counts them, with the
/// `ValidationException` text AWS's request layer sends.
///
/// AWS's API models are Smithy, whose `@length` on a string constrains "the number of Unicode
/// scalar values" (Smithy 2.0, constraint traits): not grapheme clusters (Swift's `count`, which
/// lets "a" followed by 100,000 combining accents pass as one character), not UTF-16 units (Java's
/// `String.length()`, which would count an emoji twice). Payloads (`input`, `output`) are the
/// exception: AWS documents them as 256 KiB of UTF-8, and they are counted in bytes where checked.
public enum InputLimits {
    /// A string's length as the API model measures it.
    public static func length(_ text: some StringProtocol) -> Int { text.unicodeScalars.count }

    /// One member of a request, with the constraints the model puts on it.
    public struct Member: Sendable {
        /// As AWS names it in messages: `error`, `tags.1.member.key`.
        var path: String
        var value: String
        var lengths: ClosedRange<Int>
        /// The model marks it sensitive: AWS leaves the value out of the message.
        var isSensitive = false
        /// The model's pattern is `\p{ASCII}*`.
        var isASCII = false

        func violations() -> [String] {
            let value = isSensitive ? "Value" : "Value '\(self.value)'"
            var found: [String] = []
            let length = InputLimits.length(self.value)
            if length > lengths.upperBound {
                found.append("\(value) at '\(path)' failed to satisfy constraint: Member must have length less than or equal to \(lengths.upperBound)")
            } else if length < lengths.lowerBound {
                found.append("\(value) at '\(path)' failed to satisfy constraint: Member must have length greater than or equal to \(lengths.lowerBound)")
            }
            if isASCII, !self.value.utf8.allSatisfy({ $0 < 0x80 }) {
                found.append(#"\#(value) at '\#(path)' failed to satisfy constraint: Member must satisfy regular expression pattern: \p{ASCII}*"#)
            }
            return found
        }
    }

    /// Throws AWS's `ValidationException` listing every violated constraint, in member order.
    static func check(_ members: [Member]) throws(StepFunctionsError) {
        let violations = members.flatMap { $0.violations() }
        guard !violations.isEmpty else { return }
        let count = violations.count == 1 ? "1 validation error detected" : "\(violations.count) validation errors detected"
        throw StepFunctionsError(.validation, "\(count): " + violations.joined(separator: "; "))
    }

    /// The `error` and `cause` that SendTaskFailure and StopExecution report.
    static func failure(error: String?, cause: String?) -> [Member] {
        let error = error.map { Member(path: "error", value: $0, lengths: 0...256, isSensitive: true) }
        let cause = cause.map { Member(path: "cause", value: $0, lengths: 0...32768, isSensitive: true) }
        return [error, cause].compactMap { $0 }
    }

    static func tags(_ tags: [Tag]?) -> [Member] {
        (tags ?? []).enumerated().flatMap { index, tag in
            [("key", tag.key, 1...128), ("value", tag.value, 0...256)].compactMap { name, value, lengths in
                value.map { Member(path: "tags.\(index + 1).member.\(name)", value: $0, lengths: lengths) }
            }
        }
    }

    static func versionDescription(_ value: String?) -> [Member] {
        value.map { [Member(path: "versionDescription", value: $0, lengths: 0...256, isSensitive: true)] } ?? []
    }

    /// An empty token, or one longer than any this engine makes, is `InvalidToken` rather than
    /// an unknown task. (The model allows 2048; a token that long cannot be one of ours either.)
    public static func checkTaskToken(_ token: String) throws(StepFunctionsError) {
        guard !token.isEmpty, length(token) <= 1024 else {
            throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
        }
    }
}

/// Requests whose members the API model limits in length; `checkLimits()` is what AWS's request
/// layer does before the operation runs.
public protocol LengthLimitedInput {
    var limitedMembers: [InputLimits.Member] { get }
}

extension LengthLimitedInput {
    public func checkLimits() throws(StepFunctionsError) { try InputLimits.check(limitedMembers) }
}

extension CreateStateMachineInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] { InputLimits.tags(tags) + InputLimits.versionDescription(versionDescription) }
}

extension UpdateStateMachineInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] { InputLimits.versionDescription(versionDescription) }
}

extension CreateActivityInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] { InputLimits.tags(tags) }
}

extension GetActivityTaskInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] {
        workerName.map { [InputLimits.Member(path: "workerName", value: $0, lengths: 1...80)] } ?? []
    }
}

extension SendTaskFailureInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] { InputLimits.failure(error: error, cause: cause) }
}

extension StopExecutionInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] { InputLimits.failure(error: error, cause: cause) }
}

extension StartExecutionInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] {
        traceHeader.map { [InputLimits.Member(path: "traceHeader", value: $0, lengths: 0...256, isASCII: true)] } ?? []
    }
}

extension TagResourceInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] { InputLimits.tags(tags) }
}

extension UntagResourceInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] {
        tagKeys.enumerated().map { InputLimits.Member(path: "tagKeys.\($0 + 1).member", value: $1, lengths: 1...128) }
    }
}
