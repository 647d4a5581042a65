import StatesLanguage
import StepwiseJSON

/// A problem with what the user typed, phrased for the shell.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Execution inputs as typed at the prompt: EDN (`{:x 41 :y 1}`), JSON (`{"x":41,"y":1}`), or
/// bare pairs (`x 41 y 1`), whose keys are words, keywords or strings and whose values are
/// EDN or JSON values — a bare word value is a string (`name Ada`).
public enum InputValue {
    /// The JSON value of an execution input; empty text is `{}`.
    public static func parse(_ text: String) throws(InputError) -> JSONValue {
        let words = TopLevelWords.split(text)
        switch words.count {
        case 0: return [:]
        case 1: return try value(String(words[0]), bareWordIsString: false)
        default: return try pairs(words)
        }
    }

    /// One value: JSON when it reads as JSON, else EDN data.
    static func value(_ text: String, bareWordIsString: Bool) throws(InputError) -> JSONValue {
        if let json = try? JSONParser.parse(text) { return json }
        let edn: EDNValue
        do {
            edn = try EDNReader.read(text)
        } catch {
            let looksLikeJSON = text.contains("\":") || text.contains("\" :")
            let reason = looksLikeJSON ? jsonProblem(text) : "\(error.message) (column \(error.location.column))"
            throw InputError("`\(text)` is not EDN or JSON: \(reason)")
        }
        if case .symbol(let name) = edn {
            if bareWordIsString { return .string(name.description) }
            throw InputError("`\(text)` is not an input: write EDN {:\(text) …}, JSON {\"\(text)\": …} or pairs such as `\(text) 1`")
        }
        do {
            return try SugaredEDN.jsonData(from: edn)
        } catch {
            throw InputError("`\(text)` has no JSON form: \(error.diagnostics.map(\.message).joined(separator: "; "))")
        }
    }

    private static func jsonProblem(_ text: String) -> String {
        do {
            _ = try JSONParser.parse(text)
            return "unreadable"
        } catch {
            return "\(error)"
        }
    }

    private static func pairs(_ words: [Substring]) throws(InputError) -> JSONValue {
        guard words.count % 2 == 0 else {
            throw InputError("pairs need a value for every key: `\(words[words.count - 1])` has none")
        }
        var object = JSONObject()
        for index in stride(from: 0, to: words.count, by: 2) {
            let key = try self.key(String(words[index]))
            object[key] = try value(String(words[index + 1]), bareWordIsString: true)
        }
        return .object(object)
    }

    private static func key(_ word: String) throws(InputError) -> String {
        if word.hasPrefix("\""), case .string(let name)? = try? JSONParser.parse(word) { return name }
        if word.hasPrefix(":"), let keyword = EDNName.keyword(String(word.dropFirst())) { return keyword.description }
        if let symbol = EDNName.symbol(word), word.first?.isNumber != true { return symbol.description }
        throw InputError("`\(word)` cannot be a key: use a word (`x`), a keyword (`:x`) or a string (`\"x\"`)")
    }
}
