import StatesLanguage
import StepwiseJSON

/// A problem with what the user typed, phrased for the shell.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Execution inputs as typed at the prompt: EDN (`{:x 41 :y 1}`), JSON (`{"x":41,"y":1}`), or
/// bare pairs (`x 41 y 1`, or in angle brackets `<x 41 y 1>` as the shell was first specified),
/// whose keys are words, keywords or strings and whose values are EDN or JSON values — a bare
/// word value is a string (`name Ada`).
public enum InputValue {
    /// The forms an input takes, as `:help` and errors show them.
    public static let forms = #"EDN {:x 41 :y 1}, JSON {"x":41,"y":1}, or pairs x 41 y 1 / <x 41 y 1>"#

    /// The JSON value of an execution input; empty text (or `<>`) is `{}`. An error ends with
    /// the accepted forms.
    public static func parse(_ text: String) throws(InputError) -> JSONValue {
        do {
            return try read(text.trimmingLeadingWhitespace.trimmingTrailingWhitespace[...])
        } catch {
            throw InputError(error.message + "\nan input is " + forms)
        }
    }

    private static func read(_ text: Substring) throws(InputError) -> JSONValue {
        guard text.hasPrefix("<") else { return try unbracketed(text) }
        guard text.count >= 2, text.hasSuffix(">") else {
            throw InputError("`\(excerpt(text))` opens pairs with `<` but does not close them with `>`")
        }
        let inside = text.dropFirst().dropLast()
        // One level only: `<` inside is a key or a value, and nesting cannot recurse without end.
        guard !inside.drop(while: \.isWhitespace).hasPrefix("<") else {
            throw InputError("`\(excerpt(text))` nests angle brackets; pairs take one pair of them: <x 41 y 1>")
        }
        return try unbracketed(inside)
    }

    private static func unbracketed(_ text: Substring) throws(InputError) -> JSONValue {
        let words = TopLevelWords.split(text)
        switch words.count {
        case 0: return [:]
        case 1: return try value(String(words[0]), bareWordIsString: false)
        default: return try pairs(words)
        }
    }

    /// At most the first 60 characters of what was typed, for messages about a long input.
    static func excerpt<S: StringProtocol>(_ text: S) -> String {
        text.count <= 60 ? String(text) : String(text.prefix(60)) + "… (\(text.count) characters)"
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
            throw InputError("`\(excerpt(text))` is not EDN or JSON: \(reason)")
        }
        if case .symbol(let name) = edn {
            if bareWordIsString { return .string(name.description) }
            throw InputError("`\(excerpt(text))` is not an input by itself: a word is a key, and wants a value after it")
        }
        do {
            return try SugaredEDN.jsonData(from: edn)
        } catch {
            throw InputError("`\(excerpt(text))` has no JSON form: \(error.diagnostics.map(\.message).joined(separator: "; "))")
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
            throw InputError("pairs need a value for every key: `\(excerpt(words[words.count - 1]))` has none")
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
        throw InputError("`\(excerpt(word))` cannot be a key: use a word (`x`), a keyword (`:x`) or a string (`\"x\"`)")
    }
}
