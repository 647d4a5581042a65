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
        var pattern: Pattern?
        /// The length to check when it is not the value's own (a list's count).
        var measuredLength: Int?
        /// For a number (written in `value`): the values the model allows; lengths then do not apply.
        var allowedValues: ClosedRange<Double>?

        func violations() -> [String] {
            let value = isSensitive ? "Value" : "Value '\(self.value)'"
            if let allowedValues, let number = Double(self.value) {
                if number > allowedValues.upperBound {
                    return ["\(value) at '\(path)' failed to satisfy constraint: Member must have value less than or equal to \(Member.bound(allowedValues.upperBound))"]
                }
                if number < allowedValues.lowerBound {
                    return ["\(value) at '\(path)' failed to satisfy constraint: Member must have value greater than or equal to \(Member.bound(allowedValues.lowerBound))"]
                }
                return []
            }
            var found: [String] = []
            let length = measuredLength ?? InputLimits.length(self.value)
            if length > lengths.upperBound {
                found.append("\(value) at '\(path)' failed to satisfy constraint: Member must have length less than or equal to \(lengths.upperBound)")
            } else if length < lengths.lowerBound {
                found.append("\(value) at '\(path)' failed to satisfy constraint: Member must have length greater than or equal to \(lengths.lowerBound)")
            }
            if let pattern, !pattern.matches(self.value) {
                found.append("\(value) at '\(path)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern.text)")
            }
            return found
        }

        /// A numeric member (`maxConcurrency`, `weight`) and the values the model allows.
        static func number(path: String, _ value: some Numeric & CustomStringConvertible, allowed: ClosedRange<Double>) -> Member {
            Member(path: path, value: value.description, lengths: 0...Int.max, allowedValues: allowed)
        }

        /// Whole bounds are written without a fraction, as AWS writes them.
        private static func bound(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
    }

    /// A regular expression of the API model, with a check equivalent to it.
    public struct Pattern: Sendable {
        let text: String
        let matches: @Sendable (String) -> Bool

        static let ascii = Pattern(text: #"\p{ASCII}*"#) { $0.utf8.allSatisfy { $0 < 0x80 } }
        /// Printable ASCII without the space (client tokens).
        static let visibleASCII = Pattern(text: "[!-~]+") { !$0.isEmpty && $0.utf8.allSatisfy { (0x21...0x7E).contains($0) } }
        /// Alias names: letters, digits, `_`, `-` and `.`, not digits only (so never a version number).
        static let aliasName = Pattern(text: #"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"#) { name in
            let digits: ClosedRange<UInt8> = 0x30...0x39
            let allowed = { (byte: UInt8) in
                digits.contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || "_-.".utf8.contains(byte)
            }
            return !name.isEmpty && name.utf8.allSatisfy(allowed) && !name.utf8.allSatisfy { digits.contains($0) }
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

    static func versionDescription(_ value: String?, path: String = "versionDescription") -> [Member] {
        value.map { [Member(path: path, value: $0, lengths: 0...256, isSensitive: true)] } ?? []
    }

    /// An alias's routing: one or two versions, each with a weight from 0 to 100. AWS quotes a
    /// list of the wrong length as Java prints it.
    static func routing(_ routing: [RoutingConfigurationListItem]?) -> [Member] {
        guard let routing else { return [] }
        let printed = "[" + routing.map { "RoutingConfigurationListItem(stateMachineVersionArn=\($0.stateMachineVersionArn), weight=\($0.weight))" }
            .joined(separator: ", ") + "]"
        let list = Member(path: "routingConfiguration", value: printed, lengths: 1...2, measuredLength: routing.count)
        return [list] + routing.enumerated().map { index, item in
            Member.number(path: "routingConfiguration.\(index + 1).member.weight", item.weight, allowed: 0...100)
        }
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
        traceHeader.map { [InputLimits.Member(path: "traceHeader", value: $0, lengths: 0...256, pattern: .ascii)] } ?? []
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

extension PublishStateMachineVersionInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] { InputLimits.versionDescription(description, path: "description") }
}

extension CreateStateMachineAliasInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] {
        InputLimits.versionDescription(description, path: "description")
            + [InputLimits.Member(path: "name", value: name, lengths: 1...80, pattern: .aliasName)] + InputLimits.routing(routingConfiguration)
    }
}

extension UpdateStateMachineAliasInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] {
        InputLimits.versionDescription(description, path: "description") + InputLimits.routing(routingConfiguration)
    }
}

extension RedriveExecutionInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] {
        clientToken.map { [InputLimits.Member(path: "clientToken", value: $0, lengths: 1...64, pattern: .visibleASCII)] } ?? []
    }
}

extension UpdateMapRunInput: LengthLimitedInput {
    public var limitedMembers: [InputLimits.Member] {
        [
            maxConcurrency.map { InputLimits.Member.number(path: "maxConcurrency", $0, allowed: 0...Double.infinity) },
            toleratedFailurePercentage.map { InputLimits.Member.number(path: "toleratedFailurePercentage", $0, allowed: 0...100) },
            toleratedFailureCount.map { InputLimits.Member.number(path: "toleratedFailureCount", $0, allowed: 0...Double.infinity) },
        ].compactMap { $0 }
    }
}
