import StepwiseJSON

extension JSONPathParser {
    // or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | primary

    mutating func filterOr() throws(JSONPathSyntaxError) -> FilterExpression {
        var lhs = try filterAnd()
        while skipBlanksThen("||") {
            lhs = .or(lhs, try filterAnd())
        }
        return lhs
    }

    mutating func filterAnd() throws(JSONPathSyntaxError) -> FilterExpression {
        var lhs = try filterUnary()
        while skipBlanksThen("&&") {
            lhs = .and(lhs, try filterUnary())
        }
        return lhs
    }

    mutating func filterUnary() throws(JSONPathSyntaxError) -> FilterExpression {
        skipBlanks()
        filterDepth += 1
        defer { filterDepth -= 1 }
        guard filterDepth <= Self.maxFilterDepth else { throw fail("the filter nests too deeply") }
        if current == "!" && peek(1) != "=" {
            position += 1
            return .not(try filterUnary())
        }
        if current == "(" {
            position += 1
            let inner = try filterOr()
            skipBlanks()
            guard current == ")" else { throw fail("expected ')' in the filter") }
            position += 1
            return inner
        }
        let lhs = try filterOperand()
        skipBlanks()
        guard let op = try comparison() else {
            guard case .literal = lhs else { return .exists(lhs) }
            throw fail("expected a comparison operator after the literal")
        }
        skipBlanks()
        return .compare(lhs, op, try filterOperand())
    }

    mutating func comparison() throws(JSONPathSyntaxError) -> FilterComparison? {
        let start = position
        for op in [FilterComparison.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater] where matches(op.rawValue) {
            position += op.rawValue.unicodeScalars.count
            return op
        }
        if matches("=~") { throw fail("regular expressions (=~) are not supported in Step Functions paths", at: start) }
        if matches("=") { throw fail("use '==' to compare in a filter", at: start) }
        for word in ["in", "nin", "subsetof", "anyof", "noneof", "size", "empty", "contains"] where matchesWord(word) {
            throw fail("the operator '\(word)' is not supported in Step Functions paths", at: start)
        }
        return nil
    }

    mutating func filterOperand() throws(JSONPathSyntaxError) -> FilterOperand {
        let start = position
        switch current {
        case "@":
            position += 1
            return .current(try steps(inFilter: true))
        case "$":
            position += 1
            if current == "$" || (current.map(Self.isIdentifierStart) ?? false) {
                throw fail("only '@' and '$' can start a path inside a filter", at: start)
            }
            return .root(try steps(inFilter: true))
        case "'", "\"":
            return .literal(.string(try quoted()))
        case let c? where c == "-" || ("0"..."9").contains(c):
            return .literal(try numberLiteral())
        default:
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] where matchesWord(word) {
                position += word.unicodeScalars.count
                return .literal(value)
            }
            if let c = current, Self.isIdentifierStart(c) {
                while let c = current, Self.isIdentifierPart(c) { position += 1 }
                let word = String(String.UnicodeScalarView(scalars[start..<position]))
                unquotedFilterWords.append(word)
                return .literal(.string(word))
            }
            throw atEnd ? fail("the filter is not closed") : fail("unexpected '\(current!)' in the filter")
        }
    }

    mutating func numberLiteral() throws(JSONPathSyntaxError) -> JSONValue {
        let start = position
        while let c = current, c == "-" || c == "+" || c == "." || c == "e" || c == "E" || ("0"..."9").contains(c) {
            position += 1
        }
        let literal = String(String.UnicodeScalarView(scalars[start..<position]))
        guard case .number(let n)? = try? JSONParser.parse(literal) else {
            throw fail("'\(literal)' is not a number", at: start)
        }
        return .number(n)
    }

    func matches(_ token: String) -> Bool {
        var i = 0
        for s in token.unicodeScalars {
            guard peek(i) == s else { return false }
            i += 1
        }
        return true
    }

    /// `word` followed by something that cannot continue an identifier.
    func matchesWord(_ word: String) -> Bool {
        guard matches(word) else { return false }
        guard let next = peek(word.unicodeScalars.count) else { return true }
        return !Self.isIdentifierPart(next)
    }

    mutating func skipBlanksThen(_ token: String) -> Bool {
        skipBlanks()
        guard matches(token) else { return false }
        position += token.unicodeScalars.count
        return true
    }
}
