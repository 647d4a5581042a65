/// A `StringMatches` pattern: `*` matches any run of characters (also none); `\*` is a
/// literal star and `\\` a literal backslash.
struct StringPattern: Sendable, Hashable {
    enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case anything
    }

    let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var scalars = pattern.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            switch c {
            case "\\":
                if let escaped = scalars.next() {
                    if escaped != "*" && escaped != "\\" { tokens.append(.literal(c)) }
                    tokens.append(.literal(escaped))
                } else {
                    tokens.append(.literal(c))
                }
            case "*":
                if tokens.last != .anything { tokens.append(.anything) }
            default:
                tokens.append(.literal(c))
            }
        }
        self.tokens = tokens
    }

    /// Greedy matching with a single backtrack point per star: never exponential, but text
    /// times pattern at worst, so each step is paid for.
    func matches(_ text: String, budget: EvaluationBudget) throws(StatesError) -> Bool {
        let s = Array(text.unicodeScalars)
        var t = 0, p = 0
        var starToken = -1, starText = 0
        while t < s.count {
            try budget.spend()
            if p < tokens.count, case .literal(let c) = tokens[p], c == s[t] {
                t += 1
                p += 1
            } else if p < tokens.count, tokens[p] == .anything {
                starToken = p
                starText = t
                p += 1
            } else if starToken >= 0 {
                p = starToken + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anything { p += 1 }
        return p == tokens.count
    }
}

extension String {
    /// Orders strings as the JVM's `String.compareTo` does (by UTF-16 code unit), which is how
    /// AWS orders `StringLessThan` and friends.
    static func javaOrder(_ a: String, _ b: String) -> Int {
        var i = a.utf16.makeIterator(), j = b.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?) where x != y: return x < y ? -1 : 1
            default: continue
            }
        }
    }
}
