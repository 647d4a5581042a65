/// Splits command arguments into words at top-level whitespace (and commas, which EDN treats
/// as whitespace): a bracketed form `{…}`, `[…]`, `(…)` or a string `"…"` stays one word, so
/// `adder {:x 41 :y 1}` is two words and `x "a b"` is two. An unbalanced form runs to the end
/// of the text, where the EDN or JSON reader reports it precisely.
enum TopLevelWords {
    static func split(_ text: Substring) -> [Substring] {
        var words: [Substring] = []
        var start: String.Index?
        var depth = 0
        var inString = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
            } else if c == "\"" {
                inString = true
                if start == nil { start = index }
            } else if "{[(".contains(c) {
                depth += 1
                if start == nil { start = index }
            } else if "}])".contains(c) {
                depth = max(0, depth - 1)
            } else if depth == 0, c.isWhitespace || c == "," {
                if let s = start { words.append(text[s..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = text.index(after: index)
        }
        if let s = start { words.append(text[s..<text.endIndex]) }
        return words
    }

    static func split(_ text: String) -> [Substring] { split(text[...]) }
}
