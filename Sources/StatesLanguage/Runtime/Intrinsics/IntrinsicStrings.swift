import Foundation
import StepwiseAlgorithms
import StepwiseJSON

/// The string, encoding and JSON-text intrinsics.
enum IntrinsicStrings {
    /// AWS caps the input of `States.Base64Encode`, `States.Base64Decode` and `States.Hash`.
    static let maxInputCharacters = 10_000

    /// `States.Format(template, values…)`: each `{}` takes the next value; `\{` and `\}` are
    /// literal braces. Values print as the JVM prints them (`{a=1, b=[x]}` for an object).
    static func format(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let template: String
        if case .string(_, let raw) = args.raw[0] {
            template = raw
        } else {
            template = try args.string(0)
        }
        var out = ""
        var next = 1
        var scalars = template.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            switch c {
            case "\\":
                guard let escaped = scalars.next() else { throw args.invalid }
                if !"'{}\\".unicodeScalars.contains(escaped) { out.unicodeScalars.append(c) }
                out.unicodeScalars.append(escaped)
            case "{":
                guard scalars.next() == "}", next < args.count else { throw args.invalid }
                try appendJavaText(args.values[next], to: &out, budget: args.budget)
                next += 1
            case "}":
                throw args.invalid
            default:
                out.unicodeScalars.append(c)
            }
        }
        guard next == args.count else { throw args.invalid }
        try args.budget.spend(template.utf8.count)
        return .string(out)
    }

    /// Appends how `String.valueOf` prints a value on the JVM: strings bare, lists `[a, b]`,
    /// maps `{k=v, …}`. Into one string, so that nested values are not copied once per level,
    /// paying for each value and each byte.
    static func appendJavaText(_ value: JSONValue, to out: inout String, budget: EvaluationBudget) throws(StatesError) {
        try budget.spend()
        switch value {
        case .string(let s):
            try budget.spend(s.utf8.count)
            out += s
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.description
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                try appendJavaText(item, to: &out, budget: budget)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, (key, member)) in object.enumerated() {
                if i > 0 { out += ", " }
                try budget.spend(key.utf8.count)
                out += key + "="
                try appendJavaText(member, to: &out, budget: budget)
            }
            out += "}"
        }
    }

    /// The compact JSON text of a value, paid for by its size — which is known before a byte is
    /// written, so that a huge value (`States.Array($, $, …)` shares one input many times) fails
    /// before it is built.
    static func jsonText(_ value: JSONValue, _ args: IntrinsicArguments) throws(StatesError) -> String {
        guard !JSONSize.exceeds(value, limit: max(0, args.budget.remaining)) else {
            throw StatesError.limitExceeded(.work(steps: args.budget.steps))
        }
        let text = JSONSerializer.string(value)
        try args.budget.spend(text.utf8.count)
        return text
    }

    /// `States.StringToJson(text)`: blank text is `null`, as on AWS. The result nests no deeper
    /// than the parser allows, the depth limit of all JSON data.
    static func stringToJson(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let text = try args.string(0)
        try args.budget.spend(text.utf8.count)
        if text.allSatisfy(\.isWhitespace) { return .null }
        guard let value = try? JSONParser.parse(text) else { throw args.invalid }
        return value
    }

    /// `States.StringSplit(text, delimiters)`: every character of `delimiters` splits; empty
    /// pieces are dropped (`",,a,"` → `["a"]`).
    static func split(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let text = try args.string(0)
        try args.budget.spend(text.utf8.count)
        let delimiters = Set(try args.string(1).unicodeScalars)
        var pieces: [JSONValue] = []
        var piece = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if delimiters.contains(c) {
                if !piece.isEmpty { pieces.append(.string(String(piece))) }
                piece = String.UnicodeScalarView()
            } else {
                piece.append(c)
            }
        }
        if !piece.isEmpty { pieces.append(.string(String(piece))) }
        return .array(pieces)
    }

    static func boundedString(_ args: IntrinsicArguments, _ i: Int) throws(StatesError) -> String {
        let text = try args.string(i)
        guard text.unicodeScalars.count <= maxInputCharacters else { throw args.invalid }
        return text
    }

    static func base64Encode(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        .string(Data(try boundedString(args, 0).utf8).base64EncodedString())
    }

    /// Invalid Base64 fails; padding is optional (as in Java's decoder); bytes that are not
    /// UTF-8 become U+FFFD.
    static func base64Decode(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        var text = try boundedString(args, 0)
        if text.utf8.count % 4 != 0 { text += String(repeating: "=", count: 4 - text.utf8.count % 4) }
        guard let data = Data(base64Encoded: text) else { throw args.invalid }
        return .string(String(decoding: data, as: UTF8.self))
    }

    /// `States.Hash(data, algorithm)`: lowercase hex of the UTF-8 bytes' digest. AWS hashes a
    /// non-string value by its JSON text; the algorithm name must match exactly.
    static func hash(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        let data: String
        if case .string(let s) = args.values[0] {
            data = s
        } else {
            // Only text up to the input limit can be hashed: larger values are refused unprinted.
            guard !JSONSize.exceeds(args.values[0], limit: 4 * maxInputCharacters) else { throw args.invalid }
            data = try jsonText(args.values[0], args)
        }
        guard data.unicodeScalars.count <= maxInputCharacters else { throw args.invalid }
        guard let algorithm = HashAlgorithm(rawValue: try args.string(1)) else { throw args.invalid }
        return .string(algorithm.hexDigest(Array(data.utf8)))
    }
}
