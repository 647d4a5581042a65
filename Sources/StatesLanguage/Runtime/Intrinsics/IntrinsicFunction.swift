import StepwiseJSON

/// A parsed intrinsic function call such as `States.Format('{} {}', $.a, States.UUID())`.
public struct IntrinsicFunction: Sendable, Hashable, CustomStringConvertible {
    public let name: IntrinsicName
    public let arguments: [IntrinsicArgument]
    /// The call as written; AWS quotes the outermost one in its causes.
    public let text: String

    public var description: String { text }

    /// Whether a `.$` value is meant as an intrinsic call rather than a path.
    public static func isCall(_ text: String) -> Bool {
        text.drop(while: { $0 == " " }).hasPrefix("States.")
    }
}

public indirect enum IntrinsicArgument: Sendable, Hashable {
    /// A quoted literal: `value` has the escapes resolved, `raw` is the text between the quotes
    /// (`States.Format` needs it to tell `{}` from an escaped `\{\}`).
    case string(value: String, raw: String)
    case number(JSONNumber)
    case boolean(Bool)
    case null
    /// `$.x`, `$$.x` or `$name.x`.
    case path(JSONPath)
    case call(IntrinsicFunction)
}

/// Every intrinsic function Step Functions has.
public enum IntrinsicName: String, Sendable, Hashable, CaseIterable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"

    /// Whether the result can be a string: what the Fail state's `ErrorPath` and `CausePath`
    /// accept (`States.ArrayGetItem` gives whatever the array holds).
    public var mayReturnString: Bool {
        switch self {
        case .format, .jsonToString, .arrayGetItem, .base64Encode, .base64Decode, .hash, .uuid: return true
        case .stringToJson, .array, .arrayPartition, .arrayContains, .arrayRange, .arrayLength, .arrayUnique, .jsonMerge,
             .mathRandom, .mathAdd, .stringSplit:
            return false
        }
    }

    /// How many arguments the function takes. AWS accepts a definition with the wrong count and
    /// fails when the call runs, so this is checked at evaluation.
    var arity: ClosedRange<Int> {
        switch self {
        case .uuid: return 0...0
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode: return 1...1
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: return 2...2
        case .arrayRange, .jsonMerge: return 3...3
        case .mathRandom: return 2...3
        case .format: return 1...Int.max
        case .array: return 0...Int.max
        }
    }
}

/// A malformed intrinsic call: what is wrong and the character offset (0-based) where.
public struct IntrinsicSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at character \(offset))" }
}
